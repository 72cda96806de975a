import L from 'leaflet';
import { useEffect, useRef } from 'react';
import { createBaseMap, DEFAULT_CENTER, pin, textContent } from '../../shared/map/base-map';
import type { Grid } from '../types';

/** One patrol's trace on the map, over the tenant's grids; start and end pins (tooltips are DOM text nodes). */
export default function PatrolMap({
  trace,
  grids,
  labels,
}: {
  trace: { lat: number; lng: number; at: string }[];
  grids: Grid[];
  labels: { start: string; end: string };
}) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const first = trace[0] ?? DEFAULT_CENTER;
    const map = createBaseMap(el.current, first, 16);
    for (const g of grids) {
      const ring = g.polygon?.coordinates[0];
      if (!ring) continue;
      L.polygon(
        ring.map(([lng, lat]) => [lat, lng] as [number, number]),
        { color: '#1d4ed8', weight: 1, fillOpacity: 0.05 },
      )
        .bindTooltip(textContent(g.name))
        .addTo(map);
    }
    if (trace.length > 0) {
      const line = L.polyline(
        trace.map((p) => [p.lat, p.lng] as [number, number]),
        { color: '#d4380d', weight: 4, className: 'cg-patrol-trace' },
      ).addTo(map);
      pin(trace[0] as { lat: number; lng: number }, '#16a34a')
        .bindTooltip(textContent(labels.start))
        .addTo(map);
      pin(trace.at(-1) as { lat: number; lng: number }, '#d4380d')
        .bindTooltip(textContent(labels.end))
        .addTo(map);
      map.fitBounds(line.getBounds(), { padding: [24, 24], maxZoom: 18 });
    }
    return () => {
      map.remove();
    };
  }, [trace, grids, labels]);
  return <div ref={el} data-testid="patrol-map" style={{ height: 360, width: '100%' }} />;
}
