// The ticket at the top of a task: number, type, urgency, channel, what it is about and where, when
// registered, what was asked.
import { Card, Descriptions, Tag, Typography } from 'antd';
import type { Ticket } from '../../api/types';
import { formatInstant } from '../../lib/due';
import { CHANNEL_LABELS, URGENCY_COLOURS, labelOf } from '../../lib/labels';
import { TICKET_STATUS_LABELS } from '../../lib/ticket-status';
import { useSession } from '../../app/session';

export function TicketSummary({ ticket }: { ticket: Ticket }) {
  const { typeLabel, urgencyLabel, pack, formLabel } = useSession();
  const channels = { ...CHANNEL_LABELS, ...Object.fromEntries((pack?.channels ?? []).map((c) => [c.key, c.label])) };
  const unitName = ticket.unit?.name ?? ticket.unitName ?? null;
  return (
    <Card size="small" title="工单信息" data-testid="ticket-summary">
      <Descriptions size="small" column={{ xs: 1, sm: 2, md: 3 }}>
        <Descriptions.Item label="工单编号">
          <span data-testid="ticket-number">{ticket.number}</span>
        </Descriptions.Item>
        <Descriptions.Item label="诉求类型">{typeLabel(ticket.type)}</Descriptions.Item>
        <Descriptions.Item label="紧急程度">
          <Tag color={URGENCY_COLOURS[ticket.urgency] ?? 'default'}>{urgencyLabel(ticket.urgency)}</Tag>
        </Descriptions.Item>
        {ticket.channel ? <Descriptions.Item label="受理渠道">{labelOf(channels, ticket.channel)}</Descriptions.Item> : null}
        <Descriptions.Item label="登记时间">{formatInstant(ticket.registeredAt, true)}</Descriptions.Item>
        {unitName ? <Descriptions.Item label="承办单位">{unitName}</Descriptions.Item> : null}
        {ticket.matter ? (
          <Descriptions.Item label="诉求事项">
            <span data-testid="ticket-matter">{ticket.matter.label}</span>
          </Descriptions.Item>
        ) : null}
        {ticket.place ? (
          <Descriptions.Item label="事发区划">
            <span data-testid="ticket-place">{ticket.place.path.join(' › ')}</span>
          </Descriptions.Item>
        ) : null}
        {ticket.address ? <Descriptions.Item label="事发地点">{ticket.address}</Descriptions.Item> : null}
        {ticket.status ? (
          <Descriptions.Item label="工单状态">
            <span data-testid="ticket-status">{labelOf(TICKET_STATUS_LABELS, ticket.status)}</span>
            {ticket.markers?.negativeRatingExempt ? (
              <Tag color="green" style={{ marginLeft: 8 }} data-testid="ticket-marker-exempt" title="热线工作机构审核认可承办单位的履职尽责说明，不满意评价不计入对承办单位的负面评价">
                不予负面评价
              </Tag>
            ) : null}
            {ticket.markers?.unsolvableFiled ? (
              <Tag color="gold" style={{ marginLeft: 8 }} data-testid="ticket-marker-filed" title="因客观条件限制当前无法解决，已报热线工作机构备案">
                已备案
              </Tag>
            ) : null}
          </Descriptions.Item>
        ) : null}
        {ticket.status === 'open' && ticket.openSteps && ticket.openSteps.length > 0 ? (
          <Descriptions.Item label="当前环节">
            <span data-testid="ticket-open-steps">
              {ticket.openSteps.map((step) => `${step.form ? formLabel(step.form) : step.name}${step.unit ? `（${step.unit.name}）` : ''}`).join('、')}
            </span>
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      {ticket.summary && !ticket.content.startsWith(ticket.summary.replace(/…$/, '')) ? (
        <Typography.Paragraph strong style={{ marginBottom: 4 }}>
          {ticket.summary}
        </Typography.Paragraph>
      ) : null}
      <Typography.Paragraph className="ticket-content" data-testid="ticket-content" ellipsis={{ rows: 4, expandable: true, symbol: '展开' }}>
        {ticket.content}
      </Typography.Paragraph>
    </Card>
  );
}
