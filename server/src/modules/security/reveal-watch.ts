// The reveal watch (查看诉求人信息监测): pure judgement of one person's next reveal from their recent
// reveals and the configured limits — refuse it past the hourly or daily rate, and name the bulk
// patterns that should alert the security administrator (安全管理员). Counting is the caller's job.
import type { RevealLimits } from '../../config';

/** One person's reveals already made (the audit trail's), not counting the one being judged. */
export interface RecentReveals {
  lastHour: number;
  lastDay: number;
  /** Within the burst window (RevealLimits.burstMinutes). */
  inBurstWindow: number;
  /** Of tickets they held no task of, in the last hour. */
  beyondTasksLastHour: number;
}

export const ALERT_KINDS = ['rateLimit', 'burst', 'beyondTasks'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

/** What each alert is, as the security administrator reads it. */
export const ALERT_LABELS: Readonly<Record<AlertKind, string>> = {
  rateLimit: '超过查看频率上限',
  burst: '短时间内批量查看诉求人信息',
  beyondTasks: '频繁查看非本人办理工单的诉求人信息',
};

export interface RevealJudgement {
  /** The rate the reveal would exceed: refused (429), and a `rateLimit` alert. */
  refused: { per: 'hour' | 'day'; limit: number } | null;
  /** Alerts this reveal raises, each with the sentence saying why. */
  alerts: Array<{ kind: AlertKind; summary: string }>;
}

export function judgeReveal(recent: RecentReveals, beyondTasks: boolean, limits: RevealLimits): RevealJudgement {
  const refused =
    recent.lastHour >= limits.perHour ? { per: 'hour' as const, limit: limits.perHour } : recent.lastDay >= limits.perDay ? { per: 'day' as const, limit: limits.perDay } : null;
  if (refused) {
    const window = refused.per === 'hour' ? '1 小时' : '24 小时';
    return { refused, alerts: [{ kind: 'rateLimit', summary: `${window}内查看诉求人信息已达上限 ${refused.limit} 次，仍继续尝试查看` }] };
  }
  const alerts: RevealJudgement['alerts'] = [];
  const burst = recent.inBurstWindow + 1;
  if (burst > limits.burstCount) {
    alerts.push({ kind: 'burst', summary: `${limits.burstMinutes} 分钟内查看诉求人信息 ${burst} 次（超过 ${limits.burstCount} 次）` });
  }
  const beyond = recent.beyondTasksLastHour + (beyondTasks ? 1 : 0);
  if (beyondTasks && beyond > limits.beyondTasksPerHour) {
    alerts.push({ kind: 'beyondTasks', summary: `1 小时内查看非本人办理工单的诉求人信息 ${beyond} 次（超过 ${limits.beyondTasksPerHour} 次）` });
  }
  return { refused, alerts };
}

/** The refusal a person reads when over the rate (429). */
export function rateRefusal(refused: NonNullable<RevealJudgement['refused']>): string {
  const window = refused.per === 'hour' ? '1 小时' : '24 小时';
  return `查看诉求人信息过于频繁：${window}内最多 ${refused.limit} 次，请稍后再试；确有工作需要的，请联系安全管理员。`;
}
