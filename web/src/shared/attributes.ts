/** A category's question (Open311 service-definition attribute) as the API lists it. */
export interface CategoryAttribute {
  code: string;
  datatype: 'string' | 'number' | 'datetime' | 'text' | 'singlevaluelist' | 'multivaluelist';
  required: boolean;
  description: string;
  values?: { key: string; name: string }[];
}

/** What a form holds for one answer: text (or a number typed as text) or the keys picked from a list. */
export type AnswerDraft = string | string[];

/** The answers of a form as the API takes them: numbers as numbers, empty answers left out. */
export function answersBody(
  attributes: readonly CategoryAttribute[],
  draft: Record<string, AnswerDraft | undefined>,
): Record<string, string | number | string[]> | undefined {
  const out: Record<string, string | number | string[]> = {};
  for (const a of attributes) {
    const v = draft[a.code];
    if (v === undefined) continue;
    if (Array.isArray(v)) {
      if (v.length > 0) out[a.code] = v;
      continue;
    }
    const text = v.trim();
    if (text === '') continue;
    out[a.code] = a.datatype === 'number' && Number.isFinite(Number(text)) ? Number(text) : text;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}

/** The codes of required questions left unanswered. */
export function missingAnswers(
  attributes: readonly CategoryAttribute[],
  draft: Record<string, AnswerDraft | undefined>,
): string[] {
  const given = answersBody(attributes, draft) ?? {};
  return attributes.filter((a) => a.required && given[a.code] === undefined).map((a) => a.code);
}
