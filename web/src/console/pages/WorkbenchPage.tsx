import { Alert, Badge, Button, Tabs, type TabsProps } from 'antd';
import { useSession } from '../auth';
import { listAllCases } from '../cases';
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
}

const OPEN_STEPS = ['registered', 'dispatched', 'handled'];
const stepItems = (step: string, extra: Record<string, string> = {}) => listAllCases({ step, ...extra }, 3);

/**
 * Which worklists each role gets. The server scopes lists (a department sees its own cases only); `overdue=true`
 * is a server filter, pending extensions are picked client-side from the dispatched cases.
 */
const WORKLISTS: Worklist[] = [
  { id: 'inbox', label: 'worklist.inbox', roles: ['dispatcher', 'tenant_admin'], load: () => stepItems('reported') },
  {
    id: 'to-dispatch',
    label: 'worklist.toDispatch',
    roles: ['dispatcher', 'tenant_admin'],
    load: () => stepItems('registered'),
  },
  { id: 'todo', label: 'worklist.todo', roles: ['department'], load: () => stepItems('dispatched') },
  { id: 'to-verify', label: 'worklist.toVerify', roles: ['grid_worker'], load: () => stepItems('handled') },
  {
    id: 'to-close',
    label: 'worklist.toClose',
    roles: ['dispatcher', 'tenant_admin'],
    load: () => stepItems('verified'),
  },
  {
    id: 'overdue',
    label: 'worklist.overdue',
    roles: ['leader', 'tenant_admin'],
    load: async () =>
      (await Promise.all(OPEN_STEPS.map((s) => stepItems(s, { overdue: 'true' })))).flat().filter((c) => isOverdue(c)),
  },
  {
    id: 'extensions',
    label: 'worklist.extensions',
    roles: ['leader', 'tenant_admin'],
    load: async () => (await stepItems('dispatched')).filter((c) => extensionStatus(c) === 'pending'),
  },
];

function WorklistPane({ list }: { list: Worklist }) {
  const t = useT();
  const reference = useReference();
  const { data, error, loading, reload } = useLoad(list.load, [list]);
  return (
    <div data-testid={`worklist-${list.id}`}>
      <Button size="small" onClick={reload} style={{ marginBottom: 12 }} data-testid={`worklist-${list.id}-refresh`}>
        {t('common.refresh')}
      </Button>
      {error ? <Alert type="error" title={errorText(error, t)} /> : null}
      <CaseCards items={data ?? []} loading={loading} reference={reference} />
    </div>
  );
}

/** 工作台: the worklists of the user's roles, one tab each. */
export default function WorkbenchPage() {
  const t = useT();
  const { roles } = useSession();
  const lists = WORKLISTS.filter((w) => hasRole(roles, ...w.roles));
  const items: TabsProps['items'] = lists.map((w) => ({
    key: w.id,
    label: <span data-testid={`tab-${w.id}`}>{t(w.label)}</span>,
    children: <WorklistPane list={w} />,
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
