import type { CasePublication, StoredCase } from '@civicgrid/db';
import { type CaseStep, caseSteps, type TimeLimit, toShanghaiIso } from '@civicgrid/domain';
import { maskDigitRuns } from '../cases/duplicates';
import type { CategoryRecord, DepartmentRecord } from '../routes/config';

/** Open311 knows only `open` and `closed`: a case is closed once the loop has ended for the citizen. */
export const CLOSED_STEPS: readonly CaseStep[] = ['closed', 'evaluated', 'rejected', 'transferred'];
/** Every step that Open311 calls `open`. */
export const OPEN_STEPS_311: readonly CaseStep[] = caseSteps.filter((s) => !CLOSED_STEPS.includes(s));

/** The tenant's configuration a representation needs: category and department names. */
export interface Open311Lookup {
  categories: Map<string, CategoryRecord>;
  departments: Map<string, DepartmentRecord>;
}

/** The attribute code of the (informational) filing criteria of a category. */
/** The informational (`variable: false`) attribute that shows the filing criteria; a value sent for it is dropped. */
export const FILING_CRITERIA = 'FILING_CRITERIA';

/** A category as an Open311 service (GET services). */
export function serviceOf(category: CategoryRecord, lookup: Open311Lookup) {
  return {
    service_code: category.code,
    service_name: category.name,
    description: category.filingCriteria ?? category.name,
    // a definition exists when the category asks attributes or shows its filing criteria (see serviceDefinitionOf)
    metadata: category.filingCriteria !== undefined || (category.attributes?.length ?? 0) > 0,
    type: 'realtime',
    keywords: category.code,
    group: lookup.departments.get(category.departmentId)?.name ?? '',
  };
}

/**
 * A category's service definition (GeoReport v2, SeeClickFix-style fields): the category's own attributes as
 * `variable: true` questions with `datatype`, `required`, `values` `[{ key, name }]` and `order`, then the filing
 * criteria as a `variable: false` attribute — the spec's way to show text to the reporter.
 */
export function serviceDefinitionOf(category: CategoryRecord) {
  const asked = (category.attributes ?? []).map((a, i) => ({
    variable: true,
    code: a.code,
    datatype: a.datatype,
    required: a.required,
    datatype_description: '',
    order: i + 1,
    description: a.description,
    ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
  }));
  const criteria = category.filingCriteria
    ? [
        {
          variable: false,
          code: FILING_CRITERIA,
          datatype: 'text',
          required: false,
          datatype_description: '',
          order: asked.length + 1,
          description: category.filingCriteria,
        },
      ]
    : [];
  return { service_code: category.code, attributes: [...asked, ...criteria] };
}

/** The notice shown after submission: the category's time limit in working time. */
export function serviceNoticeOf(category: CategoryRecord | undefined): string {
  return category ? timeLimitNotice(category.timeLimit) : '';
}

function timeLimitNotice(limit: TimeLimit): string {
  const units: Record<TimeLimit['unit'], string> = {
    workingHours: '个工作小时',
    workingDays: '个工作日',
    naturalHours: '小时',
    naturalDays: '天',
  };
  return `处理时限 ${limit.value} ${units[limit.unit]}`;
}

/** Decimal places of a location shown before staff publish a request (3 ≈ 100 m: the street, not the door). */
const COARSE_DECIMALS = 3;

function coarse(value: number | undefined): number | null {
  if (value === undefined) return null;
  const f = 10 ** COARSE_DECIMALS;
  return Math.round(value * f) / f;
}

/**
 * A case as an Open311 service request. The id is the case id (never the tracking code, which is the citizen's
 * secret). The citizen's own words, address, photo and exact point stay private until staff publish a text for the
 * request (`publication`): before that the description is empty and the point rounded to about 100 m. The step
 * goes to `status_notes`; dates carry +08:00; never any reporter data.
 */
export function serviceRequestOf(stored: StoredCase, lookup: Open311Lookup, publication?: CasePublication) {
  const s = stored.state;
  const category = s.categoryCode ? lookup.categories.get(s.categoryCode) : undefined;
  const department = s.departmentId ? lookup.departments.get(s.departmentId) : undefined;
  const published = publication !== undefined;
  return {
    service_request_id: s.id,
    status: CLOSED_STEPS.includes(s.step) ? 'closed' : 'open',
    status_notes: s.step,
    service_name: category?.name ?? null,
    service_code: s.categoryCode ?? null,
    description: publication ? maskDigitRuns(publication.description) : null,
    agency_responsible: department?.name ?? null,
    service_notice: category ? serviceNoticeOf(category) : null,
    requested_datetime: toShanghaiIso(new Date(s.createdAt)),
    updated_datetime: toShanghaiIso(new Date(s.updatedAt)),
    expected_datetime: s.deadline ? toShanghaiIso(new Date(s.deadline)) : null,
    address: published ? (s.address ?? null) : null,
    address_id: null,
    zipcode: null,
    lat: published ? (s.location?.lat ?? null) : coarse(s.location?.lat),
    long: published ? (s.location?.lng ?? null) : coarse(s.location?.lng),
    media_url: published ? (stored.private.mediaUrl ?? null) : null,
  };
}
