import { Table, type TableProps, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useNavigate } from 'react-router';
import { useT } from '../i18n';
import type { CaseItem } from '../types';
import { CaseFlags } from './CaseFlags';
import { DeadlineTag, formatTime } from './DeadlineTag';
import { StepTag } from './StepTag';
import { categoryName, gridName, type Reference } from './useReference';

interface Props {
  items: CaseItem[];
  loading?: boolean;
  reference: Reference;
  /** with these two, rows get checkboxes (bulk actions) */
  selectedIds?: string[];
  onSelect?: (rows: CaseItem[]) => void;
}

/** Cases as a table; a row opens the case. Each row has `data-testid="case-row-<id>"`. */
export function CaseTable({ items, loading, reference, selectedIds, onSelect }: Props) {
  const t = useT();
  const navigate = useNavigate();
  const columns: TableProps<CaseItem>['columns'] = [
    {
      title: t('case.number'),
      dataIndex: 'id',
      width: 160,
      render: (id: string, c) => c.number ?? c.trackingCode ?? id,
    },
    { title: t('case.flags'), key: 'flags', width: 120, render: (_, c) => <CaseFlags item={c} /> },
    {
      title: t('case.description'),
      dataIndex: 'description',
      ellipsis: true,
      render: (d?: string) => <Typography.Text>{d}</Typography.Text>,
    },
    { title: t('case.category'), dataIndex: 'categoryCode', render: (c?: string) => categoryName(reference, c) },
    { title: t('case.grid'), dataIndex: 'gridCode', render: (g?: string) => gridName(reference, g) },
    { title: t('case.step'), dataIndex: 'step', width: 100, render: (s: string) => <StepTag step={s} /> },
    { title: t('case.deadline'), key: 'deadline', render: (_, c) => <DeadlineTag item={c} /> },
    { title: t('case.created'), dataIndex: 'createdAt', width: 170, render: (d?: string) => formatTime(d) },
  ];
  return (
    <Table<CaseItem>
      rowKey="id"
      size="middle"
      loading={loading}
      columns={columns}
      dataSource={items}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="case-table"
      {...(onSelect
        ? {
            rowSelection: {
              selectedRowKeys: selectedIds ?? [],
              onChange: (_keys: React.Key[], rows: CaseItem[]) => onSelect(rows),
              getCheckboxProps: (c: CaseItem) => ({ 'data-testid': `select-${c.id}` }) as never,
            },
          }
        : {})}
      onRow={(c) =>
        ({
          'data-testid': `case-row-${c.id}`,
          style: { cursor: 'pointer' },
          onClick: (e: { target: EventTarget | null }) => {
            // the selection checkbox selects, it does not open the case
            if (e.target instanceof Element && e.target.closest('.ant-table-selection-column')) return;
            navigate(`/cases/${encodeURIComponent(c.id)}`);
          },
        }) as HTMLAttributes<HTMLElement>
      }
    />
  );
}
