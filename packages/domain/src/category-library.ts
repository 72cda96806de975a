import type { TimeLimit } from './calendar/working-time';

/** One entry of the default category library: a 小类 under its 大类, as GB/T 30428.2 arranges them. */
export interface LibraryCategory {
  /** `C` + 大类 + 小类 for 部件 (components), `E` + 大类 + 小类 for 事件 (events): `C0101`, `E0103`. */
  code: string;
  name: string;
  kind: 'component' | 'event';
  majorCode: string;
  majorName: string;
  timeLimit: TimeLimit;
  urgentTimeLimit?: TimeLimit;
  filingCriteria: string;
  closingCriteria: string;
}

const hours = (value: number): TimeLimit => ({ value, unit: 'workingHours' });
const days = (value: number): TimeLimit => ({ value, unit: 'workingDays' });
const natural = (value: number): TimeLimit => ({ value, unit: 'naturalHours' });

type Row = [
  code: string,
  name: string,
  limit: TimeLimit,
  urgent: TimeLimit | undefined,
  filing: string,
  closing: string,
];

const majors: Array<{ kind: 'component' | 'event'; code: string; name: string; rows: Row[] }> = [
  {
    kind: 'component',
    code: '01',
    name: '公用设施',
    rows: [
      ['C0101', '上水井盖', hours(4), natural(1), '井盖丢失、破损、移位或噪声', '井盖完好归位，已消除隐患'],
      [
        'C0102',
        '污水井盖',
        hours(4),
        natural(1),
        '井盖丢失、破损、移位\n有行人车辆坠落危险',
        '井盖完好归位，周边已清理',
      ],
      ['C0103', '雨水箅子', hours(8), natural(2), '雨水箅子丢失、破损或堵塞', '雨水箅子完好，排水通畅'],
      ['C0110', '路灯', days(2), undefined, '路灯不亮、倾斜或灯杆破损\n须注明灯杆编号', '路灯恢复照明，灯杆完好'],
    ],
  },
  {
    kind: 'component',
    code: '02',
    name: '道路交通',
    rows: [
      ['C0201', '交通标志牌', days(3), undefined, '标志牌缺失、破损、倾斜或被遮挡', '标志牌完好、清晰可见'],
      ['C0206', '护栏', days(3), undefined, '护栏缺失、破损、倾倒', '护栏修复或更换完毕'],
    ],
  },
  {
    kind: 'component',
    code: '03',
    name: '市容环境',
    rows: [
      ['C0301', '公共厕所', days(1), undefined, '设施损坏、无法使用或卫生不达标', '设施恢复使用，卫生达标'],
      ['C0304', '垃圾箱', hours(8), undefined, '垃圾箱破损、缺失或满溢', '垃圾箱完好，周边整洁'],
    ],
  },
  {
    kind: 'component',
    code: '04',
    name: '园林绿化',
    rows: [['C0401', '行道树', days(2), natural(4), '树木倒伏、枯死或影响通行安全', '树木扶正、补植或清理完毕']],
  },
  {
    kind: 'event',
    code: '01',
    name: '市容环境',
    rows: [
      ['E0101', '私搭乱建', days(15), undefined, '未经批准搭建建筑物、构筑物', '违建已拆除，现场恢复'],
      ['E0102', '暴露垃圾', hours(4), undefined, '道路、广场等公共区域有暴露垃圾', '垃圾清运完毕，现场整洁'],
      ['E0103', '道路不洁', hours(2), undefined, '路面有明显污物、油污或积存杂物', '路面清扫干净'],
      ['E0110', '积水', hours(4), natural(2), '路面积水影响通行', '积水排除，排水通畅'],
    ],
  },
  {
    kind: 'event',
    code: '02',
    name: '宣传广告',
    rows: [['E0201', '非法小广告', hours(8), undefined, '张贴、涂写、刻画的小广告', '小广告清除干净']],
  },
  {
    kind: 'event',
    code: '03',
    name: '施工管理',
    rows: [
      ['E0301', '施工扰民', days(1), undefined, '夜间或超时施工，噪声扰民', '施工按规定时段进行，扰民消除'],
      ['E0302', '道路遗撒', hours(4), natural(2), '运输车辆遗撒渣土、砂石', '遗撒物清理干净'],
    ],
  },
  {
    kind: 'event',
    code: '05',
    name: '街面秩序',
    rows: [
      ['E0501', '占道经营', hours(8), undefined, '在道路、人行道上摆摊设点', '摊点已清理，道路畅通'],
      ['E0502', '无照经营游商', hours(8), undefined, '流动商贩无照经营', '游商已劝离或处置'],
    ],
  },
];

/**
 * The default category library a tenant can adopt and extend: 部件 (public facilities with an owner) and 事件
 * (events), each 大类 → 小类 with codes in the GB/T 30428.2 style, typical city time limits (urgent ones in
 * natural hours) and filing / closing criteria, one checklist item per line.
 */
export const categoryLibrary: readonly LibraryCategory[] = majors.flatMap((major) =>
  major.rows.map(([code, name, timeLimit, urgentTimeLimit, filingCriteria, closingCriteria]) => ({
    code,
    name,
    kind: major.kind,
    majorCode: major.code,
    majorName: major.name,
    timeLimit,
    ...(urgentTimeLimit ? { urgentTimeLimit } : {}),
    filingCriteria,
    closingCriteria,
  })),
);

/** The checklist items of a criteria text (one per line, blank lines dropped). */
export function criteriaItems(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');
}
