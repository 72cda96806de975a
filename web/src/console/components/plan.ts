import type { ConsoleT } from '../i18n';

/** A plan code (`trial`, `standard`, `district`) by its translated name; an unknown one as it is. */
export function planLabel(plan: string | undefined, t: ConsoleT): string {
  if (plan === 'trial' || plan === 'standard' || plan === 'district') return t(`plan.${plan}`);
  return plan ?? '';
}
