// The 督办 board's line on repeat calls (重复来电): how many calls in the last 30 days repeated an open
// ticket, and the units whose tickets drew the most — callers who had to ring again.
import type { RepeatCallFigures } from '@hotline/api-types';
import { Alert, Typography } from 'antd';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/use-async';
import { chinaDay } from '../../pack/pack-info';


const DAYS = 30;

export function RepeatCallFigures() {
  const { api, city } = useSession();
  const to = chinaDay();
  const from = chinaDay(Date.now() - (DAYS - 1) * 24 * 3600_000);
  const figures = useAsync((signal) => api.call<RepeatCallFigures>('GET', `/api/cities/${city}/repeat-calls/figures?from=${from}&to=${to}`, undefined, signal), [city, from, to]);
  if (!figures.data || figures.data.calls === 0) return null;
  const { calls, tickets, sameCaller, byUnit } = figures.data;
  const top = byUnit
    .filter((u) => u.unitName)
    .slice(0, 3)
    .map((u) => `${u.unitName} ${u.calls} 次`)
    .join('、');
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginBottom: 12 }}
      data-testid="repeat-call-figures"
      message={
        <Typography.Text>
          近 {DAYS} 天重复来电 {calls} 次（其中同一诉求人 {sameCaller} 次），涉及 {tickets} 件工单{top ? `；较多的承办单位：${top}` : ''}
        </Typography.Text>
      }
    />
  );
}
