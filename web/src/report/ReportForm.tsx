import { useEffect, useState } from 'react';
import { ApiError, asList, fieldErrors } from '../shared/api-error';
import { type AnswerDraft, answersBody, missingAnswers } from '../shared/attributes';
import { apiErrorText, ruleText } from '../shared/error-text';
import { newIdempotencyKey } from '../shared/idempotency';
import { AttributeFields } from './AttributeFields';
import { type ReportT, useT } from './i18n';
import { type LatLng, LocationField } from './LocationField';
import { NotFound } from './NotFound';
import { type Photo, PhotoPicker } from './PhotoPicker';
import {
  getCategories,
  getTenant,
  type PublicCategory,
  type PublicTenant,
  type ReportBody,
  type ReportCreated,
  submitReport,
} from './public-api';
import { ReportSuccess } from './ReportSuccess';
import { TrackLookup } from './TrackLookup';

export const MAX_DESCRIPTION = 2000;
const FIELDS = [
  'categoryCode',
  'description',
  'address',
  'location',
  'contact.name',
  'contact.phone',
  'photos',
] as const;
/** The server takes a mainland mobile number (11 digits, 13–19…); people type spaces, dashes and +86. */
const MOBILE = /^1[3-9]\d{9}$/;
const normalisePhone = (raw: string) => raw.replace(/[\s-]/g, '').replace(/^(\+?86)(?=1\d{10}$)/, '');

interface Draft {
  categoryCode: string;
  description: string;
  address: string;
  location?: LatLng;
  name: string;
  phone: string;
  anonymous: boolean;
  website: string;
  /** answers to the chosen category's questions */
  answers: Record<string, AnswerDraft>;
}

const EMPTY: Draft = {
  categoryCode: '',
  description: '',
  address: '',
  name: '',
  phone: '',
  anonymous: false,
  website: '',
  answers: {},
};

function validate(d: Draft, photos: Photo[], t: ReportT, category?: PublicCategory): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const code of missingAnswers(category?.attributes ?? [], d.answers)) {
    errors[`attributes.${code}`] = t('report.attributeRequired');
  }
  const length = d.description.trim().length;
  if (length === 0) errors.description = t('report.descriptionRequired');
  else if (d.description.length > MAX_DESCRIPTION)
    errors.description = t('report.descriptionTooLong', { max: MAX_DESCRIPTION });
  if (!d.anonymous && d.phone.trim() && !MOBILE.test(normalisePhone(d.phone))) {
    errors['contact.phone'] = t('report.phoneInvalid');
  }
  if (photos.some((p) => !p.key && !p.error)) errors.photos = t('report.photoWait');
  return errors;
}

function toBody(d: Draft, photos: Photo[], category?: PublicCategory): ReportBody {
  const body: ReportBody = { description: d.description.trim() };
  if (d.categoryCode) body.categoryCode = d.categoryCode;
  const answers = answersBody(category?.attributes ?? [], d.answers);
  if (answers) body.attributes = answers;
  if (d.address.trim()) body.address = d.address.trim();
  if (d.location) body.location = d.location;
  if (d.anonymous) body.anonymous = true;
  else if (d.name.trim() || d.phone.trim()) {
    body.contact = {
      ...(d.name.trim() ? { name: d.name.trim() } : {}),
      ...(d.phone.trim() ? { phone: normalisePhone(d.phone) } : {}),
    };
  }
  const keys = photos.flatMap((p) => (p.key ? [p.key] : []));
  if (keys.length) body.photos = keys;
  // The honeypot travels only when a bot filled it, so the server can drop the report quietly.
  if (d.website) body.website = d.website;
  return body;
}

function describe(err: unknown, t: ReportT): string {
  if (!(err instanceof ApiError)) return t('apiError.fallback');
  if (err.status === 0) return t('error.network');
  if (err.status === 429) return t('error.rateLimited');
  if (err.status === 404) return t('error.tenantClosed');
  if (err.details.length) return t('report.fixErrors');
  return apiErrorText(err, t);
}

/** The citizen report form of one tenant. */
export function ReportForm({ slug }: { slug: string }) {
  const t = useT();
  const [categories, setCategories] = useState<PublicCategory[]>([]);
  const [tenant, setTenant] = useState<PublicTenant>();
  const [closed, setClosed] = useState(false);
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const [photos, setPhotos] = useState<Photo[]>([]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [formError, setFormError] = useState('');
  const [submitting, setSubmitting] = useState(false);
  const [result, setResult] = useState<ReportCreated>();
  // One key per form fill: a retry after a timeout must not file the report twice.
  const [idempotencyKey, setIdempotencyKey] = useState(newIdempotencyKey);

  useEffect(() => {
    getCategories(slug)
      .then((body) => setCategories(asList<PublicCategory>(body)))
      .catch((e) => {
        if (e instanceof ApiError && e.status === 404) setClosed(true);
      });
    getTenant(slug)
      .then(setTenant)
      .catch(() => undefined);
  }, [slug]);

  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const chosen = categories.find((c) => c.code === draft.categoryCode);

  async function onSubmit(e: React.FormEvent) {
    e.preventDefault();
    const local = validate(draft, photos, t, chosen);
    setErrors(local);
    setFormError(Object.keys(local).length ? t('report.fixErrors') : '');
    if (Object.keys(local).length) return;
    setSubmitting(true);
    try {
      setResult(await submitReport(slug, toBody(draft, photos, chosen), idempotencyKey));
    } catch (err) {
      const answerFields = (chosen?.attributes ?? []).map((a) => `attributes.${a.code}`);
      const byField =
        err instanceof ApiError ? fieldErrors(err, [...FIELDS, ...answerFields], (d) => ruleText(d, t)) : {};
      // the server's rule, in the form's language
      for (const f of answerFields) if (byField[f]) byField[f] = t('report.attributeInvalid');
      setErrors(byField);
      setFormError(byField[''] ?? describe(err, t));
    } finally {
      setSubmitting(false);
    }
  }

  function reset() {
    setDraft(EMPTY);
    setPhotos([]);
    setErrors({});
    setFormError('');
    setResult(undefined);
    setIdempotencyKey(newIdempotencyKey());
  }

  if (result) return <ReportSuccess slug={slug} categories={categories} result={result} onAnother={reset} t={t} />;

  const err = (field: string) =>
    errors[field] ? (
      <p className="cg-error" data-testid={`report-error-${field.replace('.', '-')}`}>
        {errors[field]}
      </p>
    ) : null;

  // an office that does not exist or is closed: the not-found page (the server answers it with 404)
  if (closed) return <NotFound t={t} />;

  return (
    <>
      <form className="cg-card" onSubmit={onSubmit} noValidate data-testid="report-form">
        <h1>{t('report.title')}</h1>
        <p className="cg-hint">
          {tenant?.name ? `${tenant.name} · ` : ''}
          {t('report.subtitle')}
        </p>

        <label className="cg-field">
          <span>{t('report.category')}</span>
          <select
            value={draft.categoryCode}
            onChange={(e) => setDraft((d) => ({ ...d, categoryCode: e.target.value, answers: {} }))}
            data-testid="report-category"
            aria-invalid={!!errors.categoryCode}
          >
            <option value="">{t('report.categoryPlaceholder')}</option>
            {categories.map((c) => (
              <option key={c.code} value={c.code}>
                {c.name}
              </option>
            ))}
          </select>
          {err('categoryCode')}
        </label>

        <AttributeFields
          attributes={chosen?.attributes ?? []}
          answers={draft.answers}
          errors={errors}
          onChange={(code, value) => setDraft((d) => ({ ...d, answers: { ...d.answers, [code]: value } }))}
          t={t}
        />

        <label className="cg-field">
          <span>
            {t('report.description')} <em className="cg-required">*</em>
          </span>
          <textarea
            rows={5}
            value={draft.description}
            maxLength={MAX_DESCRIPTION}
            placeholder={t('report.descriptionPlaceholder')}
            onChange={(e) => set('description', e.target.value)}
            data-testid="report-description"
            aria-invalid={!!errors.description}
          />
          <span
            className={`cg-counter${draft.description.length >= MAX_DESCRIPTION ? ' cg-counter-full' : ''}`}
            data-testid="report-description-counter"
          >
            {draft.description.length}/{MAX_DESCRIPTION}
          </span>
          {err('description')}
        </label>

        <label className="cg-field">
          <span>{t('report.address')}</span>
          <input
            value={draft.address}
            placeholder={t('report.addressPlaceholder')}
            onChange={(e) => set('address', e.target.value)}
            data-testid="report-address"
            aria-invalid={!!errors.address}
          />
          {err('address')}
        </label>

        <LocationField
          slug={slug}
          source={tenant?.map}
          center={tenant?.location ?? undefined}
          value={draft.location}
          onChange={(at) => set('location', at)}
          error={errors.location}
          t={t}
        />

        <PhotoPicker slug={slug} photos={photos} setPhotos={setPhotos} error={errors.photos} t={t} />

        <fieldset className="cg-field">
          <legend>{t('report.contact')}</legend>
          <label className="cg-check">
            <input
              type="checkbox"
              checked={draft.anonymous}
              onChange={(e) => set('anonymous', e.target.checked)}
              data-testid="report-anonymous"
            />
            {t('report.anonymous')}
          </label>
          {!draft.anonymous && (
            <>
              <label className="cg-field">
                <span>{t('report.contactName')}</span>
                <input
                  value={draft.name}
                  autoComplete="name"
                  onChange={(e) => set('name', e.target.value)}
                  data-testid="report-contact-name"
                />
                {err('contact.name')}
              </label>
              <label className="cg-field">
                <span>{t('report.contactPhone')}</span>
                <input
                  type="tel"
                  inputMode="tel"
                  autoComplete="tel"
                  value={draft.phone}
                  onChange={(e) => set('phone', e.target.value)}
                  data-testid="report-contact-phone"
                  aria-invalid={!!errors['contact.phone']}
                />
                {err('contact.phone')}
              </label>
            </>
          )}
        </fieldset>

        {/* Honeypot: invisible to people, tempting to bots. */}
        <div className="cg-hp" aria-hidden="true">
          <label>
            Website
            <input
              name="website"
              tabIndex={-1}
              autoComplete="off"
              value={draft.website}
              onChange={(e) => set('website', e.target.value)}
              data-testid="report-website"
            />
          </label>
        </div>

        {formError && (
          <p className="cg-error cg-form-error" role="alert" data-testid="report-error">
            {formError}
          </p>
        )}
        <button type="submit" className="cg-button" disabled={submitting || closed} data-testid="report-submit">
          {submitting ? t('report.submitting') : t('report.submit')}
        </button>
      </form>
      <TrackLookup slug={slug} t={t} />
    </>
  );
}
