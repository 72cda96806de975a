import type { ReportT } from './i18n';
import type { PublicCategory, ReportCreated } from './public-api';
import { navigate, trackPath } from './router';

interface Props {
  slug: string;
  /** the tenant's categories, to name those of similar reports nearby */
  categories: PublicCategory[];
  result: ReportCreated;
  onAnother: () => void;
  t: ReportT;
}

/** The tracking code, big, with the way to follow it and any similar reports nearby. */
export function ReportSuccess({ slug, categories, result, onAnother, t }: Props) {
  const href = trackPath(slug, result.trackingCode);
  const go = (e: React.MouseEvent, to: string) => {
    e.preventDefault();
    navigate(to);
  };
  return (
    <section className="cg-card cg-success" data-testid="report-success">
      <h1>{t('report.success')}</h1>
      <p>{t('report.trackingCode')}</p>
      <p className="cg-tracking-code" data-testid="report-tracking-code">
        {result.trackingCode}
      </p>
      <p className="cg-hint">{t('report.trackingHint')}</p>
      <a className="cg-button" href={href} data-testid="report-track-link" onClick={(e) => go(e, href)}>
        {t('report.trackLink')}
      </a>
      {result.duplicates && result.duplicates.length > 0 && (
        <div className="cg-duplicates" data-testid="report-duplicates">
          <p>{t('report.duplicates')}</p>
          <ul>
            {result.duplicates.map((d) => (
              <li key={`${d.createdAt}-${d.distanceMeters}-${d.categoryCode}`}>
                {categories.find((c) => c.code === d.categoryCode)?.name ?? t('report.duplicateOther')}
                {d.step && <span> · {t(`step.${d.step}` as Parameters<ReportT>[0])}</span>}
                {d.distanceMeters !== undefined && (
                  <span className="cg-hint">
                    {' '}
                    · {t('report.duplicateDistance', { meters: Math.round(d.distanceMeters) })}
                  </span>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="cg-button-secondary" data-testid="report-another" onClick={onAnother}>
        {t('report.another')}
      </button>
    </section>
  );
}
