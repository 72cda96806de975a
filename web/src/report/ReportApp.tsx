import { lazy, Suspense } from 'react';
import { setLang, useLang } from '../i18n';
import { useT } from './i18n';
import { NotFound } from './NotFound';
import { ReportForm } from './ReportForm';
import { parseRoute, usePathname } from './router';

// The tracking page is a second visit, usually from a saved link: keep it out of the form's first load.
const TrackPage = lazy(() => import('./TrackPage'));

/** The citizen shell: header with the language switch, then the report form or the tracking page. */
export function ReportApp() {
  const t = useT();
  const lang = useLang();
  const route = parseRoute(usePathname());
  return (
    <div className="cg-page">
      <header className="cg-header">
        <span className="cg-brand">{t('app.name')}</span>
        <button
          type="button"
          className="cg-link-button"
          data-testid="lang-switch"
          onClick={() => setLang(lang === 'zh' ? 'en' : 'zh')}
        >
          {t('lang.switch')}
        </button>
      </header>
      <main className="cg-main">
        {route.name === 'report' && <ReportForm key={route.slug} slug={route.slug} />}
        {route.name === 'track' && (
          <Suspense fallback={<p className="cg-card">{t('common.loading')}</p>}>
            <TrackPage key={route.code} slug={route.slug} code={route.code} />
          </Suspense>
        )}
        {route.name === 'none' && <NotFound t={t} />}
      </main>
    </div>
  );
}
