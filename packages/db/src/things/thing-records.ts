import type { Camera, Thing } from '@civicgrid/domain';
import type { RecordDefinition } from '../records/record-repository';

/** 部件: listed by object code for the tenant, per grid, per class and per maintaining department; the code is unique. */
export const thingRecords: RecordDefinition<Thing> = {
  kind: 'THING',
  label: 'Thing',
  indexes: (t) => [
    { index: 'all', value: 'all', sort: t.code },
    { index: 'grid', value: t.gridCode, sort: t.code },
    { index: 'class', value: t.categoryCode, sort: t.code },
    ...(t.maintainerDepartmentId ? [{ index: 'maint', value: t.maintainerDepartmentId, sort: t.code }] : []),
  ],
  uniques: (t) => [{ name: 'code', value: t.code, field: 'code' }],
};

/** Camera points: listed by name for the tenant and per grid, and by device id (exact); the device id is unique. */
export const cameraRecords: RecordDefinition<Camera> = {
  kind: 'CAMERA',
  label: 'Camera',
  indexes: (c) => [
    { index: 'all', value: 'all', sort: c.name },
    { index: 'grid', value: c.gridCode, sort: c.name },
    { index: 'dev', value: c.deviceId, sort: 'c' },
  ],
  uniques: (c) => [{ name: 'dev', value: c.deviceId, field: 'deviceId' }],
};
