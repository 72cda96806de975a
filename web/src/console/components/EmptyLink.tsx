import { Link } from 'react-router';
import { useT } from '../i18n';

/** What an empty dropdown shows: that nothing exists yet, and a link to where it is created. */
export function EmptyLink({ what }: { what: 'departments' | 'grids' | 'categories' }) {
  const t = useT();
  return (
    <span data-testid={`empty-${what}`}>
      {t(`empty.${what}`)}
      <Link to={`/config/${what}`} data-testid={`empty-${what}-link`}>
        {t('empty.create')}
      </Link>
    </span>
  );
}
