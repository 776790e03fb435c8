// One ticket opened from a search (or a link): its record, caller masked, and its whole timeline,
// repeat calls included.
import { Space, Typography } from 'antd';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { TicketSummary } from '../task/TicketSummary';
import { TicketTimeline } from '../task/Timeline';

export function TicketPage({ number }: { number: string }) {
  const { api, city } = useSession();
  const loaded = useAsync(async () => {
    const [ticket, timeline] = await Promise.all([api.ticket(city, number), api.timeline(city, number)]);
    return { ticket, timeline };
  }, [city, number]);
  if (loaded.loading && !loaded.data) return <Loading label="正在加载工单…" />;
  if (!loaded.data) return <ErrorState error={loaded.error} onRetry={loaded.reload} testId="ticket-error" />;
  return (
    <div data-testid="ticket-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          工单 {number}
        </Typography.Title>
      </div>
      <Space direction="vertical" size={16} style={{ width: '100%' }}>
        <TicketSummary ticket={loaded.data.ticket} />
        <TicketTimeline events={loaded.data.timeline.items} />
      </Space>
    </div>
  );
}
