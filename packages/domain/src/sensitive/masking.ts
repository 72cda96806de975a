/**
 * Masks for sensitive personal information (PIPL: shown masked by default). One function per kind of value, shared
 * by every module that holds such values (people, organisations' contacts, petitioners, special populations).
 */

/** `120101199001011234` → `120***********1234`: the province-and-city digits and the last four stay. */
export function maskIdNumber(value: string): string {
  if (value.length !== 18) return '*'.repeat(value.length);
  return `${value.slice(0, 3)}${'*'.repeat(11)}${value.slice(14).toUpperCase()}`;
}

/** `13812345678` → `138****5678`: enough to recognise a number, not enough to call it. */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  if (digits.length < 8) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

/** The masks by field kind, for modules that declare which of their fields are sensitive. */
export const masks = { idNumber: maskIdNumber, phone: maskPhone } as const;

/** A kind of sensitive value a module may declare. */
export type SensitiveKind = keyof typeof masks;
