import { useCallback, useEffect, useState } from 'react';
import { ApiError } from '../shared/api-error';
import { anyErrorText } from '../shared/error-text';
import { stepKey } from '../shared/steps';
import { formatDateTime } from '../shared/time';
import { EvaluationForm } from './EvaluationForm';
import { useT } from './i18n';
import { getTracking, type Tracking } from './public-api';
import { navigate, reportPath } from './router';

/** +08:00 whatever the phone's zone. */
const formatTime = (iso: string) => formatDateTime(iso);

/** Progress of one citizen report: the step timeline and, once closed, the evaluation form. */
export default function TrackPage({ slug, code }: { slug: string; code: string }) {
  const t = useT();
  const [data, setData] = useState<Tracking>();
  const [error, setError] = useState('');
  const [thanks, setThanks] = useState(false);

  const load = useCallback(() => {
    setError('');
    getTracking(slug, code)
      .then(setData)
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setError(t('track.notFound'));
        else if (e instanceof ApiError && e.status === 0) setError(t('error.network'));
        else setError(anyErrorText(e, t));
      });
  }, [slug, code, t]);

  useEffect(load, [load]);

  const back = (
    <a
      href={reportPath(slug)}
      data-testid="track-back"
      onClick={(e) => {
        e.preventDefault();
        navigate(reportPath(slug));
      }}
    >
      {t('track.back')}
    </a>
  );

  if (error) {
    return (
      <section className="cg-card">
        <p className="cg-error" data-testid="track-error">
          {error}
        </p>
        {back}
      </section>
    );
  }
  if (!data) return <p className="cg-card">{t('common.loading')}</p>;

  const history = [...data.history].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <>
      <section className="cg-card" data-testid="track-page">
        <h1>{t('track.title')}</h1>
        <p className="cg-hint">{t('track.code', { code: data.trackingCode })}</p>
        {data.office && (
          <p className="cg-hint" data-testid="track-office">
            {t('track.office', { office: data.office })}
          </p>
        )}
        {data.categoryName && (
          <p className="cg-hint" data-testid="track-category">
            {data.categoryName}
          </p>
        )}
        <p>
          {t('track.current')}：
          <strong className={`cg-step cg-step-${data.step}`} data-testid="track-step" data-step={data.step}>
            {t(stepKey(data.step))}
          </strong>
        </p>
        {data.expectedBy && (
          <p className="cg-hint" data-testid="track-expected">
            {t('track.expectedBy', { time: formatTime(data.expectedBy) })}
          </p>
        )}
        {data.rejection && (
          <div className="cg-outcome cg-outcome-rejected" data-testid="track-rejection">
            <h2>{t('track.rejected')}</h2>
            <p data-testid="track-rejection-reason">{data.rejection.reason}</p>
          </div>
        )}
        {data.reply && (
          <div className="cg-outcome" data-testid="track-reply">
            <h2>{t('track.reply')}</h2>
            <p data-testid="track-reply-text">{data.reply.text}</p>
            <p className="cg-hint">{t('track.replyAt', { time: formatTime(data.reply.at) })}</p>
            {data.reply.photos.length > 0 && (
              <div className="cg-outcome-photos">
                {data.reply.photos.map((photo, i) => (
                  <img
                    key={photo.url}
                    src={photo.url}
                    alt={t('track.replyPhoto', { n: i + 1 })}
                    data-testid={`track-reply-photo-${i}`}
                  />
                ))}
              </div>
            )}
          </div>
        )}
        <ol className="cg-timeline" data-testid="track-timeline">
          {history.map((h, i) => (
            <li
              key={`${h.step}-${h.at}`}
              className={i === history.length - 1 ? 'cg-timeline-current' : undefined}
              data-testid={`track-history-${h.step}`}
            >
              <span className="cg-timeline-step">{t(stepKey(h.step))}</span>
              <time dateTime={h.at}>{formatTime(h.at)}</time>
            </li>
          ))}
        </ol>
        {back}
      </section>
      {data.step === 'closed' && !thanks && (
        <EvaluationForm
          slug={slug}
          code={code}
          t={t}
          onDone={() => {
            setThanks(true);
            load();
          }}
        />
      )}
      {thanks && (
        <p className="cg-card cg-success" data-testid="eval-thanks">
          {t('track.evalThanks')}
        </p>
      )}
    </>
  );
}
