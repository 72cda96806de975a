import { newId, type RecordEvent } from '@civicgrid/db';
import {
  type Building,
  type Household,
  idNumberCheckChar,
  newPerson,
  type Person,
  type PersonInput,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { StaffActor } from '../modules/actor';
import { PeopleService, recordId } from './service';

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '建华',
  '海燕',
  '志强',
  '玉兰',
  '子涵',
  '浩然',
  '欣怡',
];
/** Where floating residents come from: region code (GB/T 2260) and a place name. */
const ORIGINS = [
  ['410102', '河南省郑州市'],
  ['130102', '河北省石家庄市'],
  ['370102', '山东省济南市'],
  ['510104', '四川省成都市'],
  ['340102', '安徽省合肥市'],
  ['230102', '黑龙江省哈尔滨市'],
  ['420102', '湖北省武汉市'],
] as const;
const TAGS = ['党员', '独居老人', '低保户', '退役军人', '残疾人', '志愿者'];

/** A valid ID number (correct GB 11643 check character) from its parts. */
function idNumber(region: string, birth: string, sequence: number): string {
  const first17 = `${region}${birth}${String(sequence).padStart(3, '0')}`;
  return `${first17}${idNumberCheckChar(first17)}`;
}

/**
 * Demo buildings and residents of one street: a residential building in each grid (placed at the grid's centre,
 * so its grid follows from its point), residents with valid ID numbers — registered, floating, a few overseas —
 * households, and some who moved out, so the 人口 and 房屋 pages and the population charts show something real.
 */
export async function seedStreetBaseData(
  deps: AppDeps,
  street: { path: TenantPath; tenantId: string; index: number; grids: { code: string; lat: number; lng: number }[] },
): Promise<void> {
  const service = new PeopleService(deps);
  const actor: StaffActor = { userId: 'demo-seed', name: '演示数据', roles: ['tenant_admin'] };
  const now = deps.clock();
  const estates = ['幸福里', '阳光家园', '滨海花园', '泰丰公寓'];
  let n = street.index * 1000;
  for (const [g, grid] of street.grids.entries()) {
    const rooms = [1, 2, 3, 4, 5, 6].flatMap((floor) => [1, 2].map((r) => ({ code: `${floor}0${r}`, floor })));
    const at = now.toISOString();
    const building: Building = {
      id: recordId(street.tenantId, newId(now)),
      name: `${estates[g % estates.length]}${g + 1}号楼`,
      address: `天津市滨海新区第${street.index + 1}大街${18 + g * 6}号`,
      gridCode: grid.code,
      location: { lat: grid.lat, lng: grid.lng },
      floors: 6,
      units: 1,
      rooms,
      version: 1,
      createdAt: at,
      updatedAt: at,
    };
    await service.repos.buildings.create(street.path, building, [{ type: 'created', at, actor: actor.userId }]);
    const people: { record: Person; events: RecordEvent[] }[] = [];
    const households: { record: Household; events: RecordEvent[] }[] = [];
    const leaving: string[] = [];
    for (const [r, room] of rooms.entries()) {
      if (r % 5 === 4) continue; // some rooms stay vacant
      const residents = 1 + (r % 3);
      const members: Household['members'] = [];
      for (let k = 0; k < residents; k++) {
        n++;
        const floating = (r + k) % 4 === 1;
        const overseas = !floating && n % 29 === 0;
        const origin = ORIGINS[n % ORIGINS.length] ?? ORIGINS[0];
        const region = floating ? origin[0] : '120116';
        const year = k === 2 ? 2012 + (n % 10) : 1945 + ((n * 7) % 55);
        const birth = `${year}${String(1 + (n % 12)).padStart(2, '0')}${String(1 + (n % 28)).padStart(2, '0')}`;
        const input: PersonInput = {
          name: `${SURNAMES[n % SURNAMES.length]}${GIVEN[(n * 3) % GIVEN.length]}`,
          idNumber: idNumber(region, birth, (n * 13) % 1000),
          registration: overseas ? 'overseas' : floating ? 'floating' : 'resident',
          phone:
            k < 2 ? `13${String(5 + (n % 5))}${String(10_000_000 + ((n * 7919) % 89_999_999)).slice(0, 8)}` : undefined,
          residence: { buildingId: building.id, roomCode: room.code },
          ...(floating
            ? { origin: origin[1], arrivedAt: `2026-${String(1 + (n % 10)).padStart(2, '0')}-0${1 + (n % 9)}` }
            : {}),
          tags: n % 6 === 0 ? [TAGS[n % TAGS.length] ?? '党员'] : [],
        };
        const person = newPerson(input, {
          id: recordId(street.tenantId, newId(now)),
          now: at,
          userId: actor.userId,
          gridCode: building.gridCode,
        });
        people.push({
          record: person,
          events: [{ type: 'registered', at, actor: actor.userId, actorName: '演示数据' }],
        });
        members.push({ personId: person.id, relation: k === 0 ? 'head' : k === 2 ? 'child' : 'spouse' });
        if (floating && n % 7 === 0) leaving.push(person.id);
      }
      const household: Household = {
        id: recordId(street.tenantId, newId(now)),
        buildingId: building.id,
        roomCode: room.code,
        headPersonId: members[0]?.personId,
        members,
        version: 1,
        createdAt: at,
        updatedAt: at,
      };
      households.push({ record: household, events: [{ type: 'created', at, actor: actor.userId }] });
    }
    // batched: the demo start-up writes a few transactions per building, not one per resident
    await service.repos.people.createMany(street.path, people);
    await service.repos.households.createMany(street.path, households);
    for (const id of leaving) await service.moveOut(street.path, id, { at: '2026-10-15', note: '合同到期搬离' }, actor);
  }
}
