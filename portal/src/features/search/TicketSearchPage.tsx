// 工单查询: any ticket of the person's scope by number, caller phone, address, words in its content,
// handling unit, type, status and registration days; a result opens the ticket (its record and
// timeline). A phone is matched by the server without showing it: results show callers masked; a person
// who may never see a caller (the pack's revealCaller) has neither the phone box nor the caller column.
import { Alert, Button, Card, Col, DatePicker, Form, Input, Row, Select, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { type HTMLAttributes, useEffect, useMemo, useState } from 'react';
import { ApiError } from '../../api/errors';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { formatInstant } from '../../lib/due';
import { URGENCY_COLOURS } from '../../lib/labels';
import { type FoundTicket, type SearchCriteria, criteriaOf, searchTickets } from './search-api';

import { TICKET_STATUS_LABELS } from '../../lib/ticket-status';
const STATUS_COLOURS: Record<string, string> = { open: 'processing', closed: 'success', cancelled: 'default' };

interface FormValues {
  number?: string;
  phone?: string;
  words?: string;
  address?: string;
  unit?: string;
  type?: string;
  status?: string;
  days?: [Dayjs | null, Dayjs | null] | null;
}

const FIELDS: ReadonlyArray<keyof FormValues> = ['number', 'phone', 'words', 'address', 'unit', 'type', 'status', 'days'];

export function TicketSearchPage() {
  const { units, pack, user } = useSession();
  const [form] = Form.useForm<FormValues>();
  const { location } = useRouter();
  // a drill-down from 数据分析 opens the page with its criteria in the address (/search?type=…&from=…)
  const drill = useMemo(() => criteriaOf(Object.fromEntries(new URLSearchParams(location.search))), [location.search]);
  const hasDrill = Object.keys(drill).length > 0;
  const [criteria, setCriteria] = useState<SearchCriteria | null>(hasDrill ? drill : null);
  // what the form has no box for (channel, place, matter) stays with the search until 重置
  const [extra, setExtra] = useState<SearchCriteria>(() => ({ ...(drill.channel ? { channel: drill.channel } : {}), ...(drill.place ? { place: drill.place } : {}), ...(drill.matter ? { matter: drill.matter } : {}) }));
  const [page, setPage] = useState({ page: 1, pageSize: 20 });
  useEffect(() => {
    if (!hasDrill) return;
    const { number, words, address, unit, type, status } = drill;
    form.setFieldsValue({ number, words, address, unit, type, status, ...(drill.from && drill.to ? { days: [dayjs(drill.from), dayjs(drill.to)] as [Dayjs, Dayjs] } : {}) });
    setCriteria(drill);
    setExtra({ ...(drill.channel ? { channel: drill.channel } : {}), ...(drill.place ? { place: drill.place } : {}), ...(drill.matter ? { matter: drill.matter } : {}) });
  }, [drill, hasDrill, form]);

  const submit = (values: FormValues) => {
    // the last refusal's reasons go; the server says again what is still wrong
    form.setFields(FIELDS.map((name) => ({ name, errors: [] })));
    const [from, to] = values.days ?? [];
    setCriteria({ ...extra, ...criteriaOf({ ...values, from: from?.format('YYYY-MM-DD'), to: to?.format('YYYY-MM-DD') }) });
    setPage((p) => ({ ...p, page: 1 }));
  };

  return (
    <div data-testid="search-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          工单查询
        </Typography.Title>
        <Typography.Text type="secondary">
          {user.seesCallers ? '按编号、来电号码、地点、诉求内容等查询工单（含已办结），来电号码只用于匹配，不显示' : '按编号、地点、诉求内容等查询工单（含已办结）'}
        </Typography.Text>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FormValues> form={form} layout="vertical" onFinish={submit} data-testid="search-form">
          <Row gutter={16}>
            <Col xs={24} md={8}>
              <Form.Item name="number" label="工单编号">
                <Input allowClear placeholder="完整编号或前几位" data-testid="search-number" />
              </Form.Item>
            </Col>
            {user.seesCallers ? (
              <Col xs={24} md={8}>
                <Form.Item name="phone" label="来电号码">
                  <Input allowClear placeholder="完整号码，如 13812345678" data-testid="search-phone" autoComplete="off" />
                </Form.Item>
              </Col>
            ) : null}
            <Col xs={24} md={8}>
              <Form.Item name="words" label="诉求内容">
                <Input allowClear placeholder="关键词，至少 2 个字，多个词用空格分开" data-testid="search-words" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="address" label="事发地点">
                <Input allowClear placeholder="地址中的词，如 南京路" data-testid="search-address" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="unit" label="承办单位">
                <Select
                  allowClear
                  showSearch
                  optionFilterProp="label"
                  placeholder="全部单位"
                  data-testid="search-unit"
                  options={units.filter((u) => u.kind !== 'centre').map((u) => ({ value: u.code, label: u.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="type" label="类型">
                <Select allowClear placeholder="全部" data-testid="search-type" options={(pack?.ticketTypes ?? []).map((t) => ({ value: t.key, label: t.label }))} />
              </Form.Item>
            </Col>
            <Col xs={12} md={4}>
              <Form.Item name="status" label="状态">
                <Select allowClear placeholder="全部" data-testid="search-status" options={Object.entries(TICKET_STATUS_LABELS).map(([value, label]) => ({ value, label }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item name="days" label="登记日期">
                <DatePicker.RangePicker style={{ width: '100%' }} data-testid="search-days" />
              </Form.Item>
            </Col>
          </Row>
          <Space>
            <Button type="primary" htmlType="submit" data-testid="search-submit">
              查询
            </Button>
            <Button
              onClick={() => {
                form.resetFields();
                setExtra({});
                setCriteria(null);
              }}
            >
              重置
            </Button>
          </Space>
        </Form>
      </Card>
      {Object.keys(extra).length > 0 ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          data-testid="search-drill"
          message={`来自数据分析的条件：${[extra.channel ? `受理渠道 ${extra.channel}` : '', extra.place ? `区域 ${extra.place}` : '', extra.matter ? `诉求事项 ${extra.matter}` : ''].filter(Boolean).join('，')}（点“重置”清除）`}
        />
      ) : null}
      {criteria ? (
        <Results
          criteria={criteria}
          page={page}
          onPage={setPage}
          onRefused={(problems) => form.setFields(problems.map((p) => ({ name: p.path.replace(/^\//, '') as keyof FormValues, errors: [p.message] })))}
        />
      ) : (
        <EmptyState description="请输入查询条件" testId="search-idle" />
      )}
    </div>
  );
}

function Results({
  criteria,
  page,
  onPage,
  onRefused,
}: {
  criteria: SearchCriteria;
  page: { page: number; pageSize: number };
  onPage: (p: { page: number; pageSize: number }) => void;
  /** The criteria the server refused, each with its reason, to show under its field. */
  onRefused: (problems: Array<{ path: string; message: string }>) => void;
}) {
  const { api, city, typeLabel, urgencyLabel, user } = useSession();
  const { navigate } = useRouter();
  const result = useAsync((signal) => searchTickets(api, city, criteria, page.page, page.pageSize, signal), [city, JSON.stringify(criteria), page.page, page.pageSize]);
  const open = (t: FoundTicket) => navigate(`/tickets/${encodeURIComponent(t.number)}`);
  const columns: ColumnsType<FoundTicket> = [
    {
      title: '工单编号',
      key: 'number',
      width: 160,
      render: (_, t) => (
        <a href={`/tickets/${encodeURIComponent(t.number)}`} onClick={(e) => (e.preventDefault(), open(t))} data-testid="search-ticket">
          {t.number}
        </a>
      ),
    },
    { title: '状态', key: 'status', width: 90, render: (_, t) => <Tag color={STATUS_COLOURS[t.status] ?? 'default'}>{TICKET_STATUS_LABELS[t.status] ?? t.status}</Tag> },
    { title: '紧急程度', key: 'urgency', width: 110, render: (_, t) => <Tag color={URGENCY_COLOURS[t.urgency] ?? 'default'}>{urgencyLabel(t.urgency)}</Tag> },
    { title: '类型', key: 'type', width: 70, render: (_, t) => typeLabel(t.type) },
    { title: '诉求摘要', key: 'summary', ellipsis: true, render: (_, t) => t.summary ?? '—' },
    { title: '事发地点', key: 'address', width: 180, ellipsis: true, render: (_, t) => [t.place, t.address].filter(Boolean).join(' ') || '—' },
    { title: '承办单位', key: 'unit', width: 130, render: (_, t) => t.unitName ?? '—' },
    ...(user.seesCallers ? [{ title: '诉求人', key: 'caller', width: 130, render: (_: unknown, t: FoundTicket) => (t.caller ? `${t.caller.name} ${t.caller.phone}` : '—') }] : []),
    { title: '登记时间', key: 'at', width: 150, render: (_, t) => formatInstant(t.registeredAt, true) },
    { title: '重复来电', key: 'repeat', width: 90, render: (_, t) => (t.repeatCalls > 0 ? <Tag color="orange">{t.repeatCalls} 次</Tag> : '—') },
  ];
  const refused = result.error instanceof ApiError && result.error.status === 400 ? result.error.fieldProblems : null;
  useEffect(() => {
    if (refused && refused.length > 0) onRefused(refused.map((p) => ({ path: p.path === '/to' || p.path === '/from' ? '/days' : p.path, message: p.message })));
    // once per refusal: `refused` and `onRefused` are new objects every render
  }, [result.error]);
  // a refused search shows why, never the previous search's rows as if they were its answer
  if (refused && refused.length > 0) return <Alert type="warning" showIcon data-testid="search-error" message="查询条件有误，请按输入框下的提示修改后重新查询" />;
  if (result.error) return <ErrorState error={result.error} onRetry={result.reload} testId="search-error" />;
  const items = result.data?.items ?? [];
  return (
    <div data-testid="search-results">
      <Table<FoundTicket>
        rowKey="number"
        size="middle"
        columns={columns}
        dataSource={items}
        loading={result.loading}
        onRow={(t) => ({ 'data-testid': 'search-row', 'data-ticket': t.number }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: result.loading ? ' ' : <EmptyState testId="search-empty" description="没有符合条件的工单" /> }}
        pagination={false}
      />
      <Space style={{ marginTop: 12 }}>
        <Button disabled={page.page <= 1 || result.loading} onClick={() => onPage({ ...page, page: page.page - 1 })} data-testid="search-prev">
          上一页
        </Button>
        <Typography.Text data-testid="search-page-number">第 {page.page} 页</Typography.Text>
        <Button disabled={!result.data?.hasMore || result.loading} onClick={() => onPage({ ...page, page: page.page + 1 })} data-testid="search-next">
          下一页
        </Button>
      </Space>
    </div>
  );
}
