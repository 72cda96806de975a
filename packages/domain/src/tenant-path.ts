/**
 * A tenant path is the tenant's place in the hierarchy, used as the leading part of every key:
 * `d0001/` (district), `d0001/s001/` (street in a district), `s0007/` (standalone street),
 * `d0001/s001/c001/` (community). Always `/`-terminated so `d1/` never prefixes `d10/`, and never `#`
 * because STS session tags (the IAM LeadingKeys wall) forbid it.
 */
export type TenantPath = string & { readonly __brand: 'TenantPath' };

export type TenantLevel = 'district' | 'street' | 'community';

const SEGMENT = /^[dsc][0-9]{3,6}$/;

/** Parse and check a tenant path; throws on anything malformed so a bad key can never be built. */
export function tenantPath(value: string): TenantPath {
  if (!isTenantPath(value)) throw new TypeError(`Malformed tenant path: ${value}`);
  return value as TenantPath;
}

/** True when `value` is `/`-terminated segments like `d0001/s001/`. */
export function isTenantPath(value: string): value is TenantPath {
  if (!value.endsWith('/')) return false;
  const segments = value.slice(0, -1).split('/');
  return segments.length >= 1 && segments.length <= 3 && segments.every((s) => SEGMENT.test(s));
}

/** The public tenant id is the path with dots: `d0001/s001/` ↔ `d0001.s001`. */
export function tenantIdFromPath(path: TenantPath): string {
  return path.slice(0, -1).split('/').join('.');
}

/** Inverse of tenantIdFromPath; undefined for anything that is not a well-formed id. */
export function pathFromTenantId(id: string): TenantPath | undefined {
  const candidate = `${id.split('.').join('/')}/`;
  return isTenantPath(candidate) ? (candidate as TenantPath) : undefined;
}

/** True when `path` equals `ancestor` or lies below it. */
export function isWithin(path: TenantPath, ancestor: TenantPath): boolean {
  return path.startsWith(ancestor);
}

/** Parent path, or undefined for a root tenant. */
export function parentOf(path: TenantPath): TenantPath | undefined {
  const segments = path.slice(0, -1).split('/');
  if (segments.length < 2) return undefined;
  return `${segments.slice(0, -1).join('/')}/` as TenantPath;
}

/** Strict ancestors, nearest last: `d1/s1/c1/` → [`d1/`, `d1/s1/`]. */
export function ancestorsOf(path: TenantPath): TenantPath[] {
  const segments = path.slice(0, -1).split('/');
  const result: TenantPath[] = [];
  for (let i = 1; i < segments.length; i++) result.push(`${segments.slice(0, i).join('/')}/` as TenantPath);
  return result;
}

/** The level a path's last segment names. */
export function levelOf(path: TenantPath): TenantLevel {
  const last = path.slice(0, -1).split('/').at(-1) ?? '';
  return last.startsWith('d') ? 'district' : last.startsWith('s') ? 'street' : 'community';
}

/** Build a child path from a parent and a sequence number. */
export function childPath(parent: TenantPath | undefined, level: TenantLevel, seq: number): TenantPath {
  const segment = level === 'district' ? `d${pad(seq, 4)}` : level === 'street' ? `s${pad(seq, 3)}` : `c${pad(seq, 3)}`;
  return tenantPath(`${parent ?? ''}${segment}/`);
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}
