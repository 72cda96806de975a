/** The initials of a tenant's slug (`tai-da` → `TD`): the first part of every short human number. */
export function tenantInitials(slug: string): string {
  return slug
    .split('-')
    .filter((w) => w !== '')
    .map((w) => w[0]?.toUpperCase() ?? '')
    .join('')
    .slice(0, 4);
}

/**
 * The short human number of a record, unique per tenant, kind and China year: `TD-2026-000123` for a case,
 * `TD-JF-2026-000012` for a kind with the prefix `JF` (a dispute file).
 */
export function formatRecordNumber(slug: string, year: string, seq: number, prefix?: string): string {
  const initials = tenantInitials(slug) || 'C';
  return [initials, ...(prefix ? [prefix] : []), year, String(seq).padStart(6, '0')].join('-');
}
