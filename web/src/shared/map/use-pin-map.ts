import { type RefObject, useEffect, useRef } from 'react';
import { type BaseMapOptions, createBaseMap, type L, type LatLng, pin } from './base-map';

/**
 * A map with one movable pin, shared by the citizen form and the console: created once on `el`, a click reports
 * the point to `onChange`, and the pin follows `value`. `decorate` adds fixed layers (e.g. the tenant's centre).
 */
export function usePinMap(
  el: RefObject<HTMLDivElement | null>,
  options: {
    value?: LatLng;
    center: LatLng;
    onChange?: (at: LatLng) => void;
    decorate?: (map: L.Map) => void;
  } & BaseMapOptions,
): RefObject<L.Map | null> {
  const map = useRef<L.Map | null>(null);
  const marker = useRef<L.CircleMarker | null>(null);
  const change = useRef(options.onChange);
  change.current = options.onChange;

  // biome-ignore lint/correctness/useExhaustiveDependencies: the map is created once; the effect below moves the pin
  useEffect(() => {
    if (!el.current) return;
    const m = createBaseMap(el.current, options.value ?? options.center, 16, {
      source: options.source,
      ...(options.onOffline ? { onOffline: options.onOffline } : {}),
    });
    options.decorate?.(m);
    m.on('click', (e: L.LeafletMouseEvent) => change.current?.({ lat: e.latlng.lat, lng: e.latlng.lng }));
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
    marker.current = options.value ? pin(options.value).addTo(m) : null;
    if (options.value) m.panTo([options.value.lat, options.value.lng]);
  }, [options.value]);
  return map;
}
