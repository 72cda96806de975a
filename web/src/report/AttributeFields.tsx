import type { AnswerDraft, CategoryAttribute } from '../shared/attributes';
import type { ReportT } from './i18n';

/**
 * The chosen category's questions on the citizen form: one field per attribute by its datatype (text, number,
 * date-time, one of a list, several of a list). Labels are the tenant's own wording; errors come per attribute.
 */
export function AttributeFields({
  attributes,
  answers,
  errors,
  onChange,
  t,
}: {
  attributes: readonly CategoryAttribute[];
  answers: Record<string, AnswerDraft | undefined>;
  errors: Record<string, string>;
  onChange: (code: string, value: AnswerDraft) => void;
  t: ReportT;
}) {
  if (attributes.length === 0) return null;
  return (
    <fieldset className="cg-field cg-attributes" data-testid="report-attributes">
      <legend>{t('report.attributes')}</legend>
      {attributes.map((a) => {
        const id = `report-attr-${a.code}`;
        const error = errors[`attributes.${a.code}`];
        const value = answers[a.code];
        const text = typeof value === 'string' ? value : '';
        const labelId = `${id}-label`;
        const label = (
          <span id={labelId}>
            {a.description} {a.required && <em className="cg-required">*</em>}
          </span>
        );
        let input: React.ReactNode;
        if (a.datatype === 'singlevaluelist') {
          input = (
            <select
              value={text}
              onChange={(e) => onChange(a.code, e.target.value)}
              data-testid={id}
              aria-invalid={!!error}
            >
              <option value="">{t('report.attributeChoose')}</option>
              {(a.values ?? []).map((v) => (
                <option key={v.key} value={v.key}>
                  {v.name}
                </option>
              ))}
            </select>
          );
        } else if (a.datatype === 'multivaluelist') {
          const picked = Array.isArray(value) ? value : [];
          input = (
            <fieldset className="cg-choices" data-testid={id} aria-labelledby={labelId}>
              {(a.values ?? []).map((v) => (
                <label key={v.key} className="cg-choice">
                  <input
                    type="checkbox"
                    checked={picked.includes(v.key)}
                    onChange={(e) =>
                      onChange(a.code, e.target.checked ? [...picked, v.key] : picked.filter((k) => k !== v.key))
                    }
                  />
                  {v.name}
                </label>
              ))}
            </fieldset>
          );
        } else if (a.datatype === 'text') {
          input = (
            <textarea
              aria-labelledby={labelId}
              rows={3}
              maxLength={2000}
              value={text}
              onChange={(e) => onChange(a.code, e.target.value)}
              data-testid={id}
            />
          );
        } else {
          input = (
            <input
              aria-labelledby={labelId}
              type={a.datatype === 'number' ? 'number' : a.datatype === 'datetime' ? 'datetime-local' : 'text'}
              maxLength={a.datatype === 'string' ? 200 : undefined}
              value={text}
              onChange={(e) => onChange(a.code, e.target.value)}
              data-testid={id}
              aria-invalid={!!error}
            />
          );
        }
        return (
          <div className="cg-field" key={a.code}>
            {label}
            {input}
            {error && (
              <p className="cg-error" data-testid={`report-error-attr-${a.code}`}>
                {error}
              </p>
            )}
          </div>
        );
      })}
    </fieldset>
  );
}
