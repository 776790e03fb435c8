// 提醒发送情况: the city's reminders that did not reach their people — given up (发送失败) or waiting for
// another attempt (等待重试) — with the reason, the attempts, when the next one is due and to whom
// (mobile numbers masked by the server). 重试 puts a failed one back in the queue: the server keeps its
// idempotency key and skips whoever already has it, so nobody gets it twice.
import { Alert, Button, Segmented, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { formatInstant } from '../../lib/due';
import { type DeliveryState, type UndeliveredReminder, retryDelivery, undeliveredReminders } from './deliveries-api';

const STATE: Record<DeliveryState, { label: string; color: string }> = {
  failed: { label: '发送失败', color: 'error' },
  retrying: { label: '等待重试', color: 'warning' },
};
const CHANNEL: Record<string, string> = { portal: '站内提醒', sms: '短信' };

type Filter = DeliveryState | 'all';

export function DeliveriesPage() {
  const { api, city } = useSession();
  const [filter, setFilter] = useState<Filter>('all');
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [refresh, setRefresh] = useState(0);
  const result = useAsync(
    (signal) => undeliveredReminders(api, city, filter === 'all' ? undefined : filter, page.page, page.pageSize, signal),
    [api, city, filter, page.page, page.pageSize, refresh],
  );

  const retry = async (row: UndeliveredReminder) => {
    setBusy(row.id);
    setError(null);
    try {
      await retryDelivery(api, city, row.id);
      void message.success('已重新加入发送队列');
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<UndeliveredReminder> = [
    { title: '状态', key: 'state', width: 100, render: (_, r) => <Tag color={STATE[r.state].color} data-testid="delivery-state">{STATE[r.state].label}</Tag> },
    { title: '渠道', key: 'channel', width: 90, render: (_, r) => CHANNEL[r.channel] ?? r.channel },
    { title: '工单编号', key: 'ticket', width: 170, render: (_, r) => r.ticketNumber ?? '—' },
    {
      title: '提醒内容',
      key: 'body',
      ellipsis: true,
      render: (_, r) => (
        <Tooltip title={r.body}>
          <span>{r.title}</span>
        </Tooltip>
      ),
    },
    {
      title: '接收人',
      key: 'recipients',
      width: 240,
      render: (_, r) =>
        r.recipients.length === 0 ? (
          <Typography.Text type="secondary">无</Typography.Text>
        ) : (
          <Space direction="vertical" size={0} data-testid="delivery-recipients">
            {r.recipients.map((p, i) => (
              <span key={i}>
                {p.name}
                {p.unit ? `（${p.unit}）` : ''}
                {p.phone ? ` ${p.phone}` : ''}
                {p.sent ? <Tag style={{ marginLeft: 4 }}>已送达</Tag> : null}
              </span>
            ))}
          </Space>
        ),
    },
    {
      title: '失败原因',
      key: 'error',
      ellipsis: true,
      render: (_, r) => (
        <Tooltip title={r.lastError}>
          <span data-testid="delivery-error">{r.lastError ?? '—'}</span>
        </Tooltip>
      ),
    },
    { title: '已尝试', key: 'attempts', width: 80, render: (_, r) => <span data-testid="delivery-attempts">{r.attempts} 次</span> },
    { title: '下次尝试', key: 'next', width: 150, render: (_, r) => (r.nextAttemptAt ? formatInstant(r.nextAttemptAt, true) : '—') },
    { title: '产生时间', key: 'created', width: 150, render: (_, r) => formatInstant(r.createdAt, true) },
    {
      title: '操作',
      key: 'action',
      width: 90,
      render: (_, r) =>
        r.state === 'failed' ? (
          <Button size="small" loading={busy === r.id} onClick={() => void retry(r)} data-testid="delivery-retry">
            重试
          </Button>
        ) : null,
    },
  ];

  return (
    <div data-testid="deliveries-page">
      <Typography.Title level={4}>提醒发送情况</Typography.Title>
      <Typography.Paragraph type="secondary">
        未能送达的提醒：发送失败的可在核实后重试（已收到的人员不会重复收到）；等待重试的将按间隔自动再次发送。手机号已隐去中间四位。
      </Typography.Paragraph>
      <Space direction="vertical" style={{ width: '100%' }}>
        <Segmented<Filter>
          value={filter}
          onChange={(v) => {
            setFilter(v);
            setPage((p) => ({ ...p, page: 1 }));
          }}
          options={[
            { value: 'all', label: <span data-testid="deliveries-all">全部</span> },
            { value: 'failed', label: <span data-testid="deliveries-failed">发送失败</span> },
            { value: 'retrying', label: <span data-testid="deliveries-retrying">等待重试</span> },
          ]}
        />
        {error ? <Alert type="error" showIcon message={error} data-testid="deliveries-action-error" /> : null}
        {result.error && !result.data ? (
          <ErrorState error={result.error} onRetry={result.reload} testId="deliveries-error" />
        ) : (
          <Table<UndeliveredReminder>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={result.data?.items ?? []}
            loading={result.loading}
            onRow={(r) => ({ 'data-testid': 'delivery-row', 'data-ticket': r.ticketNumber ?? '', 'data-channel': r.channel }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: result.loading ? ' ' : <EmptyState testId="deliveries-empty" description="没有未送达的提醒" /> }}
            pagination={{
              current: page.page,
              pageSize: page.pageSize,
              // the server answers pages without a total: one page more while there are more
              total: (page.page - 1) * page.pageSize + (result.data?.items.length ?? 0) + (result.data?.hasMore ? 1 : 0),
              onChange: (p, s) => setPage({ page: s !== page.pageSize ? 1 : p, pageSize: s }),
            }}
          />
        )}
      </Space>
    </div>
  );
}
