// 考核: the centre runs the unit assessment for a period and sees every unit's figures, weighted score,
// grade and place; a unit role sees its own row and its appeals, and appeals a figure (申诉). Each
// figure opens its tickets: counted in the numerator, only the denominator, or excluded and why.
// Ticket numbers only — never a caller.
import { Alert, Button, DatePicker, Drawer, Form, Input, Modal, Select, Space, Table, Tag, Tooltip, Typography, message } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { type HTMLAttributes, useEffect, useState } from 'react';
import { Link, useRouter } from '../../app/router';
import { isCentre } from '../../app/navigation';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { download } from '../catalogue/shared';
import { type AssessmentAppeal, type AssessmentRun, figureText, fileAppeal, getRun, listAppeals, listRuns, startRun, traceFigure } from './assessment-api';

type Row = AssessmentRun['results'][number];
type Indicator = AssessmentRun['indicators'][number];

const APPEAL_STATUS: Record<AssessmentAppeal['status'], { label: string; color: string }> = {
  filed: { label: '处理中', color: 'processing' },
  upheld: { label: '申诉成立', color: 'success' },
  rejected: { label: '已驳回', color: 'default' },
};
const ROLE_WORDS = { numerator: '分子', denominator: '分母', excluded: '不计入' } as const;

export function AssessmentPage() {
  const { api, city, user } = useSession();
  const centre = isCentre(user.scope);
  const { location } = useRouter();
  // an appeal's task page links here with its run (?run=…)
  const [runId, setRunId] = useState<string | null>(() => new URLSearchParams(location.search).get('run'));
  // this month so far; any period up to a year may be picked
  const [period, setPeriod] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [drill, setDrill] = useState<{ unit: Row; indicator: Indicator } | null>(null);
  const [appealing, setAppealing] = useState<{ unit: Row; indicator: Indicator } | null>(null);
  const [refresh, setRefresh] = useState(0);

  const runs = useAsync((signal) => listRuns(api, city, signal), [api, city, refresh]);
  useEffect(() => {
    if (runId === null && runs.data?.items[0]) setRunId(runs.data.items[0].id);
  }, [runs.data, runId]);
  const run = useAsync((signal) => (runId ? getRun(api, city, runId, signal) : Promise.resolve(null)), [api, city, runId, refresh]);
  const appeals = useAsync((signal) => listAppeals(api, city, runId, signal), [api, city, runId, refresh]);

  const runNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const created = await startRun(api, city, period[0].format('YYYY-MM-DD'), period[1].format('YYYY-MM-DD'));
      void message.success(`已完成 ${created.from} 至 ${created.to} 的考核`);
      setRunId(created.id);
      setRefresh((n) => n + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const exportRun = async () => {
    if (!run.data) return;
    try {
      download(await api.exportAssessment(city, run.data.id), `考核结果-${run.data.from}至${run.data.to}.xlsx`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const data = run.data;
  const categoryLabel = (key: string | null) => data?.categories.find((c) => c.key === key)?.label ?? '';
  const columns: ColumnsType<Row> = data
    ? [
        { title: '承办单位', key: 'unit', fixed: 'left', width: 180, render: (_, r) => r.unit.name },
        ...(data.categories.length ? [{ title: '分类', key: 'category', width: 110, render: (_: unknown, r: Row) => categoryLabel(r.category) }] : []),
        ...data.indicators.map((indicator) => ({
          title: (
            <Tooltip title={`${indicator.scoring}。依据：${indicator.source}${indicator.assumption ? `（假设：${indicator.assumption}）` : ''}`}>
              <span>{indicator.label}</span>
            </Tooltip>
          ),
          key: indicator.key,
          width: 150,
          render: (_: unknown, r: Row) => {
            const f = r.figures.find((x) => x.key === indicator.key);
            if (!f) return '—';
            return (
              <Space size={4} wrap>
                <Button type="link" size="small" style={{ padding: 0 }} data-testid={`figure-${indicator.key}`} onClick={() => setDrill({ unit: r, indicator })}>
                  {figureText(f.value, indicator.format)}
                </Button>
                <Typography.Text type="secondary">{f.points} 分</Typography.Text>
                {f.corrected ? <Tag color="success">已更正</Tag> : null}
                {!centre && r.unit.code === user.unit?.code ? (
                  <Button size="small" data-testid={`appeal-${indicator.key}`} onClick={() => setAppealing({ unit: r, indicator })}>
                    申诉
                  </Button>
                ) : null}
              </Space>
            );
          },
        })),
        { title: '总分', key: 'total', width: 80, render: (_, r) => <strong data-testid="unit-total">{r.total}</strong> },
        { title: '等次', key: 'grade', width: 80, render: (_, r) => r.grade ?? '—' },
        { title: data.categories.length ? '类内排名' : '排名', key: 'rank', width: 80, render: (_, r) => r.rank },
      ]
    : [];

  return (
    <div data-testid="assessment-page">
      <Typography.Title level={3}>承办单位考核</Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Select
          style={{ minWidth: 300 }}
          placeholder="选择考核结果"
          value={runId ?? undefined}
          onChange={setRunId}
          data-testid="assessment-run"
          options={(runs.data?.items ?? []).map((r) => ({ value: r.id, label: `${r.from} 至 ${r.to}（${r.tickets} 件工单，规则版本 ${r.ruleVersion}）` }))}
        />
        {centre ? (
          <>
            <DatePicker.RangePicker value={period} allowClear={false} onChange={(v) => v?.[0] && v[1] && setPeriod([v[0], v[1]])} data-testid="assessment-period" />
            <Button type="primary" loading={busy} onClick={() => void runNow()} data-testid="assessment-run-now">
              运行考核
            </Button>
          </>
        ) : null}
        <Button disabled={!data} onClick={() => void exportRun()} data-testid="assessment-export">
          导出 Excel
        </Button>
      </Space>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      {run.error ? <ErrorState error={run.error} onRetry={run.reload} /> : null}
      {runs.loading && !runs.data ? <Loading /> : null}
      {runs.data && runs.data.items.length === 0 ? <EmptyState description={centre ? '尚无考核结果：请选择期间并运行考核' : '尚无考核结果'} /> : null}
      {data ? (
        <Table<Row> rowKey="unitId" onRow={(r) => ({ 'data-testid': 'assessment-row', 'data-unit': r.unit.code }) as HTMLAttributes<HTMLElement>} size="small" columns={columns} dataSource={data.results} scroll={{ x: 'max-content' }} pagination={{ pageSize: 50 }} data-testid="assessment-table" />
      ) : null}

      <Typography.Title level={4} style={{ marginTop: 24 }}>
        申诉
      </Typography.Title>
      <Table<AssessmentAppeal>
        rowKey="id"
        size="small"
        dataSource={appeals.data?.items ?? []}
        pagination={false}
        data-testid="assessment-appeals"
        locale={{ emptyText: '暂无申诉' }}
        columns={[
          { title: '承办单位', key: 'unit', render: (_, a) => a.unit.name },
          { title: '指标', key: 'indicator', render: (_, a) => data?.indicators.find((i) => i.key === a.indicator)?.label ?? a.indicator },
          { title: '申诉理由', dataIndex: 'reason' },
          { title: '状态', key: 'status', render: (_, a) => <Tag color={APPEAL_STATUS[a.status].color}>{APPEAL_STATUS[a.status].label}</Tag> },
          { title: '处理意见', key: 'resolution', render: (_, a) => a.resolution ?? '—' },
        ]}
      />

      <Drawer open={drill !== null} width={720} title={drill ? `${drill.unit.unit.name} · ${drill.indicator.label}` : ''} onClose={() => setDrill(null)} destroyOnClose>
        {drill && data ? <Drill runId={data.id} unitId={drill.unit.unitId} indicator={drill.indicator} /> : null}
      </Drawer>
      <AppealModal
        target={appealing}
        onClose={() => setAppealing(null)}
        onFiled={() => {
          setAppealing(null);
          setRefresh((n) => n + 1);
        }}
        runId={data?.id ?? null}
      />
    </div>
  );
}

function Drill({ runId, unitId, indicator }: { runId: string; unitId: string; indicator: Indicator }) {
  const { api, city } = useSession();
  const trace = useAsync((signal) => traceFigure(api, city, runId, unitId, indicator.key, signal), [api, city, runId, unitId, indicator.key]);
  if (trace.error) return <ErrorState error={trace.error} onRetry={trace.reload} />;
  if (!trace.data) return <Loading />;
  const { stored, recomputed, tickets } = trace.data;
  return (
    <div data-testid="assessment-drill">
      <Typography.Paragraph>
        考核结果：{figureText(stored.value, indicator.format)}（{stored.points} 分）；分子 {stored.numerator}
        {stored.denominator !== null ? `，分母 ${stored.denominator}` : ''}，不计入 {stored.excluded} 件。{indicator.scoring}。
      </Typography.Paragraph>
      {stored.corrected ? <Alert type="success" showIcon message={`经申诉更正：原为 ${figureText(stored.corrected.value, indicator.format)}（${stored.corrected.points} 分）`} style={{ marginBottom: 12 }} /> : null}
      {recomputed.value !== stored.value && !stored.corrected ? <Alert type="warning" showIcon message={`按当前数据重算为 ${figureText(recomputed.value, indicator.format)}：考核后工单数据有变化`} style={{ marginBottom: 12 }} /> : null}
      <Table
        rowKey={(t) => `${t.ticketId}-${t.previousYear}`}
        size="small"
        dataSource={tickets}
        pagination={{ pageSize: 20 }}
        onRow={(t) => ({ 'data-testid': 'drill-row', 'data-ticket': t.number }) as HTMLAttributes<HTMLElement>}
        columns={[
          { title: '工单编号', key: 'number', render: (_, t) => <Link to={`/tickets/${encodeURIComponent(t.number)}`}>{t.number}</Link> },
          { title: '计入', key: 'role', width: 90, render: (_, t) => <Tag color={t.role === 'excluded' ? 'default' : t.role === 'numerator' ? 'blue' : 'orange'}>{ROLE_WORDS[t.role]}</Tag> },
          { title: '说明', key: 'why', render: (_, t) => <span data-testid="drill-why">{t.why}</span> },
        ]}
      />
    </div>
  );
}

function AppealModal({ target, runId, onClose, onFiled }: { target: { unit: Row; indicator: Indicator } | null; runId: string | null; onClose(): void; onFiled(): void }) {
  const { api, city } = useSession();
  const [form] = Form.useForm<{ reason: string; evidence: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    if (!target || !runId) return;
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      await fileAppeal(api, city, runId, { indicator: target.indicator.key, reason: values.reason, evidence: values.evidence });
      void message.success('申诉已提交，热线工作机构将调查核实后答复');
      form.resetFields();
      onFiled();
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal open={target !== null} title={target ? `对“${target.indicator.label}”提出申诉` : ''} okText="提交申诉" cancelText="取消" confirmLoading={busy} onOk={() => void submit()} onCancel={onClose} destroyOnClose>
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item name="reason" label="申诉理由" rules={[{ required: true, min: 5, message: '请填写申诉理由（至少 5 个字）：对哪项数据有疑问、为什么' }]}>
          <Input.TextArea rows={3} data-testid="appeal-reason" />
        </Form.Item>
        <Form.Item name="evidence" label="佐证材料" rules={[{ required: true, message: '请填写佐证材料说明（如工单编号、办理记录）' }]}>
          <Input.TextArea rows={3} data-testid="appeal-evidence" />
        </Form.Item>
      </Form>
    </Modal>
  );
}
