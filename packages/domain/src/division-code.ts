import { isProvinceCode } from './province-code';
import type { TenantLevel } from './tenant-path';

/**
 * A tenant's administrative division code (GB/T 2260 county + GB/T 10114 street/town + community/village), the
 * prefix its grid codes carry: 6 digits for a district, 9 for a street or town, 12 for a community.
 */
export const divisionCodeLength: Readonly<Record<TenantLevel, number>> = { district: 6, street: 9, community: 12 };

/**
 * Why `code` cannot be the division code of a tenant of `level` below a parent whose own code is `parentCode`
 * (undefined when the parent has none), or undefined when it can.
 */
export function divisionCodeProblem(level: TenantLevel, code: string, parentCode?: string): string | undefined {
  const length = divisionCodeLength[level];
  if (!new RegExp(`^\\d{${length}}$`).test(code)) return `a ${level}'s division code has exactly ${length} digits`;
  if (!isProvinceCode(code.slice(0, 2))) return 'a division code starts with a GB/T 2260 province code';
  if (code.slice(2, 6) === '0000') return 'the first 6 digits must name a county or district, not a province';
  if (level !== 'district' && code.slice(6, 9) === '000') return 'the street/town digits (7–9) may not be 000';
  if (level === 'community' && code.slice(9, 12) === '000') return 'the community digits (10–12) may not be 000';
  if (parentCode !== undefined && !code.startsWith(parentCode)) {
    return `must start with the parent's division code ${parentCode}`;
  }
  return undefined;
}

/**
 * Why `gridCode` breaks the division rule of the tenant that draws it, or undefined when it keeps it: once a
 * street has set its 9-digit code, its grid codes start with it and their community digits name one of its
 * communities (by those communities' own codes); a community's grids start with its 12-digit code. A tenant with
 * no division code keeps the shape check alone.
 */
export function gridDivisionProblem(
  gridCode: string,
  tenant: { level: TenantLevel; divisionCode?: string | undefined },
  communityCodes: readonly string[],
): string | undefined {
  const own = tenant.divisionCode;
  if (own === undefined) return undefined;
  if (!gridCode.startsWith(own)) return `must start with the tenant's division code ${own}`;
  if (tenant.level !== 'street') return undefined;
  const community = gridCode.slice(0, 12);
  if (communityCodes.includes(community)) return undefined;
  if (communityCodes.length === 0) {
    return 'the community digits must name one of the street’s communities: set a community’s division code first';
  }
  return `digits 10–12 must name one of the street's communities (${communityCodes.map((c) => c.slice(9)).join(', ')})`;
}
