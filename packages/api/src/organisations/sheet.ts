import {
  cultivationStageLabels,
  cultivationStages,
  type Organisation,
  type OrganisationInput,
  organisationInputSchema,
  organisationKindLabels,
  organisationKinds,
  organisationStatuses,
  organisationStatusLabels,
  tenantIdFromPath,
} from '@civicgrid/domain';
import type { SheetColumn, SheetEntity } from '../modules/module';
import { pagedRows, rowProblems } from '../modules/records';
import { OrganisationService } from './service';

/** The organisation spreadsheet: Chinese headers, the English field names accepted too. */
const columns: SheetColumn[] = [
  { field: 'name', header: '单位名称', aliases: ['名称', '组织名称'], required: true },
  { field: 'creditCode', header: '统一社会信用代码', aliases: ['信用代码'], required: true },
  { field: 'kind', header: '单位类型', aliases: ['类型'], required: true },
  { field: 'address', header: '地址', aliases: ['注册地址', '经营地址'], required: true },
  { field: 'gridCode', header: '网格编码', required: true },
  { field: 'status', header: '状态', aliases: ['经营状态'] },
  { field: 'stage', header: '培育阶段' },
  { field: 'rating', header: '评估等级' },
];

/** Codes by code or Chinese label. */
function lookup<K extends string>(codes: readonly K[], labels: Readonly<Record<K, string>>) {
  return new Map<string, string>([
    ...codes.map((k) => [k, k] as const),
    ...Object.entries(labels).map(([k, label]) => [label as string, k] as const),
  ]);
}
const kindByLabel = lookup(organisationKinds, organisationKindLabels);
const statusByLabel = lookup(organisationStatuses, organisationStatusLabels);
const stageByLabel = lookup(cultivationStages, cultivationStageLabels);

/** A spreadsheet row as the organisation input (empty cells absent; labels turned into codes). */
function inputOf(cells: Record<string, string>): Record<string, unknown> {
  const v = (field: string) => (cells[field] ?? '').trim() || undefined;
  const coded = (field: string, map: Map<string, string>) => {
    const value = v(field);
    return value ? (map.get(value) ?? value) : undefined;
  };
  const input: Record<string, unknown> = {
    name: v('name'),
    creditCode: v('creditCode'),
    kind: coded('kind', kindByLabel),
    address: v('address'),
    gridCode: v('gridCode'),
    status: coded('status', statusByLabel),
    stage: coded('stage', stageByLabel),
    rating: v('rating')?.toUpperCase(),
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** An organisation as a spreadsheet row. */
function rowOf(o: Organisation): Record<string, string> {
  return {
    name: o.name,
    creditCode: o.creditCode,
    kind: organisationKindLabels[o.kind],
    address: o.address,
    gridCode: o.gridCode,
    status: organisationStatusLabels[o.status],
    stage: o.stage ? cultivationStageLabels[o.stage] : '',
    rating: o.rating ?? '',
  };
}

/** Organisations as spreadsheets: import idempotent by credit code, export of the tenant's organisations. */
export const organisationSheet: SheetEntity = {
  entity: 'organisations',
  columns,
  readPermission: 'organisation.read',
  importPermission: 'organisation.write',
  async importer(deps, path, actor) {
    const service = new OrganisationService(deps);
    const tenantId = tenantIdFromPath(path);
    return {
      parse(cells) {
        const parsed = organisationInputSchema.safeParse(inputOf(cells));
        if (!parsed.success) return { ok: false, problems: rowProblems(parsed.error.issues) };
        return { ok: true, key: parsed.data.creditCode, input: parsed.data };
      },
      async existing(keys) {
        return new Set((await service.organisations.holders(path, 'code', keys)).keys());
      },
      saveAll: (inputs) => service.createMany(path, tenantId, inputs as OrganisationInput[], actor),
    };
  },
  async *exportRows(deps, path, _actor, options) {
    const service = new OrganisationService(deps);
    const all = pagedRows((cursor) => service.list(path, { limit: 100, cursor }), options.maxRows);
    for await (const o of all) yield rowOf(o);
  },
};
