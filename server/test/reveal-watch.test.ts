// The reveal watch's judgement alone: when a reveal is refused and which patterns raise an alert.
import { describe, expect, it } from 'vitest';
import { judgeReveal, rateRefusal } from '../src/modules/security/reveal-watch';

const LIMITS = { perHour: 30, perDay: 100, burstCount: 10, burstMinutes: 5, beyondTasksPerHour: 10 };
const quiet = { lastHour: 0, lastDay: 0, inBurstWindow: 0, beyondTasksLastHour: 0 };

describe('judging a reveal', () => {
  it('allows ordinary work without alerts', () => {
    expect(judgeReveal({ lastHour: 29, lastDay: 99, inBurstWindow: 9, beyondTasksLastHour: 9 }, true, LIMITS)).toEqual({ refused: null, alerts: [] });
  });

  it('refuses past the hour, then past the day, with one rateLimit alert and a Chinese refusal', () => {
    const hour = judgeReveal({ ...quiet, lastHour: 30, lastDay: 30 }, false, LIMITS);
    expect(hour.refused).toEqual({ per: 'hour', limit: 30 });
    expect(hour.alerts.map((a) => a.kind)).toEqual(['rateLimit']);
    const day = judgeReveal({ ...quiet, lastHour: 3, lastDay: 100 }, false, LIMITS);
    expect(rateRefusal(day.refused!)).toBe('查看诉求人信息过于频繁：24 小时内最多 100 次，请稍后再试；确有工作需要的，请联系安全管理员。');
  });

  it('alerts on a burst, and on reveals beyond one’s tasks only when this one is beyond them too', () => {
    expect(judgeReveal({ ...quiet, inBurstWindow: 10 }, false, LIMITS).alerts).toEqual([{ kind: 'burst', summary: '5 分钟内查看诉求人信息 11 次（超过 10 次）' }]);
    expect(judgeReveal({ ...quiet, beyondTasksLastHour: 10 }, false, LIMITS).alerts).toEqual([]);
    expect(judgeReveal({ ...quiet, beyondTasksLastHour: 10 }, true, LIMITS).alerts.map((a) => a.kind)).toEqual(['beyondTasks']);
  });
});
