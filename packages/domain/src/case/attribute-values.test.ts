import { describe, expect, it } from 'vitest';
import { AppError } from '../errors';
import type { CategoryAttribute } from '../schemas/grid';
import { checkAttributeValues } from './attribute-values';

const questions: CategoryAttribute[] = [
  { code: 'seen', datatype: 'datetime', required: false, description: '发现时间' },
  {
    code: 'parts',
    datatype: 'multivaluelist',
    required: false,
    description: '损坏部位',
    values: [
      { key: 'lid', name: '井盖' },
      { key: 'frame', name: '井座' },
    ],
  },
  { code: 'note', datatype: 'string', required: false, description: '补充' },
];

function paths(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return (e.details ?? []).map((d) => d.path);
    throw e;
  }
  return [];
}

describe('checkAttributeValues', () => {
  it('normalises answers: lists deduplicated, one key as a list, text trimmed, empty dropped', () => {
    expect(checkAttributeValues(questions, { parts: ['lid', 'lid', 'frame'], note: '  路口东侧 ', seen: '' })).toEqual({
      parts: ['lid', 'frame'],
      note: '路口东侧',
    });
    expect(checkAttributeValues(questions, { parts: 'frame' })).toEqual({ parts: ['frame'] });
    expect(checkAttributeValues(questions, {})).toBeUndefined();
    expect(checkAttributeValues(undefined, undefined)).toBeUndefined();
  });

  it('names every answer that breaks its rule', () => {
    expect(paths(() => checkAttributeValues(questions, { seen: 'yesterday', parts: ['lid', 'pipe'] }))).toEqual([
      'attributes.seen',
      'attributes.parts',
    ]);
    expect(paths(() => checkAttributeValues(questions, { seen: '2026-02-30T10:00' }))).toEqual(['attributes.seen']);
    expect(checkAttributeValues(questions, { seen: '2026-12-01T20:15+08:00' })).toEqual({
      seen: '2026-12-01T20:15+08:00',
    });
    expect(paths(() => checkAttributeValues(questions, { note: 'x'.repeat(201) }))).toEqual(['attributes.note']);
    expect(paths(() => checkAttributeValues(undefined, { note: 'x' }))).toEqual(['attributes.note']);
  });
});
