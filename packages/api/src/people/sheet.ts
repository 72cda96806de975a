import { FieldCipher } from '@civicgrid/db';
import {
  maskIdNumber,
  maskPhone,
  type Person,
  type PersonInput,
  personInputSchema,
  registrationLabels,
  registrationTypes,
  tenantIdFromPath,
} from '@civicgrid/domain';
import type { SheetColumn, SheetEntity } from '../modules/module';
import { pagedRows, rowProblems } from '../modules/records';
import { PeopleService } from './service';

/** The people spreadsheet (API.md "Base data"): Chinese headers, the English field names accepted too. */
const columns: SheetColumn[] = [
  { field: 'name', header: '姓名', required: true },
  { field: 'idNumber', header: '身份证号', aliases: ['身份证号码', '公民身份号码'], required: true },
  { field: 'registration', header: '户籍类型', aliases: ['人口类型'], required: true },
  { field: 'phone', header: '手机号', aliases: ['联系电话', '手机'] },
  { field: 'gender', header: '性别' },
  { field: 'birthDate', header: '出生日期' },
  { field: 'origin', header: '籍贯' },
  { field: 'arrivedAt', header: '来本地日期' },
  { field: 'address', header: '现住址' },
  { field: 'gridCode', header: '网格编码' },
  { field: 'tags', header: '标签' },
];

const registrationByLabel = new Map<string, string>([
  ...registrationTypes.map((r) => [r, r] as const),
  ...Object.entries(registrationLabels).map(([code, label]) => [label, code] as const),
  ['户籍人口', 'resident'],
  ['流动人口', 'floating'],
  ['境外人员', 'overseas'],
]);
const genderByLabel = new Map([
  ['男', 'male'],
  ['女', 'female'],
  ['male', 'male'],
  ['female', 'female'],
]);

/** A spreadsheet row as the person input (empty cells absent; labels turned into codes). */
function inputOf(cells: Record<string, string>): Record<string, unknown> {
  const v = (field: string) => (cells[field] ?? '').trim() || undefined;
  const registration = v('registration');
  const gender = v('gender');
  const tags = v('tags');
  const input: Record<string, unknown> = {
    name: v('name'),
    idNumber: v('idNumber'),
    registration: registration ? (registrationByLabel.get(registration) ?? registration) : undefined,
    phone: v('phone'),
    gender: gender ? (genderByLabel.get(gender) ?? gender) : undefined,
    birthDate: v('birthDate'),
    origin: v('origin'),
    arrivedAt: v('arrivedAt'),
    address: v('address'),
    gridCode: v('gridCode'),
    tags: tags ? tags.split(/[,，、;；\s]+/).filter(Boolean) : undefined,
  };
  return Object.fromEntries(Object.entries(input).filter(([, value]) => value !== undefined));
}

/** A person as a spreadsheet row (masked unless `reveal`). */
function rowOf(p: Person, reveal: boolean): Record<string, string> {
  return {
    name: p.name,
    idNumber: reveal ? p.idNumber : maskIdNumber(p.idNumber),
    registration: registrationLabels[p.registration],
    phone: p.phone ? (reveal ? p.phone : maskPhone(p.phone)) : '',
    gender: p.gender === 'male' ? '男' : '女',
    birthDate: p.birthDate,
    origin: p.origin ?? '',
    arrivedAt: p.arrivedAt ?? '',
    address: p.address ?? '',
    gridCode: p.gridCode ?? '',
    tags: p.tags.join('、'),
  };
}

/** People as spreadsheets: import idempotent by ID number, export masked unless the caller may reveal. */
export const peopleSheet: SheetEntity = {
  entity: 'people',
  columns,
  readPermission: 'people.read',
  revealPermission: 'people.reveal',
  importPermission: 'people.write',
  async importer(deps, path, actor) {
    const service = new PeopleService(deps);
    const cipher = new FieldCipher(deps.config.fieldSecret);
    const tenantId = tenantIdFromPath(path);
    return {
      parse(cells) {
        const parsed = personInputSchema.safeParse(inputOf(cells));
        if (!parsed.success) return { ok: false, problems: rowProblems(parsed.error.issues) };
        return { ok: true, key: parsed.data.idNumber, input: parsed.data };
      },
      async existing(keys) {
        const blinds = new Map(keys.map((k) => [cipher.blindIndex('idNumber', k), k]));
        const holders = await service.repos.people.holders(path, 'idn', [...blinds.keys()]);
        return new Set([...holders.keys()].map((b) => blinds.get(b) ?? ''));
      },
      saveAll: (inputs) => service.createMany(path, tenantId, inputs as PersonInput[], actor),
    };
  },
  async *exportRows(deps, path, actor, options) {
    const service = new PeopleService(deps);
    const people = pagedRows((cursor) => service.list(path, { limit: 100, cursor }, actor), options.maxRows);
    for await (const p of people) yield rowOf(p, options.reveal);
  },
};
