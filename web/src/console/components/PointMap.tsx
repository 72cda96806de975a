import { useEffect, useRef } from 'react';
import { createBaseMap, DEFAULT_CENTER, type L, type LatLng, pin } from '../../shared/map/base-map';

interface Props {
  value?: LatLng;
  center?: LatLng;
  onChange?: (at: LatLng) => void;
  height?: number;
  testId?: string;
}

/** One pin on the map; clickable to move it when `onChange` is given. Default export: loaded lazily. */
export default function PointMap({ value, center, onChange, height = 260, testId = 'case-map' }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const change = useRef(onChange);
  change.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once; the effect below moves the pin
  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, value ?? center ?? DEFAULT_CENTER, 16);
    m.on('click', (e: L.LeafletMouseEvent) => change.current?.({ lat: e.latlng.lat, lng: e.latlng.lng }));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    marker.current?.remove();
    marker.current = value ? pin(value).addTo(m) : null;
    if (value) m.panTo([value.lat, value.lng]);
  }, [value]);

  return <div ref={el} style={{ height, borderRadius: 8, border: '1px solid #e5e7eb' }} data-testid={testId} />;
}
