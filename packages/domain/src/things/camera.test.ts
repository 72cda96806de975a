import { describe, expect, it } from 'vitest';
import { cameraDeviceIdProblem, parseCameraDeviceId } from './camera';

describe('GB/T 28181 camera device ids', () => {
  const good = '12011600081327000001';

  it('split into centre, industry, type, network and sequence', () => {
    expect(parseCameraDeviceId(good)).toEqual({
      deviceId: good,
      centreCode: '12011600',
      industryCode: '08',
      typeCode: '132',
      networkCode: '7',
      sequence: '000001',
    });
  });

  it('refuse 19 digits, a centre without province, a reserved industry, a non-camera type, network 9', () => {
    expect(cameraDeviceIdProblem(good.slice(0, 19))).toMatch(/20 digits/);
    expect(cameraDeviceIdProblem(`00${good.slice(2)}`)).toMatch(/centre/);
    expect(cameraDeviceIdProblem(`${good.slice(0, 8)}20${good.slice(10)}`)).toMatch(/industry/);
    expect(cameraDeviceIdProblem(`${good.slice(0, 10)}111${good.slice(13)}`)).toMatch(/type/);
    expect(cameraDeviceIdProblem(`${good.slice(0, 13)}9${good.slice(14)}`)).toMatch(/network/);
    expect(cameraDeviceIdProblem(`${good.slice(0, 10)}131${good.slice(13)}`)).toBeUndefined();
  });
});
