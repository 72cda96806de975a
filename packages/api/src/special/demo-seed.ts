import { UserRepository } from '@civicgrid/db';
import type { ProfileInput, TenantPath } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import type { StaffActor } from '../modules/actor';
import { SpecialService } from './service';

const CENTRE: StaffActor = { userId: 'demo-seed', name: '演示数据', roles: ['tenant_admin'] };

/** The demo profiles: every group, a few grades, one visited, one with 帮扶 (the people are the street's first). */
const PROFILES: Array<Omit<ProfileInput, 'personId' | 'responsibleUserId'> & { visit?: string; aid?: number }> = [
  {
    group: 'mental',
    riskGrade: 3,
    team: ['社区民警 张警官', '社区医生 李医生', '监护人（配偶）'],
    visit: '患者情绪平稳，按时服药，监护人在家',
  },
  { group: 'mental', riskGrade: 1, team: ['社区医生 李医生'] },
  { group: 'correction', riskGrade: 2, team: ['司法所 王所长', '社区志愿者'], visit: '按时报到，参加公益劳动' },
  { group: 'released', riskGrade: 1, releasedOn: '2024-06-18', team: ['司法所 王所长'], aid: 2000 },
  { group: 'drug', riskGrade: 2, team: ['派出所 禁毒民警', '社工 赵社工'] },
  { group: 'youth', riskGrade: 1, team: ['团委 刘老师', '家长'] },
];

/** Chinese demo profiles of one demo street, kept by its grid worker (`grid@<prefix>.demo`). */
export async function seedStreetSpecial(
  deps: AppDeps,
  street: { path: TenantPath; tenantId: string; workerEmail: string },
): Promise<number> {
  const service = new SpecialService(deps);
  const worker = await new UserRepository(deps.store).getByEmail(street.workerEmail);
  if (!worker) return 0;
  const people = await service.people.repos.people.page(street.path, { index: 'all', value: 'all' }, { limit: 40 });
  // people spread over the list (and so over the street's grids)
  const step = Math.max(1, Math.floor(people.items.length / PROFILES.length));
  const chosen = PROFILES.map((_, i) => people.items[i * step]);
  let made = 0;
  for (const [i, spec] of PROFILES.entries()) {
    const person = chosen[i];
    if (!person) break;
    const { visit, aid, ...input } = spec;
    const profile = await service.create(
      street.path,
      street.tenantId,
      { ...input, personId: person.id, responsibleUserId: worker.id },
      CENTRE,
    );
    if (visit) {
      await service.recordVisit(
        street.path,
        profile.id,
        { at: deps.clock().toISOString(), place: `${person.name}家中`, findings: visit },
        CENTRE,
      );
    }
    if (aid) {
      await service.assist(
        street.path,
        profile.id,
        { kind: 'employment', at: '2026-10-15', note: '推荐至社区公益岗位就业', amount: aid },
        CENTRE,
      );
    }
    made++;
  }
  return made;
}
