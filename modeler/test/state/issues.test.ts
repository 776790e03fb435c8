import { describe, expect, it } from 'vitest';
import { checkFormFile, fieldIssues, itemIssues, messagesFor, validateDraft } from '../../src/state/issues';
import { editDeadline } from '../../src/state/deadlines';
import { setAt } from '../../src/state/json-pointer';
import { editJson, setFile } from '../../src/state/pack-files';
import { json, miniPackFiles } from '../../../pack-review/test/fixtures/mini-pack';

const PATH = 'versions/v1.json';

describe('validation as staff type', () => {
  it('finds nothing wrong in a valid pack with its forms', () => {
    expect(validateDraft(miniPackFiles())).toEqual([]);
  });

  it('maps schema issues of a deadline row to the row and the field', () => {
    let files = editJson(miniPackFiles(), PATH, (v) => editDeadline(v, 3, { amount: 0 }));
    files = editJson(files, PATH, (v) => editDeadline(v, 2, { source: 'somewhere' }));
    const issues = validateDraft(files);
    expect(issues).toEqual([
      { file: PATH, path: '/deadlines/2/source', message: expect.stringContaining('must cite its source'), messageZh: expect.stringContaining('依据须写成') },
      { file: PATH, path: '/deadlines/3/period/amount', message: 'must be at least 1; found 0', messageZh: '不能小于 1（现为 0）' },
    ]);
    const rows = itemIssues(issues, PATH, '/deadlines');
    expect([...rows.keys()].sort()).toEqual([2, 3]);
    expect(messagesFor(rows.get(3)!, 'period', 'countFrom')).toEqual(['不能小于 1（现为 0）']);
    expect(messagesFor(rows.get(3)!, 'source')).toEqual([]);
    expect(messagesFor(rows.get(2)!, 'source')).toHaveLength(1);
  });

  it('puts issues on the whole list under -1, on the row itself under ""', () => {
    // Remove the only general accept rule: no accept rule for general tickets, and the
    // moved life-safety rule is fine. Then make a rule that can never apply.
    let files = editJson(miniPackFiles(), PATH, (v) => setAt(v, '/deadlines/1/stage', 'dispatch'));
    files = editJson(files, PATH, (v) => setAt(v, '/deadlines/6', { stage: 'handle', period: { amount: 1, unit: 'day' }, countFrom: 'receipt', source: 'mini-rules.txt §5' }));
    const rows = itemIssues(validateDraft(files), PATH, '/deadlines');
    expect(messagesFor(rows.get(-1)!, '').join('\n')).toContain('没有适用于“签收”阶段');
    expect(messagesFor(rows.get(6)!, '')).toEqual([expect.stringContaining('永远不会用到')]);
  });

  it('keys field issues by pointer relative to an object', () => {
    const files = editJson(miniPackFiles(), PATH, (v) => setAt(v, '/policies/rework/maxCount', -1));
    const fields = fieldIssues(validateDraft(files), PATH, '/policies/rework');
    expect([...fields.entries()]).toEqual([['maxCount', ['不能小于 0（现为 -1）']]]);
  });

  it('checks form files: JSON, then their schema once the pack is valid', () => {
    expect(checkFormFile('forms/x.json', '{ nope')[0]).toMatchObject({ file: 'forms/x.json', path: '' });
    expect(checkFormFile('forms/x.json', json({ schema: { type: 'array' }, uiSchema: {}, source: 'a.txt §1' }))).toEqual([
      { file: 'forms/x.json', path: '/schema/type', message: 'must be "object": a form edits an object', messageZh: expect.stringContaining('表单编辑的是一组字段') },
    ]);
    const files = setFile(miniPackFiles(), 'forms/review.json', json({ schema: { type: 'object', title: '审核', properties: { x: { type: 'strin' } } }, uiSchema: {}, source: 'mini-rules.txt §4' }));
    const issues = validateDraft(files);
    expect(issues.length).toBeGreaterThan(0);
    expect(issues.every((i) => i.file === 'forms/review.json')).toBe(true);
  });

  it('reports a form file that is not JSON even while the pack itself is invalid', () => {
    let files = editJson(miniPackFiles(), PATH, (v) => editDeadline(v, 3, { amount: 0 }));
    files = setFile(files, 'forms/accept.json', '{');
    expect(validateDraft(files).map((i) => i.file)).toEqual([PATH, 'forms/accept.json']);
  });
});
