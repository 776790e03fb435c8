// 督办单 on the supervision board: issuing one for the ticket open in the drawer (the unit answers it in
// its inbox; the centre's review — close, escalate, re-issue — is a task in the supervisor's inbox), the
// list of orders with the overdue ones flagged, and the 通报 list of units for a period.
import { Alert, Button, DatePicker, Form, Input, Modal, Segmented, Space, Table, Tag, Typography, message } from 'antd';
import type { ButtonProps } from 'antd';
import type { ColumnsType, TablePaginationConfig } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import type { BulletinEntry, BulletinPeriod, SupervisionOrder, Ticket } from '../../api/types';
import { download } from '../catalogue/shared';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { formatInstant } from '../../lib/due';

const STATUS: Record<SupervisionOrder['status'], { label: string; color: string }> = {
  waiting: { label: '待送达', color: 'gold' },
  lapsed: { label: '未送达（工单已结束）', color: 'default' },
  issued: { label: '待反馈', color: 'processing' },
  escalated: { label: '提级督办，待负责人反馈', color: 'warning' },
  reissued: { label: '重新督办，待反馈', color: 'processing' },
  answered: { label: '已反馈，待审核', color: 'cyan' },
  closed: { label: '已办结', color: 'default' },
};

interface IssueValues {
  requiredResponse: string;
  opinion: string;
  dueAt?: Dayjs | null;
}

/** The 下达督办单 button and its form, for one ticket. */
export function IssueOrderButton({ ticket, onIssued }: { ticket: Ticket; onIssued?: (order: SupervisionOrder) => void }) {
  const { api, city } = useSession();
  const [open, setOpen] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<IssueValues>();
  const submit = async (values: IssueValues) => {
    setSaving(true);
    setError(null);
    try {
      const order = await api.issueSupervisionOrder(city, {
        ticket: ticket.number,
        requiredResponse: values.requiredResponse,
        opinion: values.opinion,
        ...(values.dueAt ? { dueAt: values.dueAt.format('YYYY-MM-DDTHH:mm:ssZ') } : {}),
      });
      void message.success(order.status === 'waiting' ? `已下达督办单：${waitingText(order)}` : `已下达督办单，反馈期限 ${formatInstant(order.dueAt, true)}`);
      setOpen(false);
      form.resetFields();
      onIssued?.(order);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setSaving(false);
    }
  };
  return (
    <>
      <Button type="primary" danger onClick={() => setOpen(true)} data-testid="order-issue" disabled={ticket.status !== 'open'}>
        下达督办单
      </Button>
      <Modal
        open={open}
        title={`下达督办单 · 工单 ${ticket.number}`}
        okText="下达"
        cancelText="取消"
        confirmLoading={saving}
        onOk={() => form.submit()}
        onCancel={() => setOpen(false)}
        okButtonProps={{ 'data-testid': 'order-submit' } as ButtonProps}
        destroyOnHidden
      >
        <Form<IssueValues> form={form} layout="vertical" onFinish={submit} data-testid="order-form">
          <Form.Item name="requiredResponse" label="要求反馈的内容" rules={[{ required: true, whitespace: true, message: '请填写要求承办单位反馈的内容' }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="order-required" placeholder="如：说明未办结原因、已采取的措施及预计办结时间" />
          </Form.Item>
          <Form.Item name="opinion" label="督办意见" rules={[{ required: true, whitespace: true, message: '请填写督办意见' }]}>
            <Input.TextArea rows={3} maxLength={2000} data-testid="order-opinion" />
          </Form.Item>
          <Form.Item name="dueAt" label="反馈期限" extra="不填则按本市规定的督办反馈期限计算">
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="order-due" disabledDate={(d) => d.isBefore(dayjs(), 'day')} />
          </Form.Item>
        </Form>
        {error ? <Alert type="error" showIcon message={error} data-testid="order-error" /> : null}
      </Modal>
    </>
  );
}

/** Why a waiting order has no task yet, and when it will. */
function waitingText(o: SupervisionOrder): string {
  const at = o.waitingAt ? `工单在「${o.waitingAt}」环节` : '工单正在流转';
  const steps = o.deliversAt.length > 0 ? `「${o.deliversAt.join('」「')}」` : '可接收督办单的';
  return `${at}，到达${steps}环节时送达承办单位`;
}

type OrderState = 'open' | 'overdue' | 'all';
type Paging = { page: number; pageSize: number };

/** A board's paging: 共 N 件, back to the first page when the page size changes. */
export function boardPagination(page: Paging, setPage: (next: Paging) => void, total: number): TablePaginationConfig {
  return {
    current: page.page,
    pageSize: page.pageSize,
    total,
    showTotal: (t) => `共 ${t} 件`,
    onChange: (p, s) => setPage({ page: s !== page.pageSize ? 1 : p, pageSize: s }),
  };
}

/** The city's orders: open, overdue (flagged) or all. */
export function OrdersBoard({ onOpen, refreshKey = 0 }: { onOpen: (ticket: Ticket) => void; refreshKey?: number }) {
  const { api, city } = useSession();
  const [state, setState] = useState<OrderState>('open');
  const [page, setPage] = useState({ page: 1, pageSize: 50 });
  const result = useAsync((signal) => api.supervisionOrders(city, state, page.page, page.pageSize, signal), [city, state, page.page, page.pageSize, refreshKey]);
  const columns: ColumnsType<SupervisionOrder> = [
    {
      title: '工单编号',
      key: 'number',
      width: 170,
      render: (_, o) => (o.ticket ? <a onClick={() => onOpen(o.ticket!)} data-testid="order-ticket">{o.ticket.number}</a> : '—'),
    },
    { title: '承办单位', key: 'unit', width: 140, render: (_, o) => o.unit?.name ?? o.ticket?.unitName ?? '—' },
    { title: '要求反馈', key: 'required', ellipsis: true, render: (_, o) => o.requiredResponse },
    {
      title: '状态',
      key: 'status',
      width: 220,
      render: (_, o) => (
        <Space size={4} wrap>
          <Tag color={STATUS[o.status].color} data-testid="order-status">{STATUS[o.status].label}</Tag>
          {o.overdue ? <Tag color="error" data-testid="order-overdue">已逾期</Tag> : null}
          {o.status === 'waiting' ? (
            <Typography.Text type="secondary" data-testid="order-waiting">
              {waitingText(o)}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      title: '反馈期限',
      key: 'due',
      width: 150,
      render: (_, o) =>
        o.status === 'waiting' || o.status === 'lapsed' ? (
          <Typography.Text type="secondary">送达后计算</Typography.Text>
        ) : (
          <Typography.Text type={o.overdue ? 'danger' : undefined} data-testid="order-due">
            {formatInstant(o.dueAt, true)}
          </Typography.Text>
        ),
    },
    { title: '反馈内容', key: 'response', ellipsis: true, render: (_, o) => o.response ?? '—' },
    { title: '下达', key: 'issued', width: 170, render: (_, o) => `${formatInstant(o.issuedAt, true)} ${o.issuedBy ?? ''}` },
  ];
  if (result.error && !result.data) return <ErrorState error={result.error} onRetry={result.reload} testId="orders-error" />;
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Segmented<OrderState>
        value={state}
        onChange={(v) => {
          setState(v);
          setPage((p) => ({ ...p, page: 1 }));
        }}
        options={[
          { value: 'open', label: <span data-testid="orders-open">未办结</span> },
          { value: 'overdue', label: <span data-testid="orders-overdue">已逾期</span> },
          { value: 'all', label: <span data-testid="orders-all">全部</span> },
        ]}
      />
      <div data-testid="orders-table">
        <Table<SupervisionOrder>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={result.data?.items ?? []}
          loading={result.loading}
          rowClassName={(o) => (o.overdue ? 'due-row-overdue' : '')}
          onRow={(o) => ({ 'data-testid': 'order-row', 'data-ticket': o.ticket?.number ?? '' }) as HTMLAttributes<HTMLElement>}
          locale={{ emptyText: result.loading ? ' ' : <EmptyState testId="orders-empty" description="没有督办单" /> }}
          pagination={boardPagination(page, setPage, result.data?.total ?? 0)}
        />
      </div>
    </Space>
  );
}

type PeriodMode = 'range' | 'week' | 'month';

/** The 通报 list: units with late orders, overdue or repeatedly supervised tickets over a period (dates, a week or a month), and its xlsx. */
export function BulletinBoard() {
  const { api, city } = useSession();
  const [mode, setMode] = useState<PeriodMode>('range');
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  // no day picked: the server's today (engine time) chooses the week or month
  const [day, setDay] = useState<Dayjs | null>(null);
  const [exporting, setExporting] = useState(false);
  const period: BulletinPeriod = mode === 'range' ? { from: range[0].format('YYYY-MM-DD'), to: range[1].format('YYYY-MM-DD') } : { period: mode, ...(day ? { of: day.format('YYYY-MM-DD') } : {}) };
  const key = JSON.stringify(period);
  const result = useAsync((signal) => api.supervisionBulletin(city, period, signal), [city, key]);
  const exportFile = async () => {
    setExporting(true);
    try {
      const file = await api.exportSupervisionBulletin(city, period);
      const shown = result.data ? `${result.data.from}至${result.data.to}` : dayjs().format('YYYY-MM-DD');
      download(file, `督办通报-${shown}.xlsx`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : String(e));
    } finally {
      setExporting(false);
    }
  };
  const columns: ColumnsType<BulletinEntry> = [
    { title: '承办单位', key: 'unit', width: 180, render: (_, e) => e.unit.name },
    { title: '督办单', key: 'orders', width: 90, render: (_, e) => e.orders },
    { title: '逾期未反馈', key: 'overdueOrders', width: 110, render: (_, e) => <Typography.Text type={e.overdueOrders > 0 ? 'danger' : undefined}>{e.overdueOrders}</Typography.Text> },
    { title: '超期工单', key: 'overdueTickets', width: 100, render: (_, e) => e.overdueTickets },
    { title: '多次督办工单', key: 'repeatedTickets', width: 120, render: (_, e) => e.repeatedTickets },
    { title: '涉及工单', key: 'tickets', render: (_, e) => e.tickets.join('、') },
  ];
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Space wrap>
        <Typography.Text>通报期间</Typography.Text>
        <Segmented<PeriodMode>
          value={mode}
          onChange={setMode}
          options={[
            { value: 'range', label: <span data-testid="bulletin-range">自定义</span> },
            { value: 'week', label: <span data-testid="bulletin-week">按周</span> },
            { value: 'month', label: <span data-testid="bulletin-month">按月</span> },
          ]}
        />
        {mode === 'range' ? (
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            onChange={(v) => {
              if (v && v[0] && v[1]) setRange([v[0], v[1]]);
            }}
            data-testid="bulletin-period"
          />
        ) : (
          <DatePicker
            picker={mode}
            value={day ?? (result.data ? dayjs(result.data.from) : null)}
            allowClear={false}
            onChange={(v) => v && setDay(v)}
            data-testid="bulletin-day"
          />
        )}
        {result.data ? (
          <Typography.Text data-testid="bulletin-dates">
            {result.data.from} 至 {result.data.to}
          </Typography.Text>
        ) : null}
        <Button onClick={() => void exportFile()} loading={exporting} data-testid="bulletin-export">
          导出 Excel
        </Button>
      </Space>
      {result.data ? <Typography.Text type="secondary">同一工单督办 {result.data.repeatedFrom} 次及以上为多次督办（{result.data.sourceText}）</Typography.Text> : null}
      {result.error && !result.data ? (
        <ErrorState error={result.error} onRetry={result.reload} testId="bulletin-error" />
      ) : (
        <div data-testid="bulletin-table">
          <Table<BulletinEntry>
            rowKey={(e) => e.unit.code}
            size="middle"
            columns={columns}
            dataSource={result.data?.items ?? []}
            loading={result.loading}
            pagination={false}
            onRow={(e) => ({ 'data-testid': 'bulletin-row', 'data-unit': e.unit.code }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: result.loading ? ' ' : <EmptyState testId="bulletin-empty" description="本期间没有需通报的承办单位" /> }}
          />
        </div>
      )}
    </Space>
  );
}
