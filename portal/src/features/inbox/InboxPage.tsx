// The inbox: the tasks this person may act on (the server scopes them by role and unit), most
// urgent first, then by due time (the server sorts), with live countdowns, filters kept in the URL,
// search by ticket number and server-side paging.
import { ReloadOutlined } from '@ant-design/icons';
import { Button, Card, Checkbox, Input, Select, Space, Table, Tag, TreeSelect, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, type ReactNode, useEffect, useMemo, useRef, useState } from 'react';
import type { Task } from '../../api/types';
import { dueStatus } from '../../lib/due';
import { DEFAULT_PAGE_SIZE, fromSearchParams, type InboxQuery, isFiltered, PAGE_SIZES, toSearchParams, withFilter } from '../../lib/inbox-query';
import { FORM_LABELS, STATUS_LABELS, URGENCY_COLOURS, labelOf, unitColumn } from '../../lib/labels';
import { isCentre } from '../../app/navigation';
import { Link, useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { useLiveUpdates } from '../../app/live-updates';
import { useNow } from '../../app/use-now';
import { placeChoices, placeTree } from '../task/PlaceWidget';
import { DueBadge } from './DueBadge';

const REFRESH_MS = 60_000;
/** Changes pushed within this time become one reload … */
const LIVE_COALESCE_MS = 100;
/** … and reloads for pushed changes are at least this far apart. */
const LIVE_MIN_INTERVAL_MS = 1_000;

export interface InboxPageProps {
  title: string;
  /** Filters this view always applies (the review queue's form …); not shown as filters. */
  fixed?: Partial<Pick<InboxQuery, 'form' | 'status'>>;
  /** Choices of form for this view (the review queue: its three forms). */
  formChoices?: string[];
  testId: string;
  /** Shown above the table (the rating scale on the return-visit list …). */
  aside?: ReactNode;
  /** Hides the page title (inside tabs). */
  embedded?: boolean;
}

export function InboxPage({ title, fixed = {}, formChoices, testId, aside, embedded }: InboxPageProps) {
  const { api, city, user, units, typeLabel, urgencyLabel, formLabel, pack } = useSession();
  const { location, navigate } = useRouter();
  const query = useMemo(() => ({ ...fromSearchParams(new URLSearchParams(location.search)), ...fixed }), [location.search, fixed]);
  const [qText, setQText] = useState(query.q ?? '');
  useEffect(() => setQText(query.q ?? ''), [query.q]);
  const now = useNow();

  const setQuery = (next: InboxQuery) => {
    const params = toSearchParams(next, 'page', { ...fixed, pageSize: DEFAULT_PAGE_SIZE });
    for (const key of Object.keys(fixed)) params.delete(key);
    const search = params.toString();
    navigate(`${location.pathname}${search ? `?${search}` : ''}`, { replace: true });
  };

  const places = useAsync(async () => placeChoices((await api.places(city)).places), [city]);
  const apiKey = toSearchParams(query, 'api').toString();
  // the timer's refreshes are marked as such, so an unattended inbox still reaches the idle timeout
  const byTimer = useRef(false);
  const result = useAsync((signal) => {
    const background = byTimer.current;
    byTimer.current = false;
    return api.tasks(city, query, signal, background);
  }, [apiKey, city]);
  const { reload } = result;
  useEffect(() => {
    const id = window.setInterval(() => {
      if (document.visibilityState !== 'visible') return;
      byTimer.current = true;
      reload();
    }, REFRESH_MS);
    return () => window.clearInterval(id);
  }, [reload]);

  // live updates: a task of this person's appeared or changed (or changes may have been missed): the rows
  // are fetched again at once, then at most once a second however many changes come (a city's dispatcher
  // hears of every dispatch task); changes this view's form or number filter leaves out are ignored. Not a
  // sign of a person at the screen (idle timeout).
  const liveReload = useRef<number | undefined>(undefined);
  const lastLiveReload = useRef(0);
  useLiveUpdates((message) => {
    if (message.kind === 'task') {
      const { event } = message;
      if (query.form && event.form !== query.form) return;
      if (query.q && !(event.ticketNumber ?? '').startsWith(query.q)) return;
    }
    if (liveReload.current !== undefined) return;
    const wait = Math.max(LIVE_COALESCE_MS, lastLiveReload.current + LIVE_MIN_INTERVAL_MS - Date.now());
    liveReload.current = window.setTimeout(() => {
      liveReload.current = undefined;
      lastLiveReload.current = Date.now();
      byTimer.current = true;
      reload();
    }, wait);
  });
  useEffect(() => () => window.clearTimeout(liveReload.current), []);

  const filtered = isFiltered(query, fixed);
  const centre = isCentre(user.scope);
  const forms = formChoices ?? Object.keys(FORM_LABELS);

  const columns: ColumnsType<Task> = [
    {
      title: '工单编号',
      key: 'number',
      width: 170,
      render: (_, t) => (
        <Link to={`/tasks/${encodeURIComponent(t.id)}`} testId="task-link">
          {t.ticket?.number ?? t.subject?.title ?? t.name}
        </Link>
      ),
    },
    {
      title: '紧急程度',
      key: 'urgency',
      width: 130,
      render: (_, t) => (t.ticket ? <Tag color={URGENCY_COLOURS[t.ticket.urgency] ?? 'default'}>{urgencyLabel(t.ticket.urgency)}</Tag> : '—'),
    },
    { title: '类型', key: 'type', width: 80, render: (_, t) => (t.ticket ? typeLabel(t.ticket.type) : (pack?.subjectProcesses.find((s) => s.key === t.subject?.kind)?.label ?? '—')) },
    // a subject process's step is named by its process (知识审核, 申诉核查): its form is pack vocabulary
    { title: '办理环节', key: 'form', width: 110, render: (_, t) => <span title={t.name}>{t.ticket ? formLabel(t.form) : t.name}</span> },
    { title: '诉求摘要', key: 'summary', ellipsis: true, render: (_, t) => t.ticket?.summary ?? t.subject?.title },
    ...(centre || units.length > 1 ? [{ title: '承办单位', key: 'unit', width: 140, ellipsis: true, render: (_: unknown, t: Task) => <span data-testid="inbox-unit">{unitColumn(t)}</span> }] : []),
    {
      title: '状态',
      key: 'status',
      width: 110,
      render: (_, t) => (t.assignee ? <span title={t.assignee.username}>{t.assignee.name || t.assignee.username} 办理中</span> : labelOf(STATUS_LABELS, t.status)),
    },
    {
      title: '剩余时限',
      key: 'due',
      width: 230,
      render: (_, t) => <DueBadge dueAt={t.dueAt} createdAt={t.createdAt} provisional={t.dueProvisional} now={now} testId="task-due" />,
    },
  ];

  const data = result.data;
  const showTitle = !embedded;

  return (
    <div data-testid={testId}>
      {showTitle ? (
        <div className="page-head">
          <Typography.Title level={4} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          <Typography.Text type="secondary">{centre ? `${user.city.name}全部工单` : `${user.unit?.name ?? '本单位'}的工单`}，按紧急程度和办理时限排序</Typography.Text>
        </div>
      ) : null}
      {aside}
      <Card size="small" className="filters" data-testid="inbox-filters">
        <Space wrap size={[12, 8]}>
          <Input.Search
            placeholder="工单编号"
            allowClear
            value={qText}
            onChange={(e) => setQText(e.target.value)}
            onSearch={(value) => setQuery(withFilter(query, { q: value.trim() || undefined }))}
            style={{ width: 220 }}
            data-testid="filter-q"
            enterButton="查询"
          />
          <Select
            placeholder="诉求类型"
            allowClear
            style={{ width: 120 }}
            value={query.type}
            onChange={(v: string | undefined) => setQuery(withFilter(query, { type: v }))}
            options={(pack?.ticketTypes ?? []).map((o) => ({ value: o.key, label: o.label }))}
            data-testid="filter-type"
          />
          <Select
            placeholder="紧急程度"
            allowClear
            style={{ width: 170 }}
            value={query.urgency}
            onChange={(v: string | undefined) => setQuery(withFilter(query, { urgency: v }))}
            options={(pack?.urgencyClasses ?? []).map((o) => ({ value: o.key, label: o.label }))}
            data-testid="filter-urgency"
          />
          {fixed.form === undefined ? (
            <Select
              placeholder="办理环节"
              allowClear
              style={{ width: 130 }}
              value={query.form}
              onChange={(v: string | undefined) => setQuery(withFilter(query, { form: v }))}
              options={forms.map((f) => ({ value: f, label: formLabel(f) }))}
              data-testid="filter-form"
            />
          ) : null}
          {units.length > 1 ? (
            <Select
              placeholder="承办单位"
              allowClear
              showSearch
              optionFilterProp="label"
              style={{ width: 180 }}
              value={query.unit}
              onChange={(v: string | undefined) => setQuery(withFilter(query, { unit: v }))}
              options={units.filter((u) => u.kind !== 'centre').map((u) => ({ value: u.code, label: u.name }))}
              data-testid="filter-unit"
            />
          ) : null}
          {places.data && places.data.length > 0 ? (
            <TreeSelect
              placeholder="事发区划"
              allowClear
              showSearch
              treeNodeFilterProp="title"
              treeNodeLabelProp="path"
              style={{ width: 200 }}
              value={query.place}
              onChange={(v: string | undefined) => setQuery(withFilter(query, { place: v }))}
              treeData={placeTree(places.data)}
              data-testid="filter-place"
            />
          ) : null}
          <Checkbox checked={query.overdue === true} onChange={(e) => setQuery(withFilter(query, { overdue: e.target.checked || undefined }))} data-testid="filter-overdue">
            只看已超期
          </Checkbox>
          {filtered ? (
            <Button type="link" onClick={() => setQuery({ page: 1, pageSize: query.pageSize })} data-testid="filter-reset">
              清除筛选
            </Button>
          ) : null}
          <Button icon={<ReloadOutlined />} onClick={reload} loading={result.loading && data !== undefined} data-testid="inbox-refresh">
            刷新
          </Button>
        </Space>
      </Card>
      {result.error && !data ? (
        <ErrorState error={result.error} onRetry={reload} testId="inbox-error" />
      ) : (
        <>
          {result.error ? <ErrorState error={result.error} onRetry={reload} testId="inbox-error" /> : null}
          <div data-testid="inbox-table">
<Table<Task>
            rowKey="id"
            size="middle"
            columns={columns}
            dataSource={data?.items ?? []}
            loading={result.loading}
            rowClassName={(t) => `due-row-${dueStatus(t.dueAt, now, t.createdAt).state}`}
            onRow={(t) => ({ 'data-testid': 'inbox-row', 'data-ticket': t.ticket?.number ?? null, 'data-subject': t.subject?.id ?? null, 'data-form': t.form }) as HTMLAttributes<HTMLElement>}
            locale={{
              emptyText: result.loading ? ' ' : (
                <EmptyState testId="inbox-empty" description={filtered ? '没有符合筛选条件的待办任务' : '暂无待办任务'}>
                  {filtered ? <Button onClick={() => setQuery({ page: 1, pageSize: query.pageSize })}>清除筛选</Button> : null}
                </EmptyState>
              ),
            }}
            pagination={{
              current: query.page,
              pageSize: query.pageSize,
              total: data?.total ?? 0,
              showSizeChanger: true,
              pageSizeOptions: PAGE_SIZES.map(String),
              showTotal: (total) => `共 ${total} 项`,
              onChange: (page, pageSize) => setQuery({ ...query, page: pageSize !== query.pageSize ? 1 : page, pageSize }),
            }}
            scroll={{ x: 1000 }}
          />
</div>
        </>
      )}
    </div>
  );
}
