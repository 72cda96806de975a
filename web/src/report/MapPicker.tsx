import { useEffect, useRef } from 'react';
import { createBaseMap, type L, type LatLng, pin, tileUrl } from '../shared/map/base-map';

interface Props {
  center: LatLng;
  value?: LatLng;
  onChange: (at: LatLng) => void;
  offlineLabel: string;
}

/** Leaflet map to drop the report's pin; loaded lazily so the form itself stays small. */
export default function MapPicker({ center, value, onChange, offlineLabel }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const change = useRef(onChange);
  change.current = onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once; the effect below moves the pin
  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, value ?? center, 16);
    pin(center, '#1d4ed8', 5).addTo(m);
    m.on('click', (e: L.LeafletMouseEvent) => change.current({ lat: e.latlng.lat, lng: e.latlng.lng }));
    map.current = m;
    return () => {
      m.remove();
      map.current = null;
      marker.current = null;
    };
  }, []);

  useEffect(() => {
    const m = map.current;
    if (!m) return;
    marker.current?.remove();
    marker.current = value ? pin(value).addTo(m) : null;
    if (value) m.panTo([value.lat, value.lng]);
  }, [value]);

  return (
    <div className="cg-map-wrap">
      <div ref={el} className="cg-map" data-testid="report-map" />
      {!tileUrl() && <span className="cg-map-note">{offlineLabel}</span>}
    </div>
  );
}
