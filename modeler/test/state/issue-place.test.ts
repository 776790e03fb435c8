import { describe, expect, it } from 'vitest';
import { issuePlace, issueText } from '../../src/state/issue-place';
import { validateDraft } from '../../src/state/issues';
import { editDeadline } from '../../src/state/deadlines';
import { editJson } from '../../src/state/pack-files';
import { miniPackFiles } from '../../../pack-review/test/fixtures/mini-pack';

describe('an issue named by the editor row and field', () => {
  it.each([
    ['versions/2025.json', '/deadlines/3/period/amount', '时限规则 第4行「时长」'],
    ['versions/2025.json', '/deadlines/0/types/1', '时限规则 第1行「诉求类型」'],
    ['versions/2025.json', '/deadlines/1/perod', '时限规则 第2行「perod」'],
    ['versions/2025.json', '/deadlines', '时限规则'],
    ['versions/2025.json', '/rating/levels/0/triggersRework', '评价等级 第1行「首次评价为此等级时重办」'],
    ['versions/2025.json', '/policies/extension/maxTotal/amount', '办理政策「延期」「累计延期上限 · 时长」'],
    ['versions/2025.json', '/redirectCategories/2/script', '转办类别 第3项「答复口径」'],
    ['versions/2025.json', '/effectiveFrom', '规则版本「生效日期」'],
    ['cities/tianjin/versions/2025.json', '/officeHours/periods/1/end', '办公时间 第2段「结束」'],
    ['calendar/national-2026.json', '/workdays/4/date', '调休上班日 第5行「日期」'],
    ['city.json', '/urgencyClasses', '城市信息「紧急程度」'],
    ['city.json', '', '城市信息'],
    ['forms/classify.json', '/schema/type', 'forms/classify.json 的 /schema/type'],
    ['processes/ticket.bpmn', 'watchTimer', 'processes/ticket.bpmn 的 watchTimer'],
  ])('%s %s → %s', (file, pointer, place) => expect(issuePlace(file, pointer)).toBe(place));

  it('says what is wrong in Chinese after the place, as staff type', () => {
    const files = editJson(miniPackFiles(), 'versions/v1.json', (v) => editDeadline(v, 3, { amount: -3 }));
    expect(validateDraft(files).map(issueText)).toEqual(['时限规则 第4行「时长」：不能小于 1（现为 -3）']);
  });

  it('falls back to the English where a check gives no Chinese', () => {
    expect(issueText({ file: 'forms/x.json', path: '', message: 'is odd' })).toBe('forms/x.json：is odd');
  });
});
