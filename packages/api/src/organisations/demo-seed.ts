import { newId } from '@civicgrid/db';
import { creditCodeCheckChar, type Organisation, type TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { recordId } from '../modules/records';
import { OrganisationService } from './service';

/** [name, kind, the code's first two characters, cultivation stage, rating] */
const ORGANISATIONS: [string, Organisation['kind'], string, Organisation['stage']?, Organisation['rating']?][] = [
  ['天津海滨物流有限公司', 'enterprise', '91'],
  ['滨城建筑工程有限公司', 'enterprise', '91'],
  ['泰丰便利超市', 'enterprise', '92'],
  ['社区志愿者协会', 'social', '51', 'rated', '4A'],
  ['邻里互助服务中心', 'social', '52', 'registered'],
  ['银龄读书会', 'social', '53', 'incubating'],
  ['社区卫生服务站', 'institution', '12'],
];

/** A credit code (GB 32100) of the demo: authority + type, Binhai 120116, an organisation number. */
function creditCode(prefix: string, n: number): string {
  const first17 = `${prefix}120116MA${String(n).padStart(6, '0')}A`;
  return `${first17}${creditCodeCheckChar(first17)}`;
}

/**
 * Demo organisations of one street: enterprises, social organisations at each cultivation stage and an
 * institution, spread over its grids with valid credit codes, so the 组织 page, its layer and its counters show
 * something real.
 */
export async function seedStreetOrganisations(
  deps: AppDeps,
  street: { path: TenantPath; tenantId: string; index: number; grids: { code: string; lat: number; lng: number }[] },
): Promise<void> {
  const service = new OrganisationService(deps);
  const now = deps.clock();
  const at = now.toISOString();
  const entries = ORGANISATIONS.map(([name, kind, prefix, stage, rating], i) => {
    const grid = street.grids[i % street.grids.length] ?? street.grids[0];
    const record: Organisation = {
      id: recordId(street.tenantId, newId(now)),
      name,
      creditCode: creditCode(prefix, street.index * 100 + i + 1),
      kind,
      address: `天津市滨海新区第${street.index + 1}大街${60 + i * 4}号`,
      gridCode: grid?.code ?? '',
      ...(grid ? { location: { lat: grid.lat - 0.0006 + i * 0.0002, lng: grid.lng + 0.0014 - i * 0.0003 } } : {}),
      contacts: [],
      status: 'active',
      ...(stage ? { stage } : {}),
      ...(rating ? { rating } : {}),
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    return { record, events: [{ type: 'registered', at, actor: 'demo-seed' }] };
  });
  await service.organisations.createMany(street.path, entries);
}
