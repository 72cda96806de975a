import { useState } from 'react';
import { ApiError } from '../shared/api-error';
import { anyErrorText } from '../shared/error-text';
import type { ReportT } from './i18n';
import { evaluate } from './public-api';

interface Props {
  slug: string;
  code: string;
  onDone: () => void;
  t: ReportT;
}

/** 1–5 stars and a comment, offered once the case is closed. */
export function EvaluationForm({ slug, code, onDone, t }: Props) {
  const [rating, setRating] = useState(0);
  const [comment, setComment] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    if (!rating) return setError(t('track.ratingRequired'));
    setBusy(true);
    setError('');
    try {
      await evaluate(slug, code, rating, comment.trim() || undefined);
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) setError(t('track.evalConflict'));
      else if (err instanceof ApiError && err.status === 0) setError(t('error.network'));
      else setError(anyErrorText(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form className="cg-card" onSubmit={onSubmit} data-testid="eval-form">
      <h2>{t('track.evaluate')}</h2>
      <fieldset className="cg-stars">
        <legend className="cg-sr-only">{t('track.rating')}</legend>
        {[1, 2, 3, 4, 5].map((n) => (
          <label key={n} className={n <= rating ? 'cg-star cg-star-on' : 'cg-star'} data-testid={`eval-star-${n}`}>
            <input
              type="radio"
              name="rating"
              value={n}
              checked={rating === n}
              onChange={() => setRating(n)}
              className="cg-sr-only"
            />
            <span aria-hidden="true">★</span>
            <span className="cg-sr-only">{t('track.star', { n })}</span>
          </label>
        ))}
      </fieldset>
      <label className="cg-field">
        <span>{t('track.comment')}</span>
        <textarea
          rows={3}
          maxLength={500}
          value={comment}
          onChange={(e) => setComment(e.target.value)}
          data-testid="eval-comment"
        />
      </label>
      {error && (
        <p className="cg-error" role="alert" data-testid="eval-error">
          {error}
        </p>
      )}
      <button type="submit" className="cg-button" disabled={busy} data-testid="eval-submit">
        {t('track.evalSubmit')}
      </button>
    </form>
  );
}
