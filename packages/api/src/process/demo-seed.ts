import {
  type DisputeInput,
  disputeKind,
  type PetitionInput,
  type ProcessActor,
  petitionKind,
  type TenantPath,
} from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { ProcessService } from './service';

const CENTRE: ProcessActor = { userId: 'demo-seed', name: '演示数据', roles: ['tenant_admin'] };

const DISPUTES: Array<DisputeInput & { walk: 'received' | 'mediating' | 'agreed' | 'closed' | 'failed' }> = [
  {
    kind: 'neighbourhood',
    summary: '楼上住户夜间装修噪音扰民，双方多次争吵',
    source: 'patrol',
    parties: [
      { name: '王建国', role: 'applicant', phone: '13902220001' },
      { name: '李明', role: 'respondent' },
    ],
    risk: 'medium',
    walk: 'closed',
  },
  {
    kind: 'property',
    summary: '业主拒交物业费，物业公司停止车位管理服务',
    source: 'hotline',
    parties: [
      { name: '张丽', role: 'applicant' },
      { name: '滨海物业公司', role: 'respondent' },
    ],
    amount: 3600,
    walk: 'agreed',
  },
  {
    kind: 'labour',
    summary: '装修工人讨要拖欠工资八千元',
    source: 'visit',
    parties: [
      { name: '赵强', role: 'applicant' },
      { name: '刘老板', role: 'respondent' },
    ],
    amount: 8000,
    risk: 'high',
    walk: 'mediating',
  },
  {
    kind: 'family',
    summary: '子女之间就老人赡养费分担发生纠纷',
    source: 'police',
    parties: [
      { name: '陈秀英', role: 'applicant' },
      { name: '陈军', role: 'respondent' },
      { name: '陈静', role: 'respondent' },
    ],
    walk: 'failed',
  },
  {
    kind: 'land',
    summary: '两户村民宅基地界址争议',
    source: 'court',
    parties: [
      { name: '孙磊', role: 'applicant' },
      { name: '周勇', role: 'respondent' },
    ],
    walk: 'received',
  },
];

const PETITIONS: Array<PetitionInput & { walk: 'received' | 'accepted' | 'replied' | 'concluded' }> = [
  {
    channel: 'visit',
    subject: '反映小区东侧违章建筑长期未拆除，影响采光',
    petitioners: [{ name: '吴芳', phone: '13802220002' }],
    ownerName: '城管科 刘科长',
    walk: 'accepted',
  },
  {
    channel: 'letter',
    subject: '来信反映冬季供暖温度不达标',
    petitioners: [{ name: '黄伟' }],
    walk: 'replied',
  },
  {
    channel: 'online',
    subject: '网上反映菜市场周边占道经营',
    petitioners: [{ name: '何娜' }],
    walk: 'concluded',
  },
  {
    channel: 'visit',
    subject: '村民集体反映征地补偿款未足额发放',
    petitioners: ['郭洋', '林敏', '罗军', '马丽', '朱强', '胡静'].map((name) => ({ name })),
    repeated: true,
    ownerName: '街道办 副主任',
    walk: 'received',
  },
  {
    channel: 'phone',
    subject: '不服劳动仲裁裁决，要求重新处理',
    petitioners: [{ name: '高勇' }],
    lawRelated: true,
    walk: 'received',
  },
];

/** Disputes and petitions of a demo street, at every step (Chinese names and matters). */
export async function seedStreetGovernance(
  deps: AppDeps,
  street: { path: TenantPath; tenantId: string; gridCodes: string[] },
): Promise<void> {
  const disputes = new ProcessService(deps, disputeKind);
  const committee = '人民调解委员会';
  for (const [i, { walk, ...input }] of DISPUTES.entries()) {
    const d = await disputes.create(
      street.path,
      street.tenantId,
      { ...input, gridCode: street.gridCodes[i % street.gridCodes.length] },
      CENTRE,
    );
    if (walk === 'received') continue;
    const act = (action: string, body: unknown) => disputes.act(street.path, d.id, action, body, CENTRE);
    await act('accept', { note: '登记受理，开展调查' });
    await act('mediate', {
      at: deps.clock().toISOString(),
      mediator: i % 2 === 0 ? '王调解员' : '李调解员',
      committee,
      committeeType: 'people',
      attendees: input.parties.map((p) => p.name),
      record: '听取双方陈述，释法明理',
    });
    if (walk === 'mediating') continue;
    if (walk === 'failed') {
      await act('fail', { reason: '双方分歧较大，未能达成一致' });
      continue;
    }
    await act('agree', {
      terms: '双方自愿达成和解，按约定期限履行。',
      confirmedBy: input.parties.map((p) => p.name),
    });
    if (walk === 'closed') {
      await act('followUp', { channel: 'phone', performed: true, satisfaction: 'satisfied', note: '协议已履行' });
    }
  }
  const petitions = new ProcessService(deps, petitionKind);
  for (const { walk, ...input } of PETITIONS) {
    const p = await petitions.create(street.path, street.tenantId, input, CENTRE);
    if (walk === 'received' || input.lawRelated) continue;
    const act = (action: string, body: unknown) => petitions.act(street.path, p.id, action, body, CENTRE);
    await act('accept', { note: '依法受理' });
    if (walk === 'accepted') continue;
    await act('reply', { text: '经调查核实，已责成相关部门限期整改，并将整改情况告知信访人。' });
    if (walk === 'concluded') await act('conclude', { satisfaction: 'satisfied' });
  }
}
