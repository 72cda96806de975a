import type { Polygon } from 'geojson';
import { useEffect, useRef } from 'react';
import { createBaseMap, DEFAULT_CENTER, L, type LatLng, pin } from '../../shared/map/base-map';
import type { Grid } from '../types';

interface Props {
  /** The corners drawn so far. */
  corners: LatLng[];
  /** True once the ring is closed: drawn as a polygon, clicks add no more corners. */
  closed: boolean;
  /** The tenant's grids, drawn as faint outlines for orientation (not clickable). */
  others: Grid[];
  /** The boundary being replaced (a redraw): dashed, and the map moves to it. */
  replacing?: Polygon;
  onAdd: (p: LatLng) => void;
  /** Clicking the first corner again closes the ring (as the 闭合 button does). */
  onClose: () => void;
  center?: LatLng;
  height?: number;
}

const DRAW_COLOR = '#1d4ed8';

/** Click to add corners of a grid boundary: markers and a live polyline, no plugin. Default export: lazy. */
export default function DrawMap({ corners, closed, others, replacing, onAdd, onClose, center, height = 380 }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const context = useRef<L.LayerGroup | null>(null);
  const drawing = useRef<L.LayerGroup | null>(null);
  const fitted = useRef(false);
  const handlers = useRef({ onAdd, onClose, closed });
  handlers.current = { onAdd, onClose, closed };

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once; the effects below redraw
  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, center ?? DEFAULT_CENTER, 15);
    m.doubleClickZoom.disable(); // quick clicks add corners, they do not zoom
    el.current.classList.add('cg-draw-map');
    context.current = L.layerGroup().addTo(m);
    drawing.current = L.layerGroup().addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => {
      if (!handlers.current.closed) handlers.current.onAdd({ lat: e.latlng.lat, lng: e.latlng.lng });
    });
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  // the other grids (faint) and the boundary being replaced (dashed); the view fits them once, and on a redraw
  useEffect(() => {
    const m = map.current;
    const group = context.current;
    if (!m || !group) return;
    group.clearLayers();
    const outlines = L.featureGroup().addTo(group);
    for (const g of others) {
      if (!g.polygon) continue;
      L.geoJSON(g.polygon, {
        interactive: false,
        style: { color: '#64748b', weight: 1, opacity: 0.6, fillOpacity: 0.04 },
      }).addTo(outlines);
    }
    const old = replacing
      ? L.geoJSON(replacing, {
          interactive: false,
          style: { color: '#fa8c16', weight: 2, dashArray: '6 4', fillOpacity: 0.06 },
        }).addTo(group)
      : undefined;
    const bounds = old?.getBounds() ?? outlines.getBounds();
    if (old || (!fitted.current && bounds.isValid())) {
      if (bounds.isValid()) m.fitBounds(bounds, { padding: [24, 24], maxZoom: 17 });
      fitted.current = true;
    }
  }, [others, replacing]);

  // the drawing: a polyline while open (a polygon once closed), a marker per corner
  useEffect(() => {
    const group = drawing.current;
    if (!group) return;
    group.clearLayers();
    const latlngs = corners.map((p) => L.latLng(p.lat, p.lng));
    if (closed) L.polygon(latlngs, { color: DRAW_COLOR, weight: 3, fillOpacity: 0.2, interactive: false }).addTo(group);
    else if (latlngs.length > 1) L.polyline(latlngs, { color: DRAW_COLOR, weight: 3, interactive: false }).addTo(group);
    corners.forEach((p, i) => {
      const marker = pin(p, i === 0 ? '#d4380d' : DRAW_COLOR, i === 0 ? 7 : 5);
      marker.options.bubblingMouseEvents = false;
      if (i === 0) marker.on('click', () => handlers.current.onClose());
      marker.addTo(group);
    });
  }, [corners, closed]);

  return (
    <div
      ref={el}
      style={{ height, borderRadius: 8, border: '1px solid #e5e7eb' }}
      data-testid="grid-draw-map"
      data-corners={corners.length}
      data-closed={closed ? 'true' : 'false'}
    />
  );
}
