import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { useEffect, useRef } from 'react';
import { createBaseMap, DEFAULT_CENTER, L, type LatLng, pin, textContent } from '../../shared/map/base-map';
import { type LayerPoint, layerColours } from '../things/types';
import type { CaseItem, Grid } from '../types';

export interface GridStats {
  open: number;
  overdue: number;
}

interface Props {
  grids: Grid[];
  stats: Record<string, GridStats>;
  cases: (CaseItem & { isOverdue: boolean })[];
  center?: LatLng;
  label: (grid: Grid, s: GridStats) => string;
  onCase: (id: string) => void;
  /** 部件, cameras and organisations shown on top (each pin has the class `cg-layer-<layer>`) */
  points?: LayerPoint[];
  onPoint?: (point: LayerPoint) => void;
}

const CASES_PANE = 'cg-cases';
const LAYERS_PANE = 'cg-layers';

export const colorFor = (s?: GridStats) => (s?.overdue ? '#cf1322' : s?.open ? '#fa8c16' : '#389e0d');

/** Grid polygons coloured by open / overdue cases, with a pin per open case. Default export: lazy. */
export default function GridMap({ grids, stats, cases, center, label, onCase, points, onPoint }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const layer = useRef<L.LayerGroup | null>(null);

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once; the effect below redraws data
  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, center ?? DEFAULT_CENTER, 14);
    map.current = m;
    // case pins above the 部件 / camera / organisation layers (both above the grid polygons)
    m.createPane(CASES_PANE).style.zIndex = '460';
    m.createPane(LAYERS_PANE).style.zIndex = '450';
    layer.current = L.layerGroup().addTo(m);
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    const group = layer.current;
    if (!m || !group) return;
    group.clearLayers();
    const features: Feature<Polygon, Grid>[] = grids
      .filter((g) => g.polygon)
      .map((g) => ({ type: 'Feature', geometry: g.polygon as Polygon, properties: g }));
    const fc: FeatureCollection<Polygon, Grid> = { type: 'FeatureCollection', features };
    const polygons = L.geoJSON(fc, {
      style: (f) => {
        const c = colorFor(f ? stats[f.properties.code] : undefined);
        return { color: c, weight: 2, fillColor: c, fillOpacity: 0.2 };
      },
      onEachFeature: (f, l) => {
        const g = f.properties as Grid;
        // a DOM node, never a string: Leaflet would parse a string as HTML (grid names are tenant data)
        l.bindTooltip(() => textContent(label(g, stats[g.code] ?? { open: 0, overdue: 0 })), { sticky: true });
      },
    }).addTo(group);
    for (const c of cases) {
      if (!c.location) continue;
      pin(c.location, c.isOverdue ? '#cf1322' : '#1d4ed8', 7, { pane: CASES_PANE })
        // the citizen's own words: text in a DOM node, never HTML
        .bindTooltip(() => textContent(c.description?.slice(0, 40) ?? c.id))
        .on('click', () => onCase(c.id))
        .addTo(group);
    }
    for (const point of points ?? []) {
      pin(point.location, layerColours[point.layer], 6, { pane: LAYERS_PANE, className: `cg-layer-${point.layer}` })
        // names and codes are tenant data: a DOM text node, never HTML
        .bindTooltip(() => textContent(point.label))
        .on('click', () => onPoint?.(point))
        .addTo(group);
    }
    const bounds = polygons.getBounds();
    for (const c of cases) if (c.location) bounds.extend([c.location.lat, c.location.lng]);
    if (bounds.isValid()) m.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
  }, [grids, stats, cases, label, onCase, points, onPoint]);

  return (
    <div ref={el} style={{ height: 'calc(100vh - 220px)', minHeight: 360, borderRadius: 8 }} data-testid="grid-map" />
  );
}
