// 审计日志: the audit administrator (and the security administrator) read the city's trail — who did
// what, when, to what; refused accesses and exports among them — filtered by action, actor, subject
// and period, a page at a time. Read only: nothing here changes anything.
import { Button, DatePicker, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import type { AuditEvent, AuditQuery } from '../../api/types';
import { AUDIT_ACTION_LABELS, auditActionLabel, periodInstants } from '../../lib/audit';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';

const PAGE_SIZE = 50;

interface Filters {
  action?: string;
  actor?: string;
  subjectId?: string;
  period?: [Dayjs | null, Dayjs | null] | null;
}

const ACTION_OPTIONS = Object.entries(AUDIT_ACTION_LABELS).map(([value, label]) => ({ value, label: `${label}（${value}）` }));

function queryOf(filters: Filters, page: number): AuditQuery {
  const [from, to] = filters.period ?? [null, null];
  return {
    ...(filters.action ? { action: filters.action } : {}),
    ...(filters.actor?.trim() ? { actor: filters.actor.trim() } : {}),
    ...(filters.subjectId?.trim() ? { subjectId: filters.subjectId.trim() } : {}),
    ...periodInstants(from ? from.format('YYYY-MM-DD') : null, to ? to.format('YYYY-MM-DD') : null),
    offset: (page - 1) * PAGE_SIZE,
    // one more than a page: whether a next page exists
    limit: PAGE_SIZE + 1,
  };
}

const detailText = (details: Record<string, unknown>) =>
  Object.entries(details)
    .map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join('；');

export function AuditPage() {
  const { api, city } = useSession();
  const [form] = Form.useForm<Filters>();
  const [filters, setFilters] = useState<Filters>({});
  const [page, setPage] = useState(1);
  const list = useAsync((signal) => api.auditEvents(city, queryOf(filters, page), signal), [city, filters, page]);
  const rows = (list.data ?? []).slice(0, PAGE_SIZE);
  const hasNext = (list.data?.length ?? 0) > PAGE_SIZE;

  const columns: ColumnsType<AuditEvent> = [
    { title: '时间', key: 'at', width: 170, render: (_, e) => dayjs(e.occurredAt).format('YYYY-MM-DD HH:mm:ss') },
    { title: '操作人', dataIndex: 'actor', width: 140 },
    {
      title: '操作',
      key: 'action',
      width: 160,
      render: (_, e) => <Tag color={e.action === 'access.denied' ? 'red' : undefined}>{auditActionLabel(e.action)}</Tag>,
    },
    { title: '对象', key: 'subject', width: 260, render: (_, e) => `${e.subjectType} ${e.subjectId}` },
    { title: '详情', key: 'details', render: (_, e) => <Typography.Text type="secondary">{detailText(e.details) || '—'}</Typography.Text> },
  ];

  return (
    <div data-testid="audit-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          审计日志
        </Typography.Title>
        <Typography.Text type="secondary">谁在何时做了什么：登录、授权变更、查看个人信息、导出和被拒绝的访问；日志只增不改，至少保存六个月</Typography.Text>
      </div>
      <Form<Filters>
        form={form}
        layout="inline"
        style={{ marginBottom: 16, rowGap: 8 }}
        onFinish={(values) => {
          setFilters(values);
          setPage(1);
        }}
      >
        <Form.Item name="action" label="操作">
          <Select allowClear showSearch optionFilterProp="label" placeholder="全部操作" options={ACTION_OPTIONS} style={{ width: 240 }} data-testid="audit-filter-action" />
        </Form.Item>
        <Form.Item name="actor" label="操作人">
          <Input allowClear placeholder="用户名" style={{ width: 150 }} data-testid="audit-filter-actor" />
        </Form.Item>
        <Form.Item name="subjectId" label="对象">
          <Input allowClear placeholder="工单编号、用户名…" style={{ width: 180 }} data-testid="audit-filter-subject" />
        </Form.Item>
        <Form.Item name="period" label="时间">
          <DatePicker.RangePicker allowEmpty={[true, true]} data-testid="audit-filter-period" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="audit-search">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setFilters({});
                setPage(1);
              }}
            >
              重置
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <>
          <Table<AuditEvent>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={rows}
            loading={list.loading}
            pagination={false}
            onRow={(e) => ({ 'data-testid': 'audit-row', 'data-action': e.action }) as HTMLAttributes<HTMLElement>}
            locale={{ emptyText: list.loading ? ' ' : <EmptyState testId="audit-empty" description="没有符合条件的日志" /> }}
          />
          <Space style={{ marginTop: 16 }}>
            <Button disabled={page === 1} onClick={() => setPage(page - 1)} data-testid="audit-prev">
              上一页
            </Button>
            <Typography.Text>第 {page} 页</Typography.Text>
            <Button disabled={!hasNext} onClick={() => setPage(page + 1)} data-testid="audit-next">
              下一页
            </Button>
          </Space>
        </>
      )}
    </div>
  );
}
