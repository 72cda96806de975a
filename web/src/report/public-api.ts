import { ApiError, networkError, toApiError } from '../shared/api-error';
import type { CategoryAttribute } from '../shared/attributes';
import type { MapSource } from '../shared/map/source';
import type { PresignedUpload } from '../shared/upload';

export interface PublicCategory {
  code: string;
  name: string;
  /** the category's questions, asked on the form */
  attributes?: CategoryAttribute[];
}

export interface PublicTenant {
  slug: string;
  name?: string;
  location?: { lat: number; lng: number } | null;
  /** the office's base map: tile layers (none = the offline vector map), coordinate system, geocoder */
  map?: MapSource;
}

export interface ReportBody {
  categoryCode?: string;
  description: string;
  location?: { lat: number; lng: number };
  address?: string;
  attributes?: Record<string, string | number | string[]>;
  contact?: { name?: string; phone?: string };
  anonymous?: boolean;
  photos?: string[];
  website?: string;
}

/** A similar open report nearby: what and how far — never another citizen's tracking code or words. */
export interface Duplicate {
  categoryCode?: string;
  step?: string;
  createdAt?: string;
  distanceMeters?: number;
}

export interface ReportCreated {
  trackingCode: string;
  step: string;
  duplicates?: Duplicate[];
}

export interface Tracking {
  trackingCode: string;
  step: string;
  /** the office (tenant) handling it */
  office?: string;
  categoryName?: string;
  createdAt?: string;
  history: { step: string; at: string }[];
  /** 预计办结, while the case is open */
  expectedBy?: string;
  /** 答复 and after-photos (short-lived links), once closed */
  reply?: { text: string; at: string; photos: { url: string }[] };
  rejection?: { reason: string; at: string };
}

async function call<T>(path: string, init?: RequestInit): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      ...init,
      headers: {
        Accept: 'application/json',
        ...(init?.body ? { 'Content-Type': 'application/json' } : {}),
        ...init?.headers,
      },
    });
  } catch (e) {
    throw networkError(e);
  }
  if (!res.ok) throw await toApiError(res);
  return (res.status === 204 ? undefined : await res.json().catch(() => undefined)) as T;
}

const base = (slug: string) => `/public/${encodeURIComponent(slug)}`;

export function getCategories(slug: string): Promise<unknown> {
  return call(`${base(slug)}/categories`);
}

/** `GET /public/{slug}`: the tenant's public name and map centre (null without grids). Failure is harmless. */
export function getTenant(slug: string): Promise<PublicTenant> {
  return call(base(slug));
}

/** `POST /public/{slug}/uploads`: presigned photo upload (jpeg, png, webp ≤ 10 MiB) for a citizen report. */
export function presignPhoto(slug: string, file: File): Promise<PresignedUpload> {
  return call(`${base(slug)}/uploads`, {
    method: 'POST',
    body: JSON.stringify({ fileName: file.name, contentType: file.type, size: file.size }),
  });
}

/** Sends the report; the same Idempotency-Key on a retry returns the same report instead of a second one. */
export function submitReport(slug: string, body: ReportBody, idempotencyKey: string): Promise<ReportCreated> {
  return call(`${base(slug)}/reports`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'Idempotency-Key': idempotencyKey },
  });
}

export function getTracking(slug: string, code: string): Promise<Tracking> {
  return call(`${base(slug)}/reports/${encodeURIComponent(code)}`);
}

export function evaluate(slug: string, code: string, rating: number, comment?: string): Promise<unknown> {
  return call(`${base(slug)}/reports/${encodeURIComponent(code)}/evaluation`, {
    method: 'POST',
    body: JSON.stringify(comment ? { rating, comment } : { rating }),
  });
}

export { ApiError };
