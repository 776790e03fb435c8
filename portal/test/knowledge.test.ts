import { describe, expect, it } from 'vitest';
import { categoryTree } from '../src/features/knowledge/KnowledgeEditor';
import { directAnswerFrom } from '../src/features/knowledge/knowledge-api';

describe('knowledge base in the portal', () => {
  it("builds the category picker's tree from the flat list the server sends", () => {
    const tree = categoryTree([
      { key: 'housing', label: '住房保障', parent: null, depth: 0 },
      { key: 'housingFund', label: '住房公积金', parent: 'housing', depth: 1 },
      { key: 'transport', label: '交通出行', parent: null, depth: 0 },
    ]);
    expect(tree).toEqual([
      { value: 'housing', title: '住房保障', children: [{ value: 'housingFund', title: '住房公积金' }] },
      { value: 'transport', title: '交通出行' },
    ]);
  });

  it('answers on the spot from an entry: 当场答复 citing it, its content as the answer', () => {
    const reading = { reference: '〔KB-000001 第2版〕住房公积金提取条件', version: { content: '可以提取。' } } as Parameters<typeof directAnswerFrom>[0];
    expect(directAnswerFrom(reading)).toEqual({ outcome: 'directAnswer', answeredBy: 'knowledgeBase', knowledgeRef: '〔KB-000001 第2版〕住房公积金提取条件', answer: '可以提取。' });
  });
});
