import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { Link } from 'react-router';
import { useT } from '../i18n';
import { type CaseItem, extensionStatus } from '../types';
import { CaseFlags } from './CaseFlags';
import { Countdown, useWorkingCalendar } from './Countdown';
import { DeadlineTag } from './DeadlineTag';
import { StepTag } from './StepTag';
import { categoryName, gridName, type Reference } from './useReference';

interface Props {
  items: CaseItem[];
  loading?: boolean;
  reference: Reference;
}

/** A worklist as cards: readable on a grid worker's phone. Each card has `data-testid="case-row-<id>"`. */
export function CaseCards({ items, loading, reference }: Props) {
  const t = useT();
  const calendar = useWorkingCalendar();
  return (
    <List
      loading={loading}
      dataSource={items}
      locale={{ emptyText: <Empty description={t('common.empty')} /> }}
      grid={{ gutter: 12, xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 4 }}
      renderItem={(c) => (
        <List.Item>
          <Link
            to={`/cases/${encodeURIComponent(c.id)}`}
            data-testid={`case-row-${c.id}`}
            data-deadline={c.deadline ?? ''}
          >
            <Card size="small" hoverable title={c.number ?? c.trackingCode ?? c.id} extra={<StepTag step={c.step} />}>
              <CaseFlags item={c} />
              <Typography.Paragraph ellipsis={{ rows: 2 }} style={{ marginBottom: 8 }}>
                {c.description}
              </Typography.Paragraph>
              <Space size={4} wrap>
                {c.categoryCode && <Tag>{categoryName(reference, c.categoryCode)}</Tag>}
                {c.gridCode && <Tag>{gridName(reference, c.gridCode)}</Tag>}
                {extensionStatus(c) === 'pending' && <Tag color="gold">{t('case.extension')}</Tag>}
                {c.parked && <Tag color="purple">{t('case.parked')}</Tag>}
              </Space>
              {c.address && (
                <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
                  {c.address}
                </Typography.Paragraph>
              )}
              <Space size={4} wrap style={{ marginTop: 8 }}>
                <DeadlineTag item={c} />
                <Countdown item={c} calendar={calendar} />
              </Space>
            </Card>
          </Link>
        </List.Item>
      )}
    />
  );
}
