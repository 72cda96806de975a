import { type CaseState, clockDeadline, slaFreeSteps, type TenantPath, ValidationError } from '@civicgrid/domain';
import type { Key } from './keys';

/**
 * The maintained list index behind `GET /api/cases?scope=subtree` and the flag lists: small key-only items, one
 * per (tenant that may list the case) × (view the case belongs to), written and removed in the transition's own
 * transaction. A list is one Query of one view's partition (`Limit` = the page) and one BatchGet of the page's
 * cases — O(page) whatever the filter's selectivity, never a read-until-full.
 *
 * Partitions: `<tenant>CLIST#TREE#<view>` for the case's owner and every tenant above it (and a lower tenant it
 * was moved down to); `<holder>CLIST#SELF#<view>` for the tenant holding it (its queue); `<owner>CLIST#OWN#<view>`
 * for the owner's own list where its indexes have no key for the filter (a category; a department at one step;
 * the citizens' requests Open311 lists).
 * Every partition key starts
 * with the listing tenant's path, so the IAM LeadingKeys wall covers it.
 */
export const caseListViews = ['all', 'category', 'supervised', 'overdue', 'deadline', 'key'] as const;

/** One view of the list index. */
export type CaseListView = (typeof caseListViews)[number];

/** A key-only index item: where the case is stored. */
export interface CaseListEntry extends Key {
  caseId: string;
  casePath: string;
}

/** Every ancestor-or-self path of `path`, root first (`d1/s1/` → `d1/`, `d1/s1/`). */
export function pathsAbove(path: string): string[] {
  const parts = path.split('/').filter((p) => p !== '');
  return parts.map((_, i) => `${parts.slice(0, i + 1).join('/')}/`);
}

/** Normalized search keys of a case: tracking code, case number, reporter phone (exact matches for `q=`). */
export function searchKeysOf(state: CaseState, phone: string | undefined): string[] {
  const keys = [state.trackingCode, state.number, phone].filter((k): k is string => typeof k === 'string');
  return [...new Set(keys.map(normalizeSearchKey))];
}

/** How many text terms of a description are indexed (each costs one small item per listing tenant). */
export const MAX_TEXT_TERMS = 8;
/** Only the head of a description is indexed: it names the problem (井盖丢失, 垃圾堆放…). */
const TEXT_HEAD = 40;

const CJK = /\p{Script=Han}/u;

/**
 * The text terms of a piece of text: every pair of adjacent Chinese characters (so 垃圾 and 堆放 are both found in
 * 垃圾堆放, which no word segmenter splits the same way in every context) and every Latin word or number of two
 * characters or more, upper-cased — in order of appearance, distinct.
 */
export function textTerms(text: string, max = Number.POSITIVE_INFINITY): string[] {
  const out = new Set<string>();
  for (const run of text.normalize('NFKC').match(/[\p{Script=Han}]+|[\p{L}\p{N}]+/gu) ?? []) {
    if (out.size >= max) break;
    if (CJK.test(run)) {
      const chars = [...run];
      for (let i = 0; i + 1 < chars.length && out.size < max; i++) out.add(`${chars[i]}${chars[i + 1]}`);
    } else if (run.length >= 2) out.add(run.toUpperCase());
  }
  return [...out];
}

/** The indexed terms of a case's description (its head, at most `MAX_TEXT_TERMS`). */
export function descriptionTerms(state: CaseState): string[] {
  return textTerms([...state.description].slice(0, TEXT_HEAD).join(''), MAX_TEXT_TERMS);
}

/** What `q=` is compared with: upper case, no spaces or dashes. */
export function normalizeSearchKey(q: string): string {
  return q.toUpperCase().replace(/[\s-]/g, '');
}

/** The partition of one view for one listing tenant. */
export function viewPK(listing: string, flavor: 'TREE' | 'SELF' | 'OWN', view: string): string {
  return `${listing}CLIST#${flavor}#${view}`;
}

/** The index items a case has as it stands (deterministic: compare before / after to know what to write). */
export function caseListEntries(owner: TenantPath, state: CaseState, phone?: string): CaseListEntry[] {
  const byTime = `${state.createdAt}#${state.id}`;
  const open = !slaFreeSteps.includes(state.step);
  const due = open ? clockDeadline(state) : undefined;
  const views: Array<[string, string]> = [['ALL', byTime]];
  if (state.categoryCode) views.push([`CAT#${state.categoryCode}`, byTime]);
  if (state.departmentId) views.push([`DEPT#${state.departmentId}`, byTime]);
  if (state.supervised) views.push(['SUP', byTime]);
  if (state.overdue && open) views.push(['OVD', byTime]);
  if (due) views.push(['DUE', `${due}#${state.id}`]);
  for (const k of searchKeysOf(state, phone)) views.push([`KEY#${k}`, byTime]);
  for (const term of descriptionTerms(state)) views.push([`TXT#${term}`, byTime]);
  const listing = new Set(pathsAbove(owner));
  if (state.holderPath) listing.add(state.holderPath);
  const out: CaseListEntry[] = [];
  const entry = (PK: string, SK: string) => out.push({ PK, SK, caseId: state.id, casePath: owner });
  for (const tenant of listing) for (const [view, sk] of views) entry(viewPK(tenant, 'TREE', view), sk);
  // the owner's own list (GET /api/cases without scope): one category, a department's cases at one step
  if (state.categoryCode) entry(viewPK(owner, 'OWN', `CAT#${state.categoryCode}`), byTime);
  if (state.departmentId) entry(viewPK(owner, 'OWN', `DEPT#${state.departmentId}#STEP#${state.step}`), byTime);
  // the citizens' requests (those with a tracking code), as Open311 lists them
  if (state.trackingCode) entry(viewPK(owner, 'OWN', 'PUB'), byTime);
  const holder = state.holderPath ?? owner;
  entry(viewPK(holder, 'SELF', 'ALL'), byTime);
  if (state.supervised) entry(viewPK(holder, 'SELF', 'SUP'), byTime);
  if (state.overdue && open) entry(viewPK(holder, 'SELF', 'OVD'), byTime);
  // a 协办 department's own list: the cases it assists, in the holder's queue
  for (const d of state.assistingDepartmentIds ?? []) entry(viewPK(holder, 'SELF', `ASSIST#${d}`), byTime);
  return out;
}

/** The filters a subtree / flag list may combine (anything else names its combination in a 400). */
export interface CaseIndexQuery {
  scope: 'subtree' | 'self';
  categoryCode?: string;
  /** the lead (主办) department's cases */
  departmentId?: string;
  supervised?: boolean;
  overdue?: boolean;
  q?: string;
  /** the cases a department assists (协办), from the holder's queue */
  assistingDepartmentId?: string;
  from?: string;
  to?: string;
  sort?: 'created' | 'deadline';
}

/** The one view partition and key range that serve a query, or a 400 naming the combination that cannot be. */
export function planIndexQuery(
  listing: string,
  query: CaseIndexQuery,
  now: Date,
): { pk: string; range?: { from?: string; to?: string }; ascending: boolean; textFilter?: string[] } {
  if (query.assistingDepartmentId !== undefined) {
    const others = [
      ...(query.categoryCode ? ['categoryCode'] : []),
      ...(query.departmentId ? ['departmentId'] : []),
      ...(query.supervised ? ['supervised'] : []),
      ...(query.overdue ? ['overdue'] : []),
      ...(query.q ? ['q'] : []),
      ...(query.sort === 'deadline' ? ['sort=deadline'] : []),
    ];
    if (others.length > 0) throw unserved(['assisting', ...others]);
    const range = query.from !== undefined || query.to !== undefined;
    return {
      pk: viewPK(listing, 'SELF', `ASSIST#${query.assistingDepartmentId}`),
      ascending: false,
      ...(range ? { range: { from: query.from, to: query.to === undefined ? undefined : `${query.to}#~` } } : {}),
    };
  }
  const picked: string[] = [];
  if (query.categoryCode) picked.push('categoryCode');
  if (query.departmentId) picked.push('departmentId');
  if (query.supervised) picked.push('supervised');
  if (query.overdue) picked.push('overdue');
  if (query.q) picked.push('q');
  if (query.sort === 'deadline') picked.push('sort=deadline');
  const timeRange = query.from !== undefined || query.to !== undefined;
  const deadlineOverdue = query.sort === 'deadline' && query.overdue === true && picked.length === 2;
  if (picked.length > 1 && !deadlineOverdue) throw unserved([...picked, ...(timeRange ? ['from/to'] : [])]);
  if (timeRange && query.sort === 'deadline') throw unserved([...picked, 'from/to']);
  if (query.overdue === false || query.supervised === false) {
    throw unserved([query.overdue === false ? 'overdue=false' : 'supervised=false']);
  }
  if (query.scope === 'self' && picked.some((p) => p !== 'supervised' && p !== 'overdue')) {
    throw unserved(['scope=self', ...picked]);
  }
  const flavor = query.scope === 'subtree' ? 'TREE' : 'SELF';
  const range = timeRange ? { from: query.from, to: query.to === undefined ? undefined : `${query.to}#~` } : undefined;
  if (query.sort === 'deadline') {
    // open cases by due time, soonest first; with overdue=true only those already due
    return {
      pk: viewPK(listing, flavor, 'DUE'),
      ascending: true,
      ...(query.overdue ? { range: { to: `${now.toISOString()}#~` } } : {}),
    };
  }
  const view = query.categoryCode
    ? `CAT#${query.categoryCode}`
    : query.departmentId
      ? `DEPT#${query.departmentId}`
      : query.supervised
        ? 'SUP'
        : query.overdue
          ? 'OVD'
          : query.q
            ? searchView(query.q)
            : 'ALL';
  // free text: one term's partition, the page kept to the cases whose text has the whole query
  const textFilter = view.startsWith('TXT#') && query.q ? textTerms(query.q) : undefined;
  return {
    pk: viewPK(listing, flavor, view),
    ascending: false,
    ...(range ? { range } : {}),
    ...(textFilter && textFilter.length > 1 ? { textFilter } : {}),
  };
}

/**
 * The view a `q=` reads: an exact key (tracking code, case number, phone: digits, Latin letters and dashes) or
 * else the first text term of the query (free text such as 井盖 or 垃圾堆放); a query with no term is a 400.
 */
function searchView(q: string): string {
  const key = normalizeSearchKey(q);
  if (/^[\dA-Z]+$/.test(key) && (/\d/.test(key) || key.length === 10)) return `KEY#${key}`;
  const [first] = textTerms(q);
  if (first === undefined) {
    throw new ValidationError('Nothing to search for', [
      { path: 'q', message: 'search with two or more characters, a tracking code, a case number or a phone' },
    ]);
  }
  return `TXT#${first}`;
}

/** The filters of the own list (`GET /api/cases` without scope). */
export interface OwnListFilters {
  step?: string;
  gridCode?: string;
  categoryCode?: string;
  departmentId?: string;
  overdue?: boolean;
  due?: unknown;
}

/**
 * How the own list serves its filters, each from a key: none or one of step / gridCode / departmentId from the
 * case's own indexes (`index`); a category, or a department at one step, from the list index's `OWN` views
 * (`view`); the closing-cohort window (optionally of one department) as one filtered page of the created-at or
 * department index (`due`: a short page with a cursor is normal). Any other combination is a 400 naming it.
 */
export function planOwnQuery(
  owner: string,
  q: OwnListFilters,
): { kind: 'index' } | { kind: 'due' } | { kind: 'view'; pk: string } {
  const picked = (['step', 'gridCode', 'categoryCode', 'departmentId', 'overdue'] as const).filter(
    (k) => q[k] !== undefined,
  );
  const named = picked.map((k) => (k === 'overdue' ? `overdue=${q.overdue}` : k));
  const refuse = (names: string[]) =>
    unserved(
      names,
      `${names.join(' + ')}: the own list filters by one of step, gridCode, categoryCode or departmentId ` +
        '(departmentId with step or with dueFrom/dueTo); overdue=true, supervised, q and dates read the list index',
    );
  if (q.due !== undefined) {
    if (picked.some((k) => k !== 'departmentId')) throw refuse([...named, 'dueFrom/dueTo']);
    return { kind: 'due' };
  }
  if (picked.includes('overdue')) throw refuse(named);
  if (picked.length === 0 || (picked.length === 1 && picked[0] !== 'categoryCode')) return { kind: 'index' };
  if (picked.length === 1) return { kind: 'view', pk: viewPK(owner, 'OWN', `CAT#${q.categoryCode}`) };
  if (picked.length === 2 && q.step !== undefined && q.departmentId !== undefined) {
    return { kind: 'view', pk: viewPK(owner, 'OWN', `DEPT#${q.departmentId}#STEP#${q.step}`) };
  }
  throw refuse(named);
}

function unserved(combination: string[], message?: string): ValidationError {
  const named = combination.join(' + ');
  return new ValidationError(
    `The filter combination ${named} cannot be served from an index`,
    [
      {
        path: 'query',
        code: 'unsupported_filter_combination',
        params: { filters: named },
        message:
          message ??
          `${named}: combine at most one of categoryCode, departmentId, supervised, overdue, q, sort=deadline (with from/to on time-ordered lists; overdue with sort=deadline)`,
      },
    ],
    'unsupported_filter_combination',
  );
}
