import { lazy, Suspense, useEffect, useState } from 'react';
import type { MapSource } from '../shared/map/source';
import type { ReportT } from './i18n';
import { insideAnyGrid, tenantLayer } from './tenant-layers';

const MapPicker = lazy(() => import('./MapPicker'));

export interface LatLng {
  lat: number;
  lng: number;
}

interface Props {
  slug: string;
  /** the office's base map (`GET /public/{slug}` → `map`) */
  source?: MapSource | undefined;
  center?: LatLng;
  value?: LatLng;
  onChange: (at: LatLng | undefined) => void;
  error?: string;
  t: ReportT;
}

const FALLBACK_CENTER: LatLng = { lat: 39.0245, lng: 117.7115 };

/** The optional map pin; Leaflet is fetched only when the citizen opens the map. */
export function LocationField({ slug, source, center, value, onChange, error, t }: Props) {
  const [open, setOpen] = useState(false);
  const outside = useOutsideGrids(slug, value);

  function locate() {
    navigator.geolocation?.getCurrentPosition(
      (p) => onChange({ lat: p.coords.latitude, lng: p.coords.longitude }),
      () => undefined,
      { enableHighAccuracy: true, timeout: 10_000 },
    );
  }

  return (
    <fieldset className="cg-field">
      <legend>{t('report.location')}</legend>
      <div className="cg-row">
        <button
          type="button"
          className="cg-button-secondary"
          data-testid="report-map-toggle"
          onClick={() => setOpen(!open)}
        >
          {open ? t('report.mapClose') : t('report.mapOpen')}
        </button>
        {'geolocation' in navigator && (
          <button type="button" className="cg-button-secondary" data-testid="report-map-locate" onClick={locate}>
            {t('report.mapLocate')}
          </button>
        )}
        {value && (
          <button
            type="button"
            className="cg-link-button"
            data-testid="report-map-clear"
            onClick={() => onChange(undefined)}
          >
            {t('report.mapClear')}
          </button>
        )}
      </div>
      <p className="cg-hint" data-testid="report-location-text">
        {value
          ? t('report.locationSet', { lat: value.lat.toFixed(6), lng: value.lng.toFixed(6) })
          : t('report.locationNone')}
      </p>
      {open && (
        <>
          <p className="cg-hint">{t('report.mapHint')}</p>
          <Suspense fallback={<div className="cg-map cg-map-loading">{t('common.loading')}</div>}>
            <MapPicker
              slug={slug}
              center={center ?? FALLBACK_CENTER}
              value={value}
              onChange={onChange}
              source={source}
              t={t}
            />
          </Suspense>
        </>
      )}
      {outside && (
        <p className="cg-warning" role="status" data-testid="report-outside-grid">
          {t('report.outsideGrid')}
        </p>
      )}
      {error && (
        <p className="cg-error" data-testid="report-error-location">
          {error}
        </p>
      )}
    </fieldset>
  );
}

/**
 * True when the pin lies outside every grid the office has drawn (a pin far off, or in the next street's area):
 * the report is still accepted — the centre places it by hand — but the citizen is told before sending.
 */
function useOutsideGrids(slug: string, at: LatLng | undefined): boolean {
  const [outside, setOutside] = useState(false);
  useEffect(() => {
    setOutside(false);
    if (!at) return;
    let live = true;
    tenantLayer(slug, 'grids')
      .then((grids) => {
        if (live) setOutside(grids.length > 0 && !insideAnyGrid(at, grids));
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [slug, at]);
  return outside;
}
