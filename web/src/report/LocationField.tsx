import { lazy, Suspense, useState } from 'react';
import type { ReportT } from './i18n';

const MapPicker = lazy(() => import('./MapPicker'));

export interface LatLng {
  lat: number;
  lng: number;
}

interface Props {
  center?: LatLng;
  value?: LatLng;
  onChange: (at: LatLng | undefined) => void;
  error?: string;
  t: ReportT;
}

const FALLBACK_CENTER: LatLng = { lat: 39.0245, lng: 117.7115 };

/** The optional map pin; Leaflet is fetched only when the citizen opens the map. */
export function LocationField({ center, value, onChange, error, t }: Props) {
  const [open, setOpen] = useState(false);

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
              center={center ?? FALLBACK_CENTER}
              value={value}
              onChange={onChange}
              offlineLabel={t('report.mapNoTiles')}
            />
          </Suspense>
        </>
      )}
      {error && (
        <p className="cg-error" data-testid="report-error-location">
          {error}
        </p>
      )}
    </fieldset>
  );
}
