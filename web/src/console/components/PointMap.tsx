import { useRef } from 'react';
import { DEFAULT_CENTER, type LatLng } from '../../shared/map/base-map';
import { usePinMap } from '../../shared/map/use-pin-map';

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
  usePinMap(el, { value, center: center ?? DEFAULT_CENTER, onChange });

  return <div ref={el} style={{ height, borderRadius: 8, border: '1px solid #e5e7eb' }} data-testid={testId} />;
}
