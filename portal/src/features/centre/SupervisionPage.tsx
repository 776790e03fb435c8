// The supervision board: overdue tickets, tickets rated dissatisfied, and every supervision entry under
// the triggers the city's pack declares (预警, 逾期 …, filterable by trigger), with why each is here;
// each board narrows to a place (事发区划) and what lies under it; a ticket opens with its whole timeline.
import { Drawer, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import type { BoardKind, SupervisionItem, Ticket } from '../../api/types';
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
import { HandoffContextCard } from '../task/HandoffContextCard';
import { TicketTimeline } from '../task/Timeline';
import { RepeatCallFigures } from '../search/RepeatCallFigures';
import { PlaceFilter } from './PlaceFilter';
import { BulletinBoard, IssueOrderButton, OrdersBoard, boardPagination } from './SupervisionOrders';

type Kind = BoardKind | 'orders' | 'bulletin';
const KINDS: readonly Kind[] = ['overdue', 'dissatisfied', 'supervised', 'orders', 'bulletin'];
const EMPTY: Record<BoardKind, string> = { overdue: '没有超期工单', dissatisfied: '没有不满意工单', supervised: '没有督办记录' };
const ticketOf = (item: SupervisionItem): Ticket => item.ticket;

export function SupervisionPage() {
  const { location, navigate } = useRouter();
  const params = new URLSearchParams(location.search);
  const kind: Kind = KINDS.find((k) => k === params.get('kind')) ?? 'overdue';
  const trigger = kind === 'supervised' ? (params.get('trigger') ?? undefined) : undefined;
  const place = params.get('place') ?? undefined;
  const go = (to: { kind: Kind; trigger?: string | undefined; place?: string | undefined }) => {
    const search = new URLSearchParams({ kind: to.kind });
    if (to.kind === 'supervised' && to.trigger) search.set('trigger', to.trigger);
    if (to.place) search.set('place', to.place);
    navigate(`/supervision?${search.toString()}`, { replace: true });
  };
  return (
    <div data-testid="supervision-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          督办
        </Typography.Title>
        <Typography.Text type="secondary">超期未办结、诉求人不满意的工单，以及城市包规定的各类督办情形（含预警）</Typography.Text>
      </div>
      <RepeatCallFigures />
      <Tabs
        activeKey={kind}
        onChange={(key) => go({ kind: key as Kind, place })}
        items={[
          { key: 'overdue', label: <span data-testid="board-overdue">超期工单</span> },
          { key: 'dissatisfied', label: <span data-testid="board-dissatisfied">不满意工单</span> },
          { key: 'supervised', label: <span data-testid="board-supervised">督办记录</span> },
          { key: 'orders', label: <span data-testid="board-orders">督办单</span> },
          { key: 'bulletin', label: <span data-testid="board-bulletin">通报</span> },
        ]}
      />
      {kind === 'orders' ? <OrdersTab /> : kind === 'bulletin' ? <BulletinBoard /> : (
        <>
      <Space style={{ marginBottom: 12 }} wrap>
        {kind === 'supervised' ? <TriggerFilter value={trigger} onChange={(key) => go({ kind, trigger: key, place })} /> : null}
        <PlaceFilter value={place} onChange={(code) => go({ kind, trigger, place: code })} testId="board-place" />
      </Space>
      <Board key={`${kind}-${trigger ?? ''}-${place ?? ''}`} kind={kind} trigger={trigger} place={place} />
        </>
      )}
    </div>
  );
}

/** The triggers the pack declares, by their labels; none chosen: every trigger. */
function TriggerFilter({ value, onChange }: { value: string | undefined; onChange: (key: string | undefined) => void }) {
  const { api, city } = useSession();
  const triggers = useAsync((signal) => api.supervisionTriggers(city, signal), [city]);
  return (
    <Space>
      <Typography.Text>督办情形</Typography.Text>
      <Select<string>
        data-testid="board-trigger"
        style={{ width: 320 }}
        allowClear
        placeholder="全部情形"
        loading={triggers.loading}
        value={value}
        onChange={(key) => onChange(key || undefined)}
        options={(triggers.data?.items ?? []).map((t) => ({ value: t.key, label: t.label }))}
      />
    </Space>
  );
}

/** The orders, a ticket opening in the same drawer as on the other tabs. */
function OrdersTab() {
  const { api, city } = useSession();
  const [open, setOpen] = useState<Ticket | null>(null);
  const [issued, setIssued] = useState(0);
  const [lookup, setLookup] = useState<{ busy: boolean; error: string | null }>({ busy: false, error: null });
  const find = async (number: string) => {
    if (!number.trim()) return;
    setLookup({ busy: true, error: null });
    try {
      setOpen(await api.ticket(city, number.trim()));
      setLookup({ busy: false, error: null });
    } catch (e) {
      setLookup({ busy: false, error: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <>
      <Space style={{ marginBottom: 12 }} wrap>
        <Input.Search
          placeholder="输入工单编号，查看工单并下达督办单"
          enterButton="查找工单"
          loading={lookup.busy}
          onSearch={(v) => void find(v)}
          style={{ width: 420 }}
          data-testid="order-find"
        />
        {lookup.error ? <Typography.Text type="danger" data-testid="order-find-error">{lookup.error}</Typography.Text> : null}
      </Space>
      <OrdersBoard onOpen={setOpen} refreshKey={issued} />
      <TicketDrawer
        ticket={open}
        onClose={() => setOpen(null)}
        onIssued={() => {
          setIssued((n) => n + 1);
          setOpen(null);
        }}
      />
    </>
  );
}

function TicketDrawer({ ticket, onClose, onIssued }: { ticket: Ticket | null; onClose: () => void; onIssued?: () => void }) {
  const mayIssue = useSession().user.pages.includes('supervisionOrders');
  return (
    <Drawer width={640} open={ticket !== null} onClose={onClose} title={ticket ? `工单 ${ticket.number}` : ''} destroyOnHidden extra={ticket && mayIssue ? <IssueOrderButton ticket={ticket} onIssued={onIssued} /> : null}>
      {ticket ? <TicketDetail ticket={ticket} /> : null}
    </Drawer>
  );
}

function Board({ kind, trigger, place }: { kind: BoardKind; trigger: string | undefined; place: string | undefined }) {
  const { api, city, typeLabel, urgencyLabel } = useSession();
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const [open, setOpen] = useState<Ticket | null>(null);
  const now = useNow();
  const result = useAsync((signal) => api.supervision(city, kind, page.page, page.pageSize, signal, trigger, place), [city, kind, trigger, place, page.page, page.pageSize]);
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
    kind !== 'dissatisfied'
      ? { title: '时限', key: 'due', width: 230, render: (_, i) => <DueBadge dueAt={boardDue(i.reason, ticketOf(i).dueAt)} now={now} /> }
      : { title: '登记时间', key: 'at', width: 150, render: (_, i) => formatInstant(ticketOf(i).registeredAt, true) },
  ];
  if (result.error && !result.data) return <ErrorState error={result.error} onRetry={result.reload} testId="board-error" />;
  return (
    <>
      <div data-testid={`board-${kind}-table`}>
<Table<SupervisionItem>
        rowKey={(i) => `${ticketOf(i).number}-${typeof i.reason === 'string' ? i.reason : `${i.reason.trigger}-${i.reason.at}`}`}
        size="middle"
        columns={columns}
        dataSource={result.data?.items ?? []}
        loading={result.loading}
        rowClassName={() => (kind === 'overdue' ? 'due-row-overdue' : '')}
        onRow={(i) => ({ 'data-testid': 'board-row', 'data-ticket': ticketOf(i).number }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: result.loading ? ' ' : <EmptyState testId="board-empty" description={EMPTY[kind]} /> }}
        pagination={boardPagination(page, setPage, result.data?.total ?? 0)}
      />
</div>
      <TicketDrawer ticket={open} onClose={() => setOpen(null)} />
    </>
  );
}

function TicketDetail({ ticket }: { ticket: Ticket }) {
  const { api, city } = useSession();
  const id = ticket.id ?? ticket.number;
  const timeline = useAsync(() => api.timeline(city, id), [city, id]);
  const record = useAsync(() => api.ticketRecord(city, id), [city, id]);
  return (
    <Space direction="vertical" size={16} style={{ width: '100%' }}>
      <TicketSummary ticket={ticket} />
      {record.data ? <HandoffContextCard context={record.data} /> : null}
      {timeline.loading ? <Loading /> : timeline.error ? <ErrorState error={timeline.error} onRetry={timeline.reload} /> : <TicketTimeline events={timeline.data?.items ?? []} />}
    </Space>
  );
}
