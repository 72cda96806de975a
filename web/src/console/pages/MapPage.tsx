import { Alert, Card, Checkbox, Select, Space, Tag } from 'antd';
import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
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
import { type LayerPoint, layerColours, loadLayer, type MapLayer, mapLayers } from '../things/types';
import type { Grid } from '../types';

const GridMap = lazy(() => import('../components/GridMap'));
const OPEN_STEPS = ['reported', 'registered', 'dispatched', 'handled', 'verified'];

/** Which layers a role may read (the API answers 403 otherwise). */
function readableLayers(roles: readonly string[]): MapLayer[] {
  const things = roles.some((r) => ['tenant_admin', 'dispatcher', 'grid_worker', 'department', 'leader'].includes(r));
  const orgs = roles.some((r) => ['tenant_admin', 'dispatcher', 'grid_worker', 'leader'].includes(r));
  return mapLayers.filter((l) => (l === 'organisations' ? orgs : things));
}

/**
 * 网格地图: every grid coloured by its open and overdue cases, the open cases as pins, and the 部件, camera and
 * organisation layers (toggled, narrowed to one grid).
 */
export default function MapPage() {
  const t = useT();
  const navigate = useNavigate();
  const { tenant, roles } = useSession();
  const reference = useReference();
  const available = useMemo(() => readableLayers(roles), [roles]);
  const [shown, setShown] = useState<MapLayer[]>(available);
  const [gridCode, setGridCode] = useState<string | undefined>();
  const layers = useLoad(
    async () => (await Promise.all(available.map((layer) => loadLayer(layer, gridCode)))).flat(),
    [available, gridCode],
  );
  const points = useMemo(() => (layers.data ?? []).filter((p) => shown.includes(p.layer)), [layers.data, shown]);
  const onPoint = useCallback((point: LayerPoint) => point.href && navigate(point.href), [navigate]);
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
      <Space wrap style={{ marginBottom: 12 }}>
        <Checkbox.Group
          data-testid="map-layers"
          value={shown}
          onChange={(v) => setShown(v as MapLayer[])}
          options={available.map((layer) => ({
            value: layer,
            label: (
              <span data-testid={`map-layer-${layer}`}>
                <Tag color={layerColours[layer]}>{t(`map.layer.${layer}`)}</Tag>
              </span>
            ),
          }))}
        />
        <Select
          allowClear
          data-testid="map-grid"
          style={{ width: 260 }}
          placeholder={t('map.allGrids')}
          value={gridCode}
          onChange={setGridCode}
          options={reference.grids.map((g) => ({ value: g.code, label: `${g.name} (${g.code})` }))}
        />
      </Space>
      {error || layers.error ? (
        <Alert type="error" title={errorText(error ?? layers.error, t)} style={{ marginBottom: 16 }} />
      ) : null}
      <Suspense fallback={<PageLoading />}>
        <GridMap
          grids={reference.grids}
          stats={stats}
          cases={cases}
          center={tenant?.location}
          label={label}
          onCase={onCase}
          points={points}
          onPoint={onPoint}
        />
      </Suspense>
    </Card>
  );
}
