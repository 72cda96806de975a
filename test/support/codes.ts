import { creditCodeCheckChar } from '@civicgrid/domain';

/** A valid unified social credit code (GB 32100) from its 17 first characters. */
export function creditCodeOf(first17: string): string {
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/** The same code with a wrong check character. */
export function withBadCheckChar(code: string): string {
  const good = code.slice(-1);
  return `${code.slice(0, 17)}${good === '0' ? '1' : '0'}`;
}

/** An enterprise's credit code (市场监管 9, 企业 1, Binhai 120116) with organisation code number `n`. */
export function enterpriseCode(n: number): string {
  return creditCodeOf(`91120116${String(n).padStart(8, '0')}X`.slice(0, 17));
}

/** A social organisation's credit code (民政 5, 社会团体 1). */
export function socialCode(n: number): string {
  return creditCodeOf(`51120116${String(n).padStart(8, '0')}M`.slice(0, 17));
}
