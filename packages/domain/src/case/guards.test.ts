import { describe, expect, it } from 'vitest';
import { ConflictError } from '../errors';
import { actionBodySchemas, actionNames, isActionName } from './action-bodies';
import { caseAt, validBodies } from './fixtures';
import { assertVersion, issuesToDetails, parseActionBody } from './guards';
import { transitions } from './transitions';

describe('assertVersion', () => {
  it('passes on a match or no version, 409 on a stale one', () => {
    const s = caseAt('reported'); // version 5
    expect(() => assertVersion(s, 5)).not.toThrow();
    expect(() => assertVersion(s, undefined)).not.toThrow();
    expect(() => assertVersion(s, 4)).toThrow(ConflictError);
    try {
      assertVersion(s, 4);
    } catch (e) {
      expect((e as ConflictError).code).toBe('version_conflict');
    }
  });
});

describe('action names and bodies', () => {
  it('has a schema, a transition and a valid fixture for every action', () => {
    expect(actionNames).toEqual(Object.keys(transitions));
    for (const action of actionNames) {
      expect(actionBodySchemas[action].safeParse(validBodies[action]).success).toBe(true);
    }
  });

  it('recognises action names from URLs', () => {
    expect(isActionName('dispatch')).toBe(true);
    expect(isActionName('toString')).toBe(false);
    expect(isActionName('delete')).toBe(false);
  });

  it('treats a missing body as {} (actions with only optional fields)', () => {
    expect(parseActionBody('verify', undefined)).toEqual({});
    expect(parseActionBody('close', null)).toEqual({});
  });

  it('turns nested zod paths into dotted paths', () => {
    const result = actionBodySchemas.handle.safeParse({ note: 'x', evidence: ['ok', 3] });
    expect(result.success).toBe(false);
    if (!result.success) expect(issuesToDetails(result.error)[0]?.path).toBe('evidence.1');
  });
});
