import { Alert, Button, Card, Checkbox, Input, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { ALL_STEPS, stepKey } from '../../shared/steps';
import { useSession } from '../auth';
import { listCases } from '../cases';
import { CaseTable } from '../components/CaseTable';
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
  }>({});
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
  const inCohort = cohort.dueFrom !== undefined || cohort.dueTo !== undefined || cohort.departmentId !== undefined;
  const cohortKey = params.toString();
  const { data, error, loading } = useLoad(
    () => listCases({ ...filters, ...(filters.q ? { scope: 'subtree' } : {}), ...cohort, cursor, limit: PAGE_SIZE }),
    [filters, cursor, cohortKey],
  );

  // the 督办, 协办 and search lists are their own indexes: they do not combine with the step / grid / category filters
  const alone: ReadonlyArray<keyof typeof filters> = ['supervised', 'assisting', 'q'];
  const setFilter = (key: keyof typeof filters, value?: string) => {
    setFilters((f) =>
      alone.includes(key)
        ? { [key]: value }
        : { ...f, supervised: undefined, assisting: undefined, q: undefined, [key]: value },
    );
    setCursors([undefined]);
  };

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
          </>
        )}
      </Space>
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
      <CaseTable items={data?.items ?? []} loading={loading} reference={reference} />
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
