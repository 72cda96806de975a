import { useRef } from 'react';
import { type LatLng, pin, tileUrl } from '../shared/map/base-map';
import { usePinMap } from '../shared/map/use-pin-map';

interface Props {
  center: LatLng;
  value?: LatLng;
  onChange: (at: LatLng) => void;
  offlineLabel: string;
}

/** Leaflet map to drop the report's pin; loaded lazily so the form itself stays small. */
export default function MapPicker({ center, value, onChange, offlineLabel }: Props) {
  const el = useRef<HTMLDivElement>(null);
  // the tenant's centre stays marked while the citizen moves the pin
  usePinMap(el, { value, center, onChange, decorate: (m) => pin(center, '#1d4ed8', 5).addTo(m) });

  return (
    <div className="cg-map-wrap">
      <div ref={el} className="cg-map" data-testid="report-map" />
      {!tileUrl() && <span className="cg-map-note">{offlineLabel}</span>}
    </div>
  );
}
