import { Alert, App, Button, Card, Checkbox, Input, Modal, Select, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ALL_STEPS, stepKey } from '../../shared/steps';
import { getFile } from '../api';
import { useSession } from '../auth';
import { type BulkResult, bulkAction, listCases } from '../cases';
import { CaseTable } from '../components/CaseTable';
import { downloadBlob } from '../components/csv';
import { errorText } from '../components/errors';
import { useLoad } from '../components/useLoad';
import { departmentName, useReference } from '../components/useReference';
import { useT } from '../i18n';
import { hasRole } from '../permissions';

const PAGE_SIZE = 20;

/** All cases with step / grid / category filters and cursor paging (a stack of cursors for "previous"). */
export default function CaseListPage() {
  const t = useT();
  const { roles } = useSession();
  const reference = useReference();
  const [filters, setFilters] = useState<{
    step?: string;
    gridCode?: string;
    categoryCode?: string;
    supervised?: string;
    /** 协办: the cases the caller's department assists */
    assisting?: string;
    /** free text, tracking code, case number or phone (searched over the subtree) */
    q?: string;
    overdue?: string;
    departmentId?: string;
    /** reported on or after / before these China days (`YYYY-MM-DD`) */
    fromDay?: string;
    toDay?: string;
  }>({});
  const { message } = App.useApp();
  const [selected, setSelected] = useState<Array<{ id: string; version?: number }>>([]);
  const [dispatchTo, setDispatchTo] = useState<string | undefined>();
  const [bulkOpen, setBulkOpen] = useState<'dispatch' | 'close' | undefined>();
  const [bulkResults, setBulkResults] = useState<BulkResult[] | undefined>();
  const canBulk = hasRole(roles, 'dispatcher', 'tenant_admin');
  const departmentOnly = hasRole(roles, 'department') && !hasRole(roles, 'dispatcher', 'tenant_admin', 'leader');
  const [cursors, setCursors] = useState<(string | undefined)[]>([undefined]);
  const cursor = cursors[cursors.length - 1];
  // a KPI drill-down links here with the cohort behind its row: department, due window, tenant
  const [params, setParams] = useSearchParams();
  const cohort = {
    departmentId: params.get('departmentId') ?? undefined,
    dueFrom: params.get('dueFrom') ?? undefined,
    dueTo: params.get('dueTo') ?? undefined,
    tenantId: params.get('tenantId') ?? undefined,
  };
  // only what the link named: an absent key must not blank out the page's own department filter
  const cohortQuery = Object.fromEntries(Object.entries(cohort).filter(([, v]) => v !== undefined));
  const inCohort = cohort.dueFrom !== undefined || cohort.dueTo !== undefined || cohort.departmentId !== undefined;
  const cohortKey = params.toString();
  const query = serverQuery(filters);
  const { data, error, loading, reload } = useLoad(
    () => listCases({ ...query, ...cohortQuery, cursor, limit: PAGE_SIZE }),
    [filters, cursor, cohortKey],
  );

  // 协办 is the department's own queue: it does not combine with anything else
  const setFilter = (key: keyof typeof filters, value?: string) => {
    setFilters((f) => (key === 'assisting' ? { [key]: value } : { ...f, assisting: undefined, [key]: value }));
    setCursors([undefined]);
    setSelected([]);
  };

  async function exportXlsx() {
    try {
      const { blob, fileName } = await getFile('/api/cases-export', { ...query, ...cohortQuery });
      downloadBlob(fileName ?? 'cases.xlsx', blob);
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  async function runBulk(action: 'dispatch' | 'close') {
    try {
      const res = await bulkAction(action, selected, action === 'dispatch' ? { departmentId: dispatchTo } : {});
      setBulkResults(res.results);
      message.info(t('list.bulkDone', { done: res.done, failed: res.failed }));
      setBulkOpen(undefined);
      setSelected([]);
      reload();
    } catch (e) {
      message.error(errorText(e, t));
    }
  }

  const numberOf = (id: string) => data?.items.find((c) => c.id === id)?.number ?? id;

  return (
    <Card
      title={t('nav.cases')}
      extra={
        hasRole(roles, 'grid_worker', 'dispatcher', 'tenant_admin') && (
          <Link to="/cases/new" data-testid="cases-new">
            {t('case.new')}
          </Link>
        )
      }
    >
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          allowClear
          placeholder={t('case.step')}
          style={{ width: 140 }}
          value={filters.step}
          onChange={(v) => setFilter('step', v)}
          options={ALL_STEPS.map((s) => ({ value: s, label: t(stepKey(s)) }))}
          data-testid="filter-step"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('case.grid')}
          style={{ width: 200 }}
          value={filters.gridCode}
          onChange={(v) => setFilter('gridCode', v)}
          options={reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
          data-testid="filter-grid"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('case.category')}
          style={{ width: 180 }}
          value={filters.categoryCode}
          onChange={(v) => setFilter('categoryCode', v)}
          options={reference.categories.map((c) => ({ value: c.code, label: c.name }))}
          data-testid="filter-category"
        />
        {departmentOnly ? (
          <Checkbox
            checked={filters.assisting === 'true'}
            onChange={(e) => setFilter('assisting', e.target.checked ? 'true' : undefined)}
            data-testid="filter-assisting"
          >
            {t('list.assistingOnly')}
          </Checkbox>
        ) : (
          <>
            <Checkbox
              checked={filters.supervised === 'true'}
              onChange={(e) => setFilter('supervised', e.target.checked ? 'true' : undefined)}
              data-testid="filter-supervised"
            >
              {t('list.supervisedOnly')}
            </Checkbox>
            <Input.Search
              allowClear
              placeholder={t('list.search')}
              style={{ width: 260 }}
              maxLength={40}
              onSearch={(v) => setFilter('q', v.trim() || undefined)}
              data-testid="filter-q"
            />
            <Checkbox
              checked={filters.overdue === 'true'}
              onChange={(e) => setFilter('overdue', e.target.checked ? 'true' : undefined)}
              data-testid="filter-overdue"
            >
              {t('list.overdueOnly')}
            </Checkbox>
            <Select
              allowClear
              showSearch={{ optionFilterProp: 'label' }}
              placeholder={t('list.department')}
              style={{ width: 180 }}
              value={filters.departmentId}
              onChange={(v) => setFilter('departmentId', v)}
              options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
              data-testid="filter-department"
            />
            <Space size={4}>
              <span>{t('list.dateRange')}</span>
              <Input
                type="date"
                style={{ width: 150 }}
                value={filters.fromDay ?? ''}
                onChange={(e) => setFilter('fromDay', e.target.value || undefined)}
                data-testid="filter-from"
              />
              <Input
                type="date"
                style={{ width: 150 }}
                value={filters.toDay ?? ''}
                onChange={(e) => setFilter('toDay', e.target.value || undefined)}
                data-testid="filter-to"
              />
            </Space>
          </>
        )}
        <Button onClick={exportXlsx} data-testid="cases-export">
          {t('list.export')}
        </Button>
      </Space>
      {canBulk && selected.length > 0 && (
        <Space style={{ marginBottom: 16 }} data-testid="bulk-bar">
          <Tag>{t('list.selected', { count: selected.length })}</Tag>
          <Button onClick={() => setBulkOpen('dispatch')} data-testid="bulk-dispatch">
            {t('list.bulkDispatch')}
          </Button>
          <Button onClick={() => setBulkOpen('close')} data-testid="bulk-close">
            {t('list.bulkClose')}
          </Button>
        </Space>
      )}
      <Modal
        open={bulkOpen !== undefined}
        title={bulkOpen === 'dispatch' ? t('list.bulkDispatch') : t('list.bulkClose')}
        onCancel={() => setBulkOpen(undefined)}
        onOk={() => bulkOpen && runBulk(bulkOpen)}
        okButtonProps={{
          disabled: bulkOpen === 'dispatch' && !dispatchTo,
          // biome-ignore lint/suspicious/noExplicitAny: antd's button props take data attributes
          ...({ 'data-testid': 'bulk-confirm' } as any),
        }}
        destroyOnHidden
      >
        <p>{t('list.selected', { count: selected.length })}</p>
        {bulkOpen === 'dispatch' && (
          <Select
            style={{ width: '100%' }}
            placeholder={t('list.bulkDepartment')}
            value={dispatchTo}
            onChange={setDispatchTo}
            options={reference.departments.map((d) => ({ value: d.id, label: d.name }))}
            data-testid="bulk-department"
          />
        )}
      </Modal>
      {bulkResults && (
        <Alert
          type={bulkResults.every((r) => r.ok) ? 'success' : 'warning'}
          closable
          onClose={() => setBulkResults(undefined)}
          style={{ marginBottom: 16 }}
          data-testid="bulk-results"
          title={t('list.bulkResult')}
          description={
            <Table<BulkResult>
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={bulkResults}
              columns={[
                { title: t('case.number'), dataIndex: 'id', render: (id: string) => numberOf(id) },
                {
                  title: t('case.step'),
                  key: 'outcome',
                  render: (_, r) =>
                    r.ok ? (
                      <Tag color="green" data-testid={`bulk-ok-${r.id}`}>
                        {t('list.bulkOk')}
                      </Tag>
                    ) : (
                      <Tag color="red" data-testid={`bulk-failed-${r.id}`}>
                        {r.error?.message ?? r.status}
                      </Tag>
                    ),
                },
              ]}
            />
          }
        />
      )}
      {inCohort ? (
        <Alert
          type="info"
          style={{ marginBottom: 16 }}
          data-testid="cases-cohort"
          title={`${t('case.cohort')}: ${cohort.departmentId ? `${params.get('unit') ?? departmentName(reference, cohort.departmentId)} · ` : ''}${t(
            'case.cohort.text',
            { from: cohort.dueFrom ?? '…', to: cohort.dueTo ?? '…' },
          )}`}
          action={
            <Button
              size="small"
              onClick={() => {
                setParams({});
                setCursors([undefined]);
              }}
              data-testid="cases-cohort-clear"
            >
              {t('case.cohort.clear')}
            </Button>
          }
        />
      ) : null}
      {error ? <Alert type="error" title={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <CaseTable
        items={data?.items ?? []}
        loading={loading}
        reference={reference}
        {...(canBulk
          ? {
              selectedIds: selected.map((x) => x.id),
              onSelect: (rows) => setSelected(rows.map((r) => ({ id: r.id, version: r.version }))),
            }
          : {})}
      />
      <Space style={{ marginTop: 16 }}>
        <Button
          disabled={cursors.length <= 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
          data-testid="cases-prev"
        >
          {t('common.prev')}
        </Button>
        <Button
          disabled={!data?.cursor}
          onClick={() => data?.cursor && setCursors((c) => [...c, data.cursor])}
          data-testid="cases-next"
        >
          {t('common.next')}
        </Button>
      </Space>
    </Card>
  );
}

/**
 * The list request of the chosen filters: the step / grid / category filters read the tenant's own indexes; the
 * search, flags, department and dates read the maintained list index (scope=subtree), where the server serves a
 * combination from one index or refuses it with a 400 that names it (shown above the table).
 */
function serverQuery(f: {
  step?: string;
  gridCode?: string;
  categoryCode?: string;
  supervised?: string;
  assisting?: string;
  q?: string;
  overdue?: string;
  departmentId?: string;
  fromDay?: string;
  toDay?: string;
}): Record<string, string | undefined> {
  const { fromDay, toDay, ...rest } = f;
  const from = fromDay ? `${fromDay}T00:00:00+08:00` : undefined;
  const to = toDay ? `${toDay}T23:59:59.999+08:00` : undefined;
  const indexed =
    f.q !== undefined ||
    f.supervised !== undefined ||
    f.overdue !== undefined ||
    f.departmentId !== undefined ||
    from ||
    to;
  return { ...rest, from, to, ...(indexed && f.assisting === undefined ? { scope: 'subtree' } : {}) };
}
