import { newId } from '@civicgrid/db';
import { type Camera, parseThingCode, type TenantPath, type Thing } from '@civicgrid/domain';
import type { AppDeps } from '../deps';
import { recordId } from '../modules/records';
import { thingRepositories } from './service';

/** What each grid of a demo street gets: [大类, 小类, 权属单位, offset east, offset north]. */
const THINGS: [string, string, string, number, number][] = [
  ['01', '01', '滨海新区水务局', -0.0012, 0.0006],
  ['01', '02', '滨海新区水务局', 0.0011, -0.0005],
  ['01', '03', '滨海新区水务局', 0.0004, 0.0009],
  ['01', '10', '滨海新区城市管理委员会', -0.0015, -0.0008],
  ['02', '01', '滨海新区交通运输局', 0.0016, 0.0004],
  ['03', '04', '滨海新区城市管理委员会', -0.0004, -0.0011],
  ['04', '01', '滨海新区园林绿化中心', 0.0008, 0.0012],
];
const CAMERA_PLACES = ['路口', '菜市场北门', '小区东门', '公园广场'];

/**
 * Demo 部件 and camera points of one street: in every grid a manhole cover, a drain grate, a street lamp, a
 * sign, a litter bin, a tree … with valid object codes (Binhai 120116) and two GB/T 28181 cameras, maintained by
 * the street's city-management department, so the map's layers, the 部件 pages and video cases show something.
 */
export async function seedStreetThings(
  deps: AppDeps,
  street: {
    path: TenantPath;
    tenantId: string;
    index: number;
    grids: { code: string; lat: number; lng: number }[];
    maintainerId?: string;
  },
): Promise<void> {
  const { things, cameras } = thingRepositories(deps);
  const now = deps.clock();
  const at = now.toISOString();
  const event = { type: 'registered', at, actor: 'demo-seed' };
  const thingEntries: { record: Thing; events: (typeof event)[] }[] = [];
  const cameraEntries: { record: Camera; events: (typeof event)[] }[] = [];
  let seq = street.index * 1000;
  for (const [g, grid] of street.grids.entries()) {
    for (const [major, minor, owner, dLng, dLat] of THINGS) {
      seq++;
      const code = `120116${major}${minor}${String(seq).padStart(6, '0')}`;
      const parsed = parseThingCode(code);
      if (!parsed) continue;
      thingEntries.push({
        record: {
          id: recordId(street.tenantId, newId(now)),
          code,
          categoryCode: parsed.thingClass.categoryCode,
          className: parsed.thingClass.name,
          majorName: parsed.thingClass.majorName,
          name: parsed.thingClass.name,
          location: { lat: grid.lat + dLat, lng: grid.lng + dLng },
          gridCode: grid.code,
          address: `天津市滨海新区第${street.index + 1}大街${18 + g * 6}号附近`,
          owner,
          ...(street.maintainerId ? { maintainerDepartmentId: street.maintainerId } : {}),
          status: seq % 9 === 0 ? 'damaged' : 'normal',
          version: 1,
          createdAt: at,
          updatedAt: at,
        },
        events: [event],
      });
    }
    for (let k = 0; k < 2; k++) {
      const n = street.index * 100 + g * 2 + k + 1;
      cameraEntries.push({
        record: {
          id: recordId(street.tenantId, newId(now)),
          deviceId: `120116000813270${String(n).padStart(5, '0')}`,
          name: `第${street.index + 1}大街${CAMERA_PLACES[(g * 2 + k) % CAMERA_PLACES.length]}`,
          location: { lat: grid.lat + (k ? -0.0009 : 0.0007), lng: grid.lng + (k ? 0.0013 : -0.0009) },
          gridCode: grid.code,
          owner: '滨海新区城市管理委员会',
          status: n % 7 === 0 ? 'offline' : 'online',
          version: 1,
          createdAt: at,
          updatedAt: at,
        },
        events: [event],
      });
    }
  }
  await things.createMany(street.path, thingEntries);
  await cameras.createMany(street.path, cameraEntries);
}
