// The corrected value a reviewer types into 申诉核查 (appealReview's correctedValue), as the figure it becomes.
import { describe, expect, it } from 'vitest';
import { correctedValueOf } from '../src/modules/assessment/assessment-appeal';

const value = (correctedValue: unknown, format: string) => correctedValueOf({ correctedValue }, format);

describe('an appeal\'s corrected value', () => {
  it('reads a share as a percentage or as the ratio', () => {
    expect([value(95, 'percent'), value('95%', 'percent'), value(0.95, 'percent'), value('100', 'percent')]).toEqual([0.95, 0.95, 0.95, 1]);
  });

  it("reads a change against last year (Turpan's similar matters) as a percentage or as the ratio, falls included", () => {
    expect([value(-50, 'change'), value('-50%', 'change'), value(-0.5, 'change'), value(120, 'change')]).toEqual([-0.5, -0.5, -0.5, 1.2]);
  });

  it('keeps a count as typed, and gives nothing for what is not a number', () => {
    expect([value(3, 'count'), value('2', 'count')]).toEqual([3, 2]);
    expect([value('', 'percent'), value('九十五', 'percent'), value(undefined, 'count')]).toEqual([null, null, null]);
  });
});
