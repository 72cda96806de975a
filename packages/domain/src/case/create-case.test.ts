import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import { createCase, type NewCase } from './create-case';
import { fixtureActors as who } from './fixtures';
import { caseStateSchema } from './state';
import type { CaseSource } from './steps';

const at = new Date('2026-03-04T07:30:00+08:00'); // 23:30 UTC the day before
const input = (source: CaseSource): NewCase => ({ id: 'c9', source, description: 'lamp broken' });

describe('createCase', () => {
  it('creates a reported case, its event and the reported counter on the China day', () => {
    const { next, events, counters } = createCase(
      {
        ...input('citizen'),
        trackingCode: 'T9',
        location: { lat: 39, lng: 117.7 },
        address: 'No. 1',
        gridCode: '120116001002003',
      },
      who.citizen,
      at,
    );
    expect(caseStateSchema.parse(next)).toEqual(next);
    expect(next).toMatchObject({ step: 'reported', version: 1, overdue: false, escalations: 0, trackingCode: 'T9' });
    expect(events).toEqual([
      {
        type: 'reported',
        at: at.toISOString(),
        actor: { userId: 'citizen:T1', roles: [] },
        from: null,
        to: 'reported',
        data: { source: 'citizen' },
      },
    ]);
    expect(counters).toEqual([
      { name: 'reported', by: 1, day: '2026-03-04', dimensions: { gridCode: '120116001002003' } },
    ]);
  });

  it.each([
    ['grid_worker', 'grid_worker', 'ok'],
    ['staff', 'dispatcher', 'ok'],
    ['staff', 'tenant_admin', 'ok'],
    ['staff', 'department', 'forbidden'],
    ['staff', 'leader', 'forbidden'],
    ['staff', 'platform_admin', 'forbidden'],
    ['grid_worker', 'citizen', 'forbidden'],
    ['open311', 'citizen', 'forbidden'],
    ['citizen', 'citizen', 'ok'],
    ['open311', 'leader', 'ok'],
  ] as const)('source %s by %s → %s', (source, actor, expected) => {
    let result = 'ok';
    try {
      createCase(input(source), who[actor], at);
    } catch (e) {
      result = e instanceof AppError ? e.code : 'unexpected';
    }
    expect(result).toBe(expected);
  });
});
