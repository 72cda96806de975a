import { type CasePrivate, lineageStatus, randomCode, type TenantRecord, TenantRepository } from '@civicgrid/db';
import {
  type AttributeValues,
  type CaseActor,
  type CaseState,
  type NewCase,
  NotFoundError,
  slugSchema,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { caseIdFor } from '../routes/cases';
import type { CaseService } from './case-service';
import { citizenNotice } from './citizen-notices';

/**
 * Tracking codes: 10 Crockford base32 characters (50 random bits) shown as `XXXXX-XXXXX`. Short enough to read
 * over the phone, unambiguous (no I, L, O, U), and far too many to guess within the lookup rate limit.
 */
const TRACKING_CHARS = 10;
const CROCKFORD = /^[0-9A-HJKMNP-TV-Z]{10}$/;

/** A fresh tracking code from the CSPRNG. */
export function newTrackingCode(): string {
  const raw = randomCode(TRACKING_CHARS);
  return `${raw.slice(0, 5)}-${raw.slice(5)}`;
}

/**
 * The canonical form of a code a person typed: case, spaces and dashes do not matter, and the letters people
 * confuse with digits (O → 0, I and L → 1) are read as Crockford intends. Undefined when it cannot be a code.
 */
export function canonicalTrackingCode(input: string): string | undefined {
  const raw = input.toUpperCase().replace(/[\s-]/g, '').replace(/O/g, '0').replace(/[IL]/g, '1');
  return CROCKFORD.test(raw) ? `${raw.slice(0, 5)}-${raw.slice(5)}` : undefined;
}

/**
 * How long a resolved public slug may be reused by this process (see `TenantRepository.getBySlug`): a status
 * change made in this process applies at once, one made by another process (another Lambda instance) within this.
 */
export const PUBLIC_SLUG_MAX_AGE_MS = 5_000;

/**
 * The tenant behind a public slug: only an active tenant below active tenants has an open door (a suspended or
 * pending district closes its streets' and communities' forms too); anything else is a 404.
 */
export async function requireOpenTenant(deps: AppDeps, slug: string | undefined): Promise<TenantRecord> {
  if (!slug || !slugSchema.safeParse(slug).success) throw new NotFoundError('Tenant');
  const tenants = new TenantRepository(deps.store);
  const tenant = await tenants.getBySlug(slug, { maxAgeMs: PUBLIC_SLUG_MAX_AGE_MS });
  if (tenant?.status !== 'active') throw new NotFoundError('Tenant');
  if (tenant.parentPath) {
    const lineage = await tenants.lineage(tenant.parentPath, { maxAgeMs: PUBLIC_SLUG_MAX_AGE_MS });
    if (lineageStatus(tenant.parentPath, lineage) !== 'active') throw new NotFoundError('Tenant');
  }
  return tenant;
}

/** What an outside reporter (citizen form or Open311 client) hands in. */
export interface OutsideReport {
  source: 'citizen' | 'open311';
  description: string;
  categoryCode?: string | undefined;
  location?: { lat: number; lng: number } | undefined;
  address?: string | undefined;
  /** answers to the category's attributes, checked by the case service against the category */
  attributes?: AttributeValues | undefined;
  private: CasePrivate;
  idempotency?: { scope: string; key: string } | undefined;
}

/**
 * File an outside report as a new case with a fresh tracking code; a repeated idempotency key returns the first
 * case (`created: false`). A reporter who left a phone number gets an acknowledgement with the code.
 */
export async function fileOutsideReport(
  deps: AppDeps,
  service: CaseService,
  path: TenantPath,
  report: OutsideReport,
  actorFor: (trackingCode: string) => CaseActor,
): Promise<{ state: CaseState; created: boolean }> {
  const now = deps.clock();
  const trackingCode = newTrackingCode();
  const input: NewCase = {
    id: caseIdFor(path, now),
    source: report.source,
    description: report.description,
    trackingCode,
    categoryCode: report.categoryCode,
    location: report.location,
    address: report.address,
    attributes: report.attributes,
  };
  const result = await service.create(path, input, actorFor(trackingCode), {
    idempotency: report.idempotency,
    private: report.private,
  });
  const phone = report.private.reporter?.phone;
  if (result.created && phone && result.state.trackingCode) {
    await acknowledge(deps, path, result.state, phone);
  }
  return result;
}

/** The SMS sent on submission, signed by the office (the step notices of CaseService cover every later step). */
async function acknowledgementFor(deps: AppDeps, path: TenantPath, trackingCode: string): Promise<string | undefined> {
  const tenant = await new TenantRepository(deps.store).get(path);
  const sender = { office: tenant?.name ?? deps.config.platformName, slug: tenant?.slug ?? '' };
  return citizenNotice('reported', trackingCode, { ...sender, publicUrl: deps.config.publicUrl });
}

async function acknowledge(deps: AppDeps, path: TenantPath, state: CaseState, phone: string): Promise<void> {
  try {
    await deps.notifier.notify({
      tenantPath: path,
      caseId: state.id,
      kind: 'citizen.reported',
      text: (await acknowledgementFor(deps, path, state.trackingCode ?? '')) ?? '',
      to: phone,
    });
  } catch (error) {
    // the report is filed; a lost acknowledgement must not turn it into an error the citizen retries
    deps.log({ level: 'WARN', message: 'acknowledgement failed', caseId: state.id, error: (error as Error).message });
  }
}
