import { Alert, Badge, Button, Segmented, Space, Tabs, type TabsProps } from 'antd';
import { useState } from 'react';
import { useSession } from '../auth';
import { listAllCases, type WorklistCounts, worklistCounts } from '../cases';
import { CaseCards } from '../components/CaseCards';
import { isOverdue } from '../components/DeadlineTag';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { WarningWorklist } from '../early-warnings/WarningWorklist';
import { type ConsoleT, useT } from '../i18n';
import { hasRole } from '../permissions';
import { type CaseItem, extensionStatus, type Role } from '../types';

interface Worklist {
  id: string;
  label: Parameters<ConsoleT>[0];
  roles: Role[];
  load: () => Promise<CaseItem[]>;
  /** the maintained counter behind the tab's number (`GET /api/worklists/counts`) */
  count: keyof WorklistCounts;
}

/** Soonest deadline first; cases without a running clock last, newest first among them. */
export function byDeadline(a: CaseItem, b: CaseItem): number {
  const da = a.deadline && !a.parked ? Date.parse(a.deadline) : Number.POSITIVE_INFINITY;
  const db = b.deadline && !b.parked ? Date.parse(b.deadline) : Number.POSITIVE_INFINITY;
  if (da !== db) return da < db ? -1 : 1;
  return (b.createdAt ?? '').localeCompare(a.createdAt ?? '');
}

const stepItems = (step: string, extra: Record<string, string> = {}) => listAllCases({ step, ...extra }, 3);

/**
 * Which worklists each role gets. The server scopes lists (a department sees its own cases only); `overdue=true`
 * is a server filter, pending extensions are picked client-side from the dispatched cases.
 */
const WORKLISTS: Worklist[] = [
  {
    id: 'inbox',
    label: 'worklist.inbox',
    roles: ['dispatcher', 'tenant_admin'],
    load: () => stepItems('reported'),
    count: 'reported',
  },
  {
    id: 'to-dispatch',
    label: 'worklist.toDispatch',
    roles: ['dispatcher', 'tenant_admin'],
    load: () => stepItems('registered'),
    count: 'registered',
  },
  {
    id: 'todo',
    label: 'worklist.todo',
    roles: ['department'],
    load: () => stepItems('dispatched'),
    count: 'dispatched',
  },
  {
    id: 'to-verify',
    label: 'worklist.toVerify',
    roles: ['grid_worker'],
    load: () => stepItems('handled'),
    count: 'handled',
  },
  {
    id: 'to-close',
    label: 'worklist.toClose',
    roles: ['dispatcher', 'tenant_admin'],
    load: () => stepItems('verified'),
    count: 'verified',
  },
  {
    id: 'overdue',
    label: 'worklist.overdue',
    roles: ['leader', 'tenant_admin'],
    // the office's own overdue queue (the list index's view, the same cases the tab's counter counts)
    load: async () => (await listAllCases({ overdue: 'true' }, 3)).filter((c) => isOverdue(c)),
    count: 'overdue',
  },
  {
    id: 'extensions',
    label: 'worklist.extensions',
    roles: ['leader', 'tenant_admin'],
    load: async () => (await stepItems('dispatched')).filter((c) => extensionStatus(c) === 'pending'),
    count: 'extensionPending',
  },
];

function WorklistPane({ list, onRefresh }: { list: Worklist; onRefresh: () => void }) {
  const t = useT();
  const reference = useReference();
  const { data, error, loading, reload } = useLoad(list.load, [list]);
  const [sort, setSort] = useState<'newest' | 'deadline'>('newest');
  const items = sort === 'deadline' ? [...(data ?? [])].sort(byDeadline) : (data ?? []);
  return (
    <div data-testid={`worklist-${list.id}`}>
      <Space style={{ marginBottom: 12 }} wrap>
        <Button
          size="small"
          onClick={() => {
            reload();
            onRefresh();
          }}
          data-testid={`worklist-${list.id}-refresh`}
        >
          {t('common.refresh')}
        </Button>
        <Segmented
          size="small"
          value={sort}
          onChange={(v) => setSort(v as 'newest' | 'deadline')}
          options={[
            { value: 'newest', label: t('worklist.sortNewest') },
            {
              value: 'deadline',
              label: <span data-testid={`worklist-${list.id}-sort-deadline`}>{t('worklist.sortDeadline')}</span>,
            },
          ]}
        />
      </Space>
      {error ? <Alert type="error" title={errorText(error, t)} /> : null}
      <CaseCards items={items} loading={loading} reference={reference} />
    </div>
  );
}

/** 工作台: the worklists of the user's roles, one tab each. */
export default function WorkbenchPage() {
  const t = useT();
  const { roles } = useSession();
  const lists = WORKLISTS.filter((w) => hasRole(roles, ...w.roles));
  // the tab numbers: one read of the maintained counters (never a count of loaded pages)
  const counts = useLoad(worklistCounts, []);
  const items: TabsProps['items'] = lists.map((w) => ({
    key: w.id,
    label: (
      <span data-testid={`tab-${w.id}`}>
        {t(w.label)}{' '}
        <Badge
          count={counts.data?.[w.count] ?? 0}
          showZero
          overflowCount={9999}
          color={w.count === 'overdue' ? 'red' : '#1677ff'}
          data-testid={`tab-count-${w.id}`}
          data-count={counts.data?.[w.count] ?? ''}
        />
      </span>
    ),
    children: <WorklistPane list={w} onRefresh={counts.reload} />,
  }));
  // early warnings (emergencies first) on the centre's and the leaders' workbench
  if (hasRole(roles, 'dispatcher', 'leader', 'tenant_admin')) {
    items.push({
      key: 'warnings',
      label: <span data-testid="tab-warnings">{t('worklist.warnings')}</span>,
      children: <WarningWorklist />,
    });
  }
  if (!items.length) return <Badge status="default" text={t('common.empty')} />;
  return <Tabs items={items} destroyOnHidden />;
}
