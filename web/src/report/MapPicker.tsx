import { useEffect, useRef, useState } from 'react';
import { L, type LatLng, type MapSource, pin, textContent } from '../shared/map/base-map';
import { usePinMap } from '../shared/map/use-pin-map';
import type { ReportT } from './i18n';
import { tenantLayer } from './tenant-layers';

interface Props {
  slug: string;
  center: LatLng;
  value?: LatLng;
  onChange: (at: LatLng) => void;
  source?: MapSource | undefined;
  t: ReportT;
}

/**
 * Leaflet map to drop the report's pin; loaded lazily so the form itself stays small. The office's grid outlines
 * are always drawn; without tiles (none configured, or the tile server unreachable) its buildings join them as
 * the offline vector map.
 */
export default function MapPicker({ slug, center, value, onChange, source, t }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const [offline, setOffline] = useState(false);
  const fitted = useRef(false);
  const pinned = useRef(value);
  pinned.current = value;
  // the tenant's centre stays marked while the citizen moves the pin
  const map = usePinMap(el, {
    value,
    center,
    onChange,
    source,
    onOffline: () => setOffline(true),
    decorate: (m) => pin(center, '#1d4ed8', 5).addTo(m),
  });

  useEffect(() => {
    let layer: L.LayerGroup | undefined;
    let live = true;
    tenantLayer(slug, 'grids')
      .then((grids) => {
        if (!live || !map.current) return;
        layer = L.layerGroup().addTo(map.current);
        for (const grid of grids) {
          if (grid.geometry.type !== 'Polygon') continue;
          const ring = (grid.geometry.coordinates[0] ?? []).map(([lng, lat]) => [lat, lng] as [number, number]);
          L.polygon(ring, {
            className: 'cg-grid-outline',
            color: '#1d4ed8',
            weight: 2,
            fillOpacity: offline ? 0.12 : 0.04,
          })
            .bindTooltip(textContent(grid.properties.name), { sticky: true })
            .addTo(layer);
        }
        // no pin yet: show the office's whole area once, so the citizen sees where its grids are
        const bounds = L.featureGroup(layer.getLayers()).getBounds();
        if (!fitted.current && !pinned.current && bounds.isValid()) map.current.fitBounds(bounds, { padding: [8, 8] });
        fitted.current = true;
      })
      .catch(() => undefined); // the outlines are a help, not a condition of reporting
    return () => {
      live = false;
      layer?.remove();
    };
  }, [slug, offline, map]);

  useEffect(() => {
    if (!offline) return;
    let layer: L.LayerGroup | undefined;
    let live = true;
    tenantLayer(slug, 'buildings')
      .then((buildings) => {
        if (!live || !map.current) return;
        layer = L.layerGroup().addTo(map.current);
        for (const b of buildings) {
          if (b.geometry.type !== 'Point') continue;
          const [lng, lat] = b.geometry.coordinates;
          if (lng === undefined || lat === undefined) continue;
          L.circleMarker([lat, lng], {
            className: 'cg-building',
            radius: 5,
            color: '#475569',
            weight: 1,
            fillColor: '#94a3b8',
            fillOpacity: 0.9,
          })
            .bindTooltip(textContent(b.properties.name))
            .addTo(layer);
        }
      })
      .catch(() => undefined);
    return () => {
      live = false;
      layer?.remove();
    };
  }, [slug, offline, map]);

  return (
    <div className="cg-map-wrap">
      {source?.geocoder && <AddressSearch geocoderKey={source.geocoder.key} onFound={onChange} t={t} />}
      <div ref={el} className="cg-map" data-testid="report-map" data-offline={offline ? 'true' : 'false'} />
      {offline && (
        <span className="cg-map-note" data-testid="report-map-offline">
          {t('report.mapFallback')}
        </span>
      )}
    </div>
  );
}

/** Address search through 天地图's geocoder (its coordinates are CGCS2000, i.e. WGS-84 for our purposes). */
function AddressSearch({
  geocoderKey,
  onFound,
  t,
}: {
  geocoderKey: string;
  onFound: (at: LatLng) => void;
  t: ReportT;
}) {
  const [query, setQuery] = useState('');
  const [missing, setMissing] = useState(false);
  async function search() {
    setMissing(false);
    const ds = encodeURIComponent(JSON.stringify({ keyWord: query.trim() }));
    try {
      const res = await fetch(`https://api.tianditu.gov.cn/geocoder?ds=${ds}&tk=${encodeURIComponent(geocoderKey)}`);
      const body = (await res.json()) as { status?: string; location?: { lon?: number; lat?: number } };
      const { lon, lat } = body.location ?? {};
      if (body.status === '0' && typeof lon === 'number' && typeof lat === 'number') onFound({ lat, lng: lon });
      else setMissing(true);
    } catch {
      setMissing(true);
    }
  }
  return (
    <div className="cg-map-search">
      <input
        type="search"
        value={query}
        placeholder={t('report.mapSearch')}
        aria-label={t('report.mapSearch')}
        data-testid="report-map-search"
        onChange={(e) => setQuery(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            if (query.trim()) void search();
          }
        }}
      />
      <button
        type="button"
        className="cg-button-secondary"
        data-testid="report-map-search-go"
        disabled={!query.trim()}
        onClick={() => void search()}
      >
        {t('report.mapSearchGo')}
      </button>
      {missing && (
        <p className="cg-hint" data-testid="report-map-search-none">
          {t('report.mapSearchNone')}
        </p>
      )}
    </div>
  );
}
