import { describe, expect, it } from 'vitest';
import { parseRequestListQuery, w3Date } from './request-query';

const now = new Date('2025-06-30T04:00:00Z');
const DAY = 86_400_000;

describe('parseRequestListQuery', () => {
  it('defaults to the last 90 days, with every status and service', () => {
    expect(parseRequestListQuery({}, now)).toEqual({
      kind: 'window',
      from: new Date(now.getTime() - 90 * DAY),
      to: now,
      serviceCodes: undefined,
      steps: undefined,
    });
  });

  it('lets service_request_id override every other filter', () => {
    expect(parseRequestListQuery({ service_request_id: 'A, B', status: 'bogus' }, now)).toEqual({
      kind: 'ids',
      ids: ['A', 'B'],
    });
  });

  it('maps open and closed onto steps', () => {
    const closed = parseRequestListQuery({ status: 'closed' }, now);
    expect(closed.kind === 'window' && closed.steps).toEqual(['closed', 'evaluated', 'rejected', 'transferred']);
    const open = parseRequestListQuery({ status: 'open' }, now);
    expect(open.kind === 'window' && open.steps).toEqual([
      'reported',
      'registered',
      'dispatched',
      'handled',
      'verified',
    ]);
    const both = parseRequestListQuery({ status: 'closed,open' }, now);
    expect(both.kind === 'window' && both.steps).toBeUndefined();
  });

  it('opens a 90-day window from one date and refuses longer or inverted ranges', () => {
    const fromStart = parseRequestListQuery({ start_date: '2025-01-01' }, now);
    expect(fromStart.kind === 'window' && fromStart.to.toISOString()).toBe('2025-03-31T16:00:00.000Z');
    const toEnd = parseRequestListQuery({ end_date: '2025-06-01T00:00:00Z' }, now);
    expect(toEnd.kind === 'window' && toEnd.from.toISOString()).toBe('2025-03-03T00:00:00.000Z');
    expect(() => parseRequestListQuery({ start_date: '2025-01-01', end_date: '2025-05-01' }, now)).toThrow(/90 days/);
    expect(() => parseRequestListQuery({ start_date: '2025-05-02', end_date: '2025-05-01' }, now)).toThrow(/before/);
    expect(() => parseRequestListQuery({ status: 'pending' }, now)).toThrow(/status/);
  });
});

describe('w3Date', () => {
  it('reads zoned date-times and bare dates as China Standard Time days', () => {
    expect(w3Date('2025-05-01T08:00:00+08:00', 'd', 'start').toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(w3Date('2025-05-01T08:00:00 08:00', 'd', 'start').toISOString()).toBe('2025-05-01T00:00:00.000Z');
    expect(w3Date('2025-05-01', 'd', 'start').toISOString()).toBe('2025-04-30T16:00:00.000Z');
    expect(w3Date('2025-05-01', 'd', 'end').toISOString()).toBe('2025-05-01T15:59:59.999Z');
    expect(() => w3Date('2025-05-01T08:00:00', 'start_date', 'start')).toThrow(/start_date/);
    expect(() => w3Date('2025-13-45', 'start_date', 'start')).toThrow(/start_date/);
  });
});
