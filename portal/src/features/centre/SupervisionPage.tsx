// The supervision board: overdue tickets and tickets rated dissatisfied, with why each is here;
// a ticket opens with its whole timeline.
import { Drawer, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import type { SupervisionItem, Ticket } from '../../api/types';
import { formatInstant } from '../../lib/due';
import { boardDue, describeReason } from '../../lib/supervision';
import { URGENCY_COLOURS } from '../../lib/labels';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { useNow } from '../../app/use-now';
import { DueBadge } from '../inbox/DueBadge';
import { TicketSummary } from '../task/TicketSummary';
import { TicketTimeline } from '../task/Timeline';

type Kind = 'overdue' | 'dissatisfied';
const ticketOf = (item: SupervisionItem): Ticket => item.ticket;

export function SupervisionPage() {
  const { location, navigate } = useRouter();
  const params = new URLSearchParams(location.search);
  const kind: Kind = params.get('kind') === 'dissatisfied' ? 'dissatisfied' : 'overdue';
  return (
    <div data-testid="supervision-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          督办
        </Typography.Title>
        <Typography.Text type="secondary">超期未办结和诉求人不满意的工单</Typography.Text>
      </div>
      <Tabs
        activeKey={kind}
        onChange={(key) => navigate(`/supervision?kind=${key}`, { replace: true })}
        items={[
          { key: 'overdue', label: <span data-testid="board-overdue">超期工单</span> },
          { key: 'dissatisfied', label: <span data-testid="board-dissatisfied">不满意工单</span> },
        ]}
      />
      <Board key={kind} kind={kind} />
    </div>
  );
}

function Board({ kind }: { kind: Kind }) {
  const { api, city, typeLabel, urgencyLabel } = useSession();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const [open, setOpen] = useState<Ticket | null>(null);
  const now = useNow();
  const result = useAsync((signal) => api.supervision(city, kind, page.page, page.pageSize, signal), [city, kind, page.page, page.pageSize]);
  const columns: ColumnsType<SupervisionItem> = [
    {
      title: '工单编号',
      key: 'number',
      width: 170,
      render: (_, item) => (
        <a onClick={() => setOpen(ticketOf(item))} data-testid="board-ticket">
          {ticketOf(item).number}
        </a>
      ),
    },
    { title: '紧急程度', key: 'urgency', width: 130, render: (_, i) => <Tag color={URGENCY_COLOURS[ticketOf(i).urgency] ?? 'default'}>{urgencyLabel(ticketOf(i).urgency)}</Tag> },
    { title: '类型', key: 'type', width: 80, render: (_, i) => typeLabel(ticketOf(i).type) },
    { title: '诉求摘要', key: 'summary', ellipsis: true, render: (_, i) => ticketOf(i).summary ?? ticketOf(i).content },
    { title: '承办单位', key: 'unit', width: 140, render: (_, i) => ticketOf(i).unit?.name ?? ticketOf(i).unitName ?? '—' },
    { title: '督办原因', key: 'reason', width: 220, render: (_, i) => <Typography.Text type="danger" data-testid="board-reason">{describeReason(i.reason)}</Typography.Text> },
    kind === 'overdue'
      ? { title: '时限', key: 'due', width: 230, render: (_, i) => <DueBadge dueAt={boardDue(i.reason, ticketOf(i).dueAt)} now={now} /> }
      : { title: '登记时间', key: 'at', width: 150, render: (_, i) => formatInstant(ticketOf(i).registeredAt, true) },
  ];
  if (result.error && !result.data) return <ErrorState error={result.error} onRetry={result.reload} testId="board-error" />;
  return (
    <>
      <div data-testid={`board-${kind}-table`}>
<Table<SupervisionItem>
        rowKey={(i) => `${ticketOf(i).number}-${typeof i.reason === 'string' ? i.reason : i.reason.at}`}
        size="middle"
        columns={columns}
        dataSource={result.data?.items ?? []}
        loading={result.loading}
        rowClassName={() => (kind === 'overdue' ? 'due-row-overdue' : '')}
        onRow={(i) => ({ 'data-testid': 'board-row', 'data-ticket': ticketOf(i).number }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: result.loading ? ' ' : <EmptyState testId="board-empty" description={kind === 'overdue' ? '没有超期工单' : '没有不满意工单'} /> }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: result.data?.total ?? 0,
          showTotal: (t) => `共 ${t} 件`,
          onChange: (p, s) => setPage({ page: s !== page.pageSize ? 1 : p, pageSize: s }),
        }}
      />
</div>
      <Drawer width={640} open={open !== null} onClose={() => setOpen(null)} title={open ? `工单 ${open.number}` : ''} destroyOnHidden>
        {open ? <TicketDetail ticket={open} /> : null}
      </Drawer>
    </>
  );
}

function TicketDetail({ ticket }: { ticket: Ticket }) {
  const { api, city } = useSession();
  const id = ticket.id ?? ticket.number;
  const timeline = useAsync(() => api.timeline(city, id), [city, id]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TicketSummary ticket={ticket} />
      {timeline.loading ? <Loading /> : timeline.error ? <ErrorState error={timeline.error} onRetry={timeline.reload} /> : <TicketTimeline events={timeline.data?.items ?? []} />}
    </Space>
  );
}
