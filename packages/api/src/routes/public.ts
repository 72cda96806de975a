import { randomUUID } from 'node:crypto';
import type { CasePrivate } from '@civicgrid/db';
import {
  type CaseEvent,
  citizenActor,
  evaluationSchema,
  isHoneypotTripped,
  mapSourceOf,
  NotFoundError,
  PayloadTooLargeError,
  publicReportSchema,
  requiredText,
  type TenantPath,
  ValidationError,
} from '@civicgrid/domain';
import type { Context } from 'hono';
import * as z from 'zod';
import { CaseService } from '../cases/case-service';
import { canonicalTrackingCode, fileOutsideReport, newTrackingCode, requireOpenTenant } from '../cases/citizen-channel';
import { DEFAULT_DUPLICATE_RADIUS_M, findNearbyOpenCases } from '../cases/duplicates';
import { publicOutcome } from '../cases/public-tracking';
import type { AppDeps } from '../deps';
import { clientIp } from '../http/context';
import { idempotencyKeyOf } from '../http/idempotency';
import { RateLimiter } from '../http/rate-limit';
import type { Route } from '../http/routes';
import { parseWith } from '../http/validate';
import { mapSettingsOf } from '../places/map-routes';
import { presignWithinQuota } from '../usage/evidence';
import { categoriesOf, gridsOf } from './config';

/** Public bodies are small (a description, a point, three photo keys): anything bigger is abuse. */
export const PUBLIC_BODY_BYTES = 64 * 1024;
/** Photos a citizen may attach to one report. */
const MAX_PHOTOS = 3;
/** Citizens upload photos only (the staff evidence endpoint also takes PDF). */
const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;

const reportSchema = publicReportSchema.extend({
  photos: z
    .array(z.string({ error: 'photo keys are text' }).min(1).max(512), { error: 'photos must be a list of keys' })
    .max(MAX_PHOTOS, { error: `at most ${MAX_PHOTOS} photos` })
    .optional(),
});

const uploadSchema = z.object({
  fileName: requiredText('fileName', 200),
  contentType: z.enum(PHOTO_TYPES, { error: `contentType must be one of: ${PHOTO_TYPES.join(', ')}` }),
  size: z
    .int({ error: 'size must be a whole number of bytes' })
    .min(1, { error: 'size must be at least 1 byte' })
    .max(10 * 1024 * 1024, { error: 'size must be at most 10 MiB' }),
});

/** The citizen channel: the tenant's public page, categories, photo uploads, reports, tracking and rating. */
export function registerPublicRoutes(route: Route, deps: AppDeps): void {
  const service = new CaseService(deps);
  const limits = deps.config.rateLimits;
  const reportsPerClient = new RateLimiter(limits.reportsPerMinute, 60_000);
  const reportsPerTenant = new RateLimiter(limits.reportsPerTenantPerMinute, 60_000);
  const uploadsPerClient = new RateLimiter(limits.uploadsPerMinute ?? 20, 60_000);
  const lookupsPerClient = new RateLimiter(limits.lookupsPerMinute ?? 60, 60_000);
  const radius = deps.config.duplicateRadiusMeters ?? DEFAULT_DUPLICATE_RADIUS_M;

  route(
    {
      method: 'GET',
      path: '/public/:slug',
      operationId: 'getPublicTenant',
      isolation: 'public',
      summary: 'A tenant’s public name, map centre and base map',
    },
    async (c) => {
      const tenant = await requireOpenTenant(deps, c.req.param('slug'));
      const [grids, map] = await Promise.all([gridsOf(deps).list(tenant.path), mapSettingsOf(deps, tenant.path)]);
      // the base map the office chose (tile layers, coordinate system, geocoder); no tiles = the vector map
      return c.json({ slug: tenant.slug, name: tenant.name, location: centreOf(grids), map: mapSourceOf(map) });
    },
  );

  route(
    {
      method: 'GET',
      path: '/public/:slug/categories',
      operationId: 'listPublicCategories',
      isolation: 'public',
      summary: 'Categories a citizen may choose',
    },
    async (c) => {
      const tenant = await requireOpenTenant(deps, c.req.param('slug'));
      const items = (await categoriesOf(deps).list(tenant.path)).filter((cat) => cat.active !== false);
      // the attributes the form asks for the category (datatype, required, values)
      return c.json({ items: items.map(({ code, name, attributes }) => ({ code, name, attributes })) });
    },
  );

  route(
    {
      method: 'POST',
      path: '/public/:slug/uploads',
      operationId: 'createCitizenPhotoUpload',
      isolation: 'public',
      summary: 'Presigned upload URL for a citizen photo',
    },
    async (c) => {
      uploadsPerClient.hit(clientIp(c), 'uploads');
      const tenant = await requireOpenTenant(deps, c.req.param('slug'));
      const input = parseWith(uploadSchema, await boundedJson(c));
      const folderId = randomUUID();
      // citizen photos count against the tenant's storage plan like staff evidence
      const upload = await presignWithinQuota(
        deps,
        tenant.path,
        input.size,
        () =>
          deps.files.presignUpload({
            tenantPath: tenant.path,
            caseId: folderId,
            folder: `reports/${folderId}`,
            ...input,
          }),
        'public',
      );
      return c.json(upload, 201);
    },
  );

  route(
    {
      method: 'POST',
      path: '/public/:slug/reports',
      operationId: 'submitCitizenReport',
      isolation: 'public',
      summary: 'Submit a citizen report',
    },
    async (c) => {
      reportsPerClient.hit(clientIp(c), 'reports');
      const slug = c.req.param('slug');
      const tenant = await requireOpenTenant(deps, slug);
      reportsPerTenant.hit(tenant.path, 'reports for this office');
      const idempotencyKey = idempotencyKeyOf(c);
      const input = parseWith(reportSchema, await boundedJson(c));
      // A bot filled the field people never see: answer exactly like a success so it learns nothing, store
      // nothing. The code it gets is well-formed but names no case (tracking it is a 404).
      if (isHoneypotTripped(input)) {
        deps.log({ level: 'INFO', message: 'honeypot tripped', slug });
        return c.json({ trackingCode: newTrackingCode(), step: 'reported', duplicates: [] }, 201);
      }
      await checkPhotos(deps, tenant.path, input.photos ?? []);
      // The duplicate hint reads other open cases, so it need not wait for this one to be stored: both run at
      // once. It is only a hint — a failed read leaves it empty rather than failing a report that was filed.
      const hint = findNearbyOpenCases(
        service.cases,
        tenant.path,
        { location: input.location, categoryCode: input.categoryCode },
        radius,
      ).catch((error: unknown) => {
        deps.log({ level: 'WARN', message: 'duplicate hint failed', slug, error: (error as Error).message });
        return [];
      });
      const { state, created } = await fileOutsideReport(
        deps,
        service,
        tenant.path,
        {
          source: 'citizen',
          description: input.description,
          categoryCode: input.categoryCode,
          location: input.location,
          address: input.address,
          attributes: input.attributes,
          private: privateOf(input),
          idempotency: idempotencyKey ? { scope: 'public', key: idempotencyKey } : undefined,
        },
        citizenActor,
      );
      const nearby = (await hint).filter((d) => d.state.id !== state.id);
      // the 疑似重复 flag on the centre's worklist: one small write, only when the hint found something
      if (created && nearby.length > 0) {
        await service.cases
          .markPossibleDuplicate(
            tenant.path,
            state.id,
            nearby.map((d) => d.state.id),
          )
          .catch((error: unknown) =>
            deps.log({ level: 'WARN', message: 'duplicate flag failed', slug, error: (error as Error).message }),
          );
      }
      // a hint says that the problem is known and being handled — never another citizen's code or words
      const duplicates = nearby.map((d) => ({
        categoryCode: d.state.categoryCode,
        step: d.state.step,
        createdAt: d.state.createdAt,
        distanceMeters: d.distanceMeters,
      }));
      return c.json({ trackingCode: state.trackingCode, step: state.step, duplicates }, created ? 201 : 200);
    },
  );

  route(
    {
      method: 'GET',
      path: '/public/:slug/reports/:code',
      operationId: 'trackCitizenReport',
      isolation: 'public',
      summary: 'Track a report by its code (public steps only, no personal data)',
    },
    async (c) => {
      lookupsPerClient.hit(clientIp(c), 'lookups');
      const { tenant, path, stored } = await locateByCode(c);
      const [events, category] = await Promise.all([
        service.cases.events(path, stored.state.id),
        stored.state.categoryCode ? categoriesOf(deps).get(path, stored.state.categoryCode) : undefined,
      ]);
      const { reply, ...outcome } = publicOutcome(stored.state, events);
      // the after-photos as short-lived links: the keys themselves never leave the API
      const photos = reply
        ? await Promise.all(
            reply.photoKeys.map(async (key) => ({ url: (await deps.files.presignDownload(path, key)).url })),
          )
        : [];
      return c.json({
        trackingCode: stored.state.trackingCode,
        step: stored.state.step,
        office: tenant.name,
        ...(category ? { categoryName: category.name } : {}),
        createdAt: stored.state.createdAt,
        history: publicHistory(events),
        ...outcome,
        ...(reply ? { reply: { text: reply.text, at: reply.at, photos } } : {}),
      });
    },
  );

  route(
    {
      method: 'POST',
      path: '/public/:slug/reports/:code/evaluation',
      operationId: 'evaluateCitizenReport',
      isolation: 'public',
      summary: 'Rate a closed report (once)',
    },
    async (c) => {
      lookupsPerClient.hit(clientIp(c), 'lookups');
      const { path, stored } = await locateByCode(c);
      const body = parseWith(evaluationSchema, await boundedJson(c));
      const code = stored.state.trackingCode ?? '';
      const next = await service.act(path, stored.state.id, 'evaluate', body, citizenActor(code), undefined, stored);
      return c.json({ trackingCode: code, step: next.step }, 201);
    },
  );

  /** The case a tracking code names in an open tenant; anything else is the same 404. */
  async function locateByCode(c: Context) {
    const tenant = await requireOpenTenant(deps, c.req.param('slug'));
    const code = canonicalTrackingCode(c.req.param('code') ?? '');
    const stored = code ? await service.cases.getByTrackingCode(tenant.path, code) : undefined;
    if (!stored) throw new NotFoundError('Report');
    return { tenant, path: tenant.path, stored };
  }
}

/**
 * Read a JSON body of at most `max` bytes (413 beyond). The declared length is checked before reading, the real
 * length after (a chunked body declares none).
 */
export async function boundedJson(c: Context, max = PUBLIC_BODY_BYTES): Promise<unknown> {
  const text = await boundedText(c, max);
  try {
    return text.length === 0 ? {} : JSON.parse(text);
  } catch {
    throw new ValidationError(
      'Body is not valid JSON',
      [{ path: '(body)', message: 'must be valid JSON' }],
      'invalid_json',
    );
  }
}

/** The raw body, at most `max` bytes (413 beyond). */
export async function boundedText(c: Context, max = PUBLIC_BODY_BYTES): Promise<string> {
  const declared = Number(c.req.header('content-length'));
  if (Number.isFinite(declared) && declared > max) throw tooLarge(max);
  const text = await c.req.text();
  if (Buffer.byteLength(text) > max) throw tooLarge(max);
  return text;
}

function tooLarge(max: number): PayloadTooLargeError {
  return new PayloadTooLargeError(`Body larger than ${max} bytes`);
}

/** Photo keys must be citizen uploads of this tenant that really arrived. */
async function checkPhotos(deps: AppDeps, path: TenantPath, keys: string[]): Promise<void> {
  for (const [i, key] of keys.entries()) {
    const ok = key.startsWith(`${path}reports/`) && (await deps.files.objectSize(key)) !== undefined;
    if (!ok) {
      throw new ValidationError('Unknown photo', [
        { path: `photos.${i}`, message: 'must be a key returned by the photo upload, uploaded' },
      ]);
    }
  }
}

/** Contact details go to the private part; an anonymous report keeps nothing personal. */
function privateOf(input: z.infer<typeof reportSchema>): CasePrivate {
  const photos = input.photos?.length ? { photos: input.photos } : {};
  if (input.anonymous) return { anonymous: true, ...photos };
  const reporter: NonNullable<CasePrivate['reporter']> = {};
  if (input.contact?.name) reporter.name = input.contact.name;
  if (input.contact?.phone) reporter.phone = input.contact.phone;
  return { ...(Object.keys(reporter).length ? { reporter } : {}), ...photos };
}

/** The steps a citizen sees, oldest first: step changes only, no actors, notes or internal events. */
export function publicHistory(events: CaseEvent[]): { step: string; at: string }[] {
  return events.filter((e) => e.from !== e.to).map((e) => ({ step: e.to, at: e.at }));
}

/** The centre of the bounding box of the tenant's grid outlines, or null when no grid is drawn. */
export function centreOf(grids: { polygon?: { coordinates: number[][][] } | undefined }[]) {
  let minLng = Infinity;
  let minLat = Infinity;
  let maxLng = -Infinity;
  let maxLat = -Infinity;
  for (const grid of grids) {
    for (const position of grid.polygon?.coordinates[0] ?? []) {
      const [lng, lat] = position;
      if (lng === undefined || lat === undefined) continue;
      minLng = Math.min(minLng, lng);
      maxLng = Math.max(maxLng, lng);
      minLat = Math.min(minLat, lat);
      maxLat = Math.max(maxLat, lat);
    }
  }
  if (!Number.isFinite(minLng)) return null;
  return { lat: (minLat + maxLat) / 2, lng: (minLng + maxLng) / 2 };
}
