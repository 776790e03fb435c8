// The 督办单 steps show the order above their form: the unit reads what it must answer and the 督办意见
// (the process variables the order brings); the supervisor reviewing reads them with the unit's answer.
import { describe, expect, it } from 'vitest';
import { type CompletedStep, resolveHandoffContext } from '../src/index';
import { CITIES, shipped } from './fixtures';

const variables = { supervisionOrderRequired: '说明路灯未修复的原因及预计修复时间', supervisionOrderOpinion: '诉求人已重复来电，请尽快处理' };
const answer: CompletedStep = {
  at: '2026-12-08T10:00:00+08:00',
  actor: '李经办',
  form: 'supervisionAnswer',
  taskName: '督办单反馈',
  data: { response: '灯具已订购，周三前更换', measures: '已联系物业', finishBy: '2026-12-10' },
};

describe('the 督办单 on its answer and its review', () => {
  it.each(CITIES)('%s: the unit answering reads what the order requires and the 督办意见', (city) => {
    const { forms } = shipped(city);
    const got = resolveHandoffContext(forms.supervisionAnswer!.context!, { ticket: {}, steps: [], variables, schemas: {} });
    const byLabel = Object.fromEntries(got.items.map((i) => [i.label, i.value]));
    expect(byLabel['要求反馈的内容']).toBe(variables.supervisionOrderRequired);
    expect(byLabel['督办意见']).toBe(variables.supervisionOrderOpinion);
  });

  it.each(CITIES)("%s: the supervisor reviewing reads the order with the unit's answer", (city) => {
    const { forms } = shipped(city);
    const got = resolveHandoffContext(forms.supervisionReview!.context!, { ticket: {}, steps: [answer], variables, schemas: { supervisionAnswer: forms.supervisionAnswer!.schema } });
    const byLabel = Object.fromEntries(got.items.map((i) => [i.label, i.value]));
    expect(byLabel['要求反馈的内容']).toBe(variables.supervisionOrderRequired);
    expect(byLabel['承办单位反馈']).toBe('灯具已订购，周三前更换');
    expect(byLabel['已采取的措施']).toBe('已联系物业');
  });
});
