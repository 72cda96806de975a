import type { StoredCase } from '@civicgrid/db';
import { type CaseStep, caseSteps, type TimeLimit, toShanghaiIso } from '@civicgrid/domain';
import { maskDigitRuns } from '../cases/duplicates';
import type { CategoryRecord, DepartmentRecord } from '../routes/config';

/** Open311 knows only `open` and `closed`: a case is closed once the loop has ended for the citizen. */
export const CLOSED_STEPS: readonly CaseStep[] = ['closed', 'evaluated', 'rejected'];
/** Every step that Open311 calls `open`. */
export const OPEN_STEPS_311: readonly CaseStep[] = caseSteps.filter((s) => !CLOSED_STEPS.includes(s));

/** The tenant's configuration a representation needs: category and department names. */
export interface Open311Lookup {
  categories: Map<string, CategoryRecord>;
  departments: Map<string, DepartmentRecord>;
}

/** The attribute code of the (informational) filing criteria of a category. */
const FILING_CRITERIA = 'FILING_CRITERIA';

/** A category as an Open311 service (GET services). */
export function serviceOf(category: CategoryRecord, lookup: Open311Lookup) {
  return {
    service_code: category.code,
    service_name: category.name,
    description: category.filingCriteria ?? category.name,
    // the filing criteria are offered as an informational attribute (see serviceDefinitionOf)
    metadata: category.filingCriteria !== undefined,
    type: 'realtime',
    keywords: category.code,
    group: lookup.departments.get(category.departmentId)?.name ?? '',
  };
}

/**
 * A category's service definition. Our categories ask nothing beyond the standard fields, so the only
 * attribute is `variable: false` — the spec's way to show text to the reporter — carrying the filing criteria.
 */
export function serviceDefinitionOf(category: CategoryRecord) {
  const attributes = category.filingCriteria
    ? [
        {
          variable: false,
          code: FILING_CRITERIA,
          datatype: 'text',
          required: false,
          datatype_description: '',
          order: 1,
          description: category.filingCriteria,
        },
      ]
    : [];
  return { service_code: category.code, attributes };
}

/** The notice shown after submission: the category's time limit in working time. */
export function serviceNoticeOf(category: CategoryRecord | undefined): string {
  return category ? timeLimitNotice(category.timeLimit) : '';
}

function timeLimitNotice(limit: TimeLimit): string {
  return `处理时限 ${limit.value} ${limit.unit === 'workingHours' ? '个工作小时' : '个工作日'}`;
}

/**
 * A case as an Open311 service request. The id is the public tracking code; the step goes to `status_notes`;
 * dates carry +08:00; the description is the public text with long digit runs masked; no reporter data.
 */
export function serviceRequestOf(stored: StoredCase, lookup: Open311Lookup) {
  const s = stored.state;
  const category = s.categoryCode ? lookup.categories.get(s.categoryCode) : undefined;
  const department = s.departmentId ? lookup.departments.get(s.departmentId) : undefined;
  return {
    service_request_id: s.trackingCode ?? '',
    status: CLOSED_STEPS.includes(s.step) ? 'closed' : 'open',
    status_notes: s.step,
    service_name: category?.name ?? null,
    service_code: s.categoryCode ?? null,
    description: maskDigitRuns(s.description),
    agency_responsible: department?.name ?? null,
    service_notice: category ? serviceNoticeOf(category) : null,
    requested_datetime: toShanghaiIso(new Date(s.createdAt)),
    updated_datetime: toShanghaiIso(new Date(s.updatedAt)),
    expected_datetime: s.deadline ? toShanghaiIso(new Date(s.deadline)) : null,
    address: s.address ?? null,
    address_id: null,
    zipcode: null,
    lat: s.location?.lat ?? null,
    long: s.location?.lng ?? null,
    media_url: stored.private.mediaUrl ?? null,
  };
}
