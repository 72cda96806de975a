/**
 * The 部件 (component) classes a thing may be: 大类 → 小类 in the GB/T 30428.2 style. The same codes as the 部件
 * entries of the category library (`C` + 大类 + 小类, e.g. `C0101` 上水井盖), so a thing's class is the category
 * its cases are filed under. Until the category library is on main this small table is the source.
 */
export interface ThingClass {
  majorCode: string;
  majorName: string;
  minorCode: string;
  name: string;
  /** `C` + 大类 + 小类 */
  categoryCode: string;
}

const table: [majorCode: string, majorName: string, minors: [code: string, name: string][]][] = [
  [
    '01',
    '公用设施',
    [
      ['01', '上水井盖'],
      ['02', '污水井盖'],
      ['03', '雨水箅子'],
      ['10', '路灯'],
    ],
  ],
  [
    '02',
    '道路交通',
    [
      ['01', '交通标志牌'],
      ['06', '护栏'],
    ],
  ],
  [
    '03',
    '市容环境',
    [
      ['01', '公共厕所'],
      ['04', '垃圾箱'],
    ],
  ],
  ['04', '园林绿化', [['01', '行道树']]],
];

/** Every 部件 class a thing may have. */
export const thingClasses: readonly ThingClass[] = table.flatMap(([majorCode, majorName, minors]) =>
  minors.map(([minorCode, name]) => ({
    majorCode,
    majorName,
    minorCode,
    name,
    categoryCode: `C${majorCode}${minorCode}`,
  })),
);

/** The class of 大类 + 小类, or undefined. */
export function thingClassOf(majorCode: string, minorCode: string): ThingClass | undefined {
  return thingClasses.find((c) => c.majorCode === majorCode && c.minorCode === minorCode);
}
