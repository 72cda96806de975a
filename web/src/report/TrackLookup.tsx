import { useState } from 'react';
import type { ReportT } from './i18n';
import { navigate, trackPath } from './router';

/** "I already reported": jump to the tracking page by code. */
export function TrackLookup({ slug, t }: { slug: string; t: ReportT }) {
  const [code, setCode] = useState('');
  return (
    <form
      className="cg-card cg-row"
      onSubmit={(e) => {
        e.preventDefault();
        if (code.trim()) navigate(trackPath(slug, code.trim()));
      }}
    >
      <label className="cg-grow">
        <span className="cg-sr-only">{t('report.lookup')}</span>
        <input
          value={code}
          onChange={(e) => setCode(e.target.value)}
          placeholder={t('report.lookupPlaceholder')}
          data-testid="track-code-input"
        />
      </label>
      <button type="submit" className="cg-button-secondary" data-testid="track-code-submit">
        {t('report.lookupSubmit')}
      </button>
    </form>
  );
}
