import { idNumberCheckChar } from '@civicgrid/domain';

/** A valid 18-digit ID number (GB 11643) for a region, birth date `YYYYMMDD` and sequence (odd = male). */
export function idNumberOf(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/** The same number with a wrong check character. */
export function withBadCheckDigit(id: string): string {
  const good = id.slice(-1);
  const bad = good === '0' ? '1' : good === 'X' ? '0' : String((Number(good) + 1) % 10);
  return `${id.slice(0, 17)}${bad}`;
}
