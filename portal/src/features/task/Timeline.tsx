// Every step of the ticket so far, oldest first.
import { Card, Timeline, Typography } from 'antd';
import type { TicketEvent } from '../../api/types';
import { formatInstant } from '../../lib/due';
import { EmptyState } from '../../app/states';

export function TicketTimeline({ events }: { events: TicketEvent[] }) {
  return (
    <Card size="small" title={`办理过程（${events.length}）`} data-testid="timeline">
      {events.length === 0 ? (
        <EmptyState description="暂无办理记录" testId="timeline-empty" />
      ) : (
        <Timeline
          items={events.map((e, i) => ({
            key: e.id,
            color: i === events.length - 1 ? 'blue' : 'gray',
            children: (
              <div data-testid="timeline-item" data-kind={e.kind}>
                <div>
                  <Typography.Text strong>{e.summary}</Typography.Text>
                </div>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  {formatInstant(e.at, true)}
                  {e.actor ? ` · ${e.actor.name || e.actor.username}` : ''}
                  {e.unit ? ` · ${e.unit.name}` : ''}
                </Typography.Text>
              </div>
            ),
          }))}
        />
      )}
    </Card>
  );
}
