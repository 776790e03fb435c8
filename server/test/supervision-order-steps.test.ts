// Where a 督办单 reaches the unit is read from each shipped process (its supervisionOrder boundary events),
// with who answers an escalation; the 通报's week and month periods.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { bulletinDays } from '../src/modules/supervision/bulletin-xlsx';
import { orderStepsOf } from '../src/modules/supervision/order-steps';
import { userTaskNames } from '../src/modules/workflow/pack-catalog';

const CITIES = join(__dirname, '..', '..', 'cities');

describe.each(['tianjin', 'hangzhou', 'turpan'])('the %s process', (city) => {
  const xml = readFileSync(join(CITIES, city, 'processes', 'ticket.bpmn'), 'utf8');
  const names = new Map(userTaskNames(xml));
  const steps = orderStepsOf([{ xml }], 'supervisionOrder', (id) => names.get(id));

  it('takes a 督办单 at the unit\'s accept, handling and rework steps only', () => {
    expect([...steps.carrying.keys()].sort()).toEqual(['accept', 'reply', 'rework']);
    for (const other of ['assist', 'returnReview', 'extensionReview', 'completionReview', 'returnVisit']) expect(steps.carrying.has(other)).toBe(false);
    expect(steps.carrying.get('reply')).toMatch(/[\u4e00-\u9fff]/); // the step's Chinese name
  });

  it('sends an escalation to the unit leader', () => {
    expect(steps.rolesAfter('stampOrderEscalated')).toEqual(['unitLeader']);
  });

  it('knows no message it does not carry', () => {
    expect(orderStepsOf([{ xml }], 'somethingElse', () => undefined).carrying.size).toBe(0);
  });
});

describe('the 通报 period', () => {
  it('is the Monday-to-Sunday week or the calendar month holding the day, or the dates given', () => {
    expect(bulletinDays({ period: 'week', of: '2026-12-09' }, '2026-12-07')).toEqual({ from: '2026-12-07', to: '2026-12-13', label: '按周' });
    expect(bulletinDays({ period: 'week', of: '2026-12-13' }, '2026-12-07')).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
    expect(bulletinDays({ period: 'week' }, '2026-12-07')).toMatchObject({ from: '2026-12-07', to: '2026-12-13' });
    expect(bulletinDays({ period: 'month', of: '2024-02-10' }, '2026-12-07')).toEqual({ from: '2024-02-01', to: '2024-02-29', label: '按月' });
    expect(bulletinDays({ from: '2026-12-01', to: '2026-12-05' }, '2026-12-07')).toEqual({ from: '2026-12-01', to: '2026-12-05', label: '自定义期间' });
    expect(bulletinDays({ from: '2026-12-01' }, '2026-12-07')).toBeNull();
  });
});
