import type { ReportT } from './i18n';
import type { ReportCreated } from './public-api';
import { navigate, trackPath } from './router';

interface Props {
  slug: string;
  result: ReportCreated;
  onAnother: () => void;
  t: ReportT;
}

/** The tracking code, big, with the way to follow it and any similar reports nearby. */
export function ReportSuccess({ slug, result, onAnother, t }: Props) {
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
              <li key={d.trackingCode}>
                <a href={trackPath(slug, d.trackingCode)} onClick={(e) => go(e, trackPath(slug, d.trackingCode))}>
                  {d.trackingCode}
                </a>{' '}
                {d.description}
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
