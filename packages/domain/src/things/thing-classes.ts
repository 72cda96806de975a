import { categoryLibrary } from '../category-library';

/**
 * The 部件 (component) classes a thing may be: the category library's 部件 entries, 大类 → 小类 in the GB/T 30428.2
 * style. A thing's object code names its 大类 and 小类; its class is the library category `C` + 大类 + 小类 (e.g.
 * `C0101` 上水井盖), so a case about the thing is filed under the category the tenant adopted from the library.
 */
export interface ThingClass {
  majorCode: string;
  majorName: string;
  minorCode: string;
  name: string;
  /** `C` + 大类 + 小类 (the category library's code) */
  categoryCode: string;
}

/** Every 部件 class a thing may have (from the category library). */
export const thingClasses: readonly ThingClass[] = categoryLibrary
  .filter((c) => c.kind === 'component')
  .map((c) => ({
    majorCode: c.majorCode,
    majorName: c.majorName,
    minorCode: c.code.slice(3, 5),
    name: c.name,
    categoryCode: c.code,
  }));

/** The class of 大类 + 小类, or undefined. */
export function thingClassOf(majorCode: string, minorCode: string): ThingClass | undefined {
  return thingClasses.find((c) => c.majorCode === majorCode && c.minorCode === minorCode);
}
