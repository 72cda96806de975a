import { Alert, Card, Space, Tag } from 'antd';
import { lazy, Suspense, useCallback, useMemo } from 'react';
import { useNavigate } from 'react-router';
import { useSession } from '../auth';
import { listAllCases } from '../cases';
import { isOverdue } from '../components/DeadlineTag';
import { errorText } from '../components/errors';
import type { GridStats } from '../components/GridMap';
import { PageLoading } from '../components/PageLoading';
import { useLoad } from '../components/useLoad';
import { useReference } from '../components/useReference';
import { useT } from '../i18n';
import type { Grid } from '../types';

const GridMap = lazy(() => import('../components/GridMap'));
const OPEN_STEPS = ['reported', 'registered', 'dispatched', 'handled', 'verified'];

/** 网格地图: every grid coloured by its open and overdue cases, and the open cases as pins. */
export default function MapPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tenant } = useSession();
  const reference = useReference();
  const { data, error } = useLoad(
    async () => (await Promise.all(OPEN_STEPS.map((step) => listAllCases({ step })))).flat(),
    [],
  );
  const cases = useMemo(() => (data ?? []).map((c) => ({ ...c, isOverdue: isOverdue(c) })), [data]);

  // Counts from the grid itself when the API sends them, else from the open cases we loaded.
  const stats = useMemo(() => {
    const out: Record<string, GridStats> = {};
    for (const g of reference.grids) {
      if (g.openCount !== undefined) out[g.code] = { open: g.openCount, overdue: g.overdueCount ?? 0 };
    }
    for (const c of cases) {
      if (!c.gridCode || reference.grids.find((g) => g.code === c.gridCode)?.openCount !== undefined) continue;
      const s = out[c.gridCode] ?? { open: 0, overdue: 0 };
      s.open += 1;
      if (c.isOverdue) s.overdue += 1;
      out[c.gridCode] = s;
    }
    return out;
  }, [cases, reference.grids]);

  const label = useCallback(
    (g: Grid, s: GridStats) =>
      `${g.name} (${g.code}) · ${t('map.open', { n: s.open })} · ${t('map.overdue', { n: s.overdue })}`,
    [t],
  );
  const onCase = useCallback((id: string) => navigate(`/cases/${encodeURIComponent(id)}`), [navigate]);

  return (
    <Card
      title={t('nav.map')}
      extra={
        <Space size={4} wrap>
          <Tag color="#cf1322">{t('map.legendOverdue')}</Tag>
          <Tag color="#fa8c16">{t('map.legendOpen')}</Tag>
          <Tag color="#389e0d">{t('map.legendClear')}</Tag>
        </Space>
      }
    >
      {error ? <Alert type="error" title={errorText(error, t)} style={{ marginBottom: 16 }} /> : null}
      <Suspense fallback={<PageLoading />}>
        <GridMap
          grids={reference.grids}
          stats={stats}
          cases={cases}
          center={tenant?.location}
          label={label}
          onCase={onCase}
        />
      </Suspense>
    </Card>
  );
}
