import type { ReportT } from './i18n';

/** The citizen pages' not-found page: an unknown (or closed) office, or a path the pages do not have. */
export function NotFound({ t }: { t: ReportT }) {
  return (
    <section className="cg-card" data-testid="not-found">
      <h1>{t('notFound.title')}</h1>
      <p>{t('notFound.body')}</p>
      <p className="cg-hint">{t('error.tenantClosed')}</p>
    </section>
  );
}
