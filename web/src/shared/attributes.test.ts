import { describe, expect, it } from 'vitest';
import { answersBody, type CategoryAttribute, missingAnswers } from './attributes';

const questions: CategoryAttribute[] = [
  {
    code: 'coverType',
    datatype: 'singlevaluelist',
    required: true,
    description: '井盖类型',
    values: [{ key: 'rain', name: '雨水' }],
  },
  { code: 'count', datatype: 'number', required: false, description: '缺失数量' },
  {
    code: 'parts',
    datatype: 'multivaluelist',
    required: false,
    description: '部位',
    values: [{ key: 'a', name: 'A' }],
  },
];

describe('category answers on the forms', () => {
  it('sends numbers as numbers and leaves empty answers out', () => {
    expect(answersBody(questions, { coverType: 'rain', count: ' 3 ', parts: [] })).toEqual({
      coverType: 'rain',
      count: 3,
    });
    expect(answersBody(questions, { count: '' })).toBeUndefined();
  });

  it('names the required questions left unanswered', () => {
    expect(missingAnswers(questions, { count: '2' })).toEqual(['coverType']);
    expect(missingAnswers(questions, { coverType: 'rain' })).toEqual([]);
  });
});
