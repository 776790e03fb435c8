// 数据分析 for centre leaders (Tianjin 2024 §28, 2025 §27, Turpan §29–30): volume by type, channel,
// district and unit over time, hot matters and places, on-time and satisfaction trends, sensitive
// matters and matters raised by many; a period and a district to filter by; a click on a bar opens
// 工单查询 with the tickets behind it; the period as a briefing (xlsx, PDF) and the scheduled 周报/月报.
// A unit role sees its own unit's figures. Counts only: no caller appears here.
import type { AnalysisDashboard, BriefingList } from '@hotline/api-types';
import { Alert, Button, Card, Col, DatePicker, Row, Select, Space, Statistic, Table, Tag, Typography, message } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { isCentre } from '../../app/navigation';
import { download } from '../catalogue/shared';
import { EChart } from './EChart';
import { type Drill, barOption, channelOption, percentText, ratesOption, volumeDrill, volumeOption } from './analysis-charts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PDF = 'application/pdf';
const day = (d: Dayjs) => d.format('YYYY-MM-DD');

export function AnalysisPage() {
  const { api, city, user } = useSession();
  const { navigate } = useRouter();
  const centre = isCentre(user.scope);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().startOf('month'), dayjs()]);
  const [district, setDistrict] = useState<string | undefined>(undefined);
  const [refreshKey, setRefreshKey] = useState(0);
  const query = useMemo(() => new URLSearchParams({ from: day(range[0]), to: day(range[1]), ...(district ? { district } : {}) }).toString(), [range, district]);
  const result = useAsync((signal) => api.call<AnalysisDashboard>('GET', `/api/cities/${city}/analysis/dashboard?${query}`, undefined, signal), [city, query, refreshKey]);

  const drill = (criteria: Drill) => {
    const base: Drill = { from: day(range[0]), to: day(range[1]), ...(district ? { place: district } : {}) };
    navigate(`/search?${new URLSearchParams({ ...base, ...criteria }).toString()}`);
  };
  const exportAs = async (format: 'xlsx' | 'pdf') => {
    try {
      const blob = await api.file(`/api/cities/${city}/analysis/export?${query}&format=${format}`, format === 'xlsx' ? XLSX : PDF);
      download(blob, `数据分析报告-${day(range[0])}至${day(range[1])}.${format}`);
    } catch (e) {
      void message.error(e instanceof Error ? e.message : '导出失败');
    }
  };
  const refresh = async () => {
    await api.call('POST', `/api/cities/${city}/analysis/refresh`, {});
    setRefreshKey((k) => k + 1);
    void message.success('统计数据已更新');
  };
  const presets = [
    { label: '本周', value: [dayjs().startOf('week'), dayjs()] as [Dayjs, Dayjs] },
    { label: '上周', value: [dayjs().subtract(1, 'week').startOf('week'), dayjs().subtract(1, 'week').endOf('week')] as [Dayjs, Dayjs] },
    { label: '本月', value: [dayjs().startOf('month'), dayjs()] as [Dayjs, Dayjs] },
    { label: '上月', value: [dayjs().subtract(1, 'month').startOf('month'), dayjs().subtract(1, 'month').endOf('month')] as [Dayjs, Dayjs] },
  ];

  const d = result.data;
  return (
    <div data-testid="analysis-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          数据分析
        </Typography.Title>
        <Typography.Text type="secondary">
          {d?.units ? `本单位数据：${d.units.map((u) => u.name).join('、')}` : '全市工单统计'}
          {d?.refreshedAt ? `，数据更新于 ${dayjs(d.refreshedAt).format('YYYY-MM-DD HH:mm')}` : ''}
        </Typography.Text>
      </div>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Space wrap>
          <span>统计期间</span>
          <DatePicker.RangePicker
            value={range}
            allowClear={false}
            presets={presets}
            onChange={(v) => v && v[0] && v[1] && setRange([v[0], v[1]])}
            data-testid="analysis-period"
          />
          <span>区域</span>
          <Select
            allowClear
            placeholder="全部区域"
            style={{ width: 160 }}
            value={district}
            onChange={setDistrict}
            options={(d?.districts ?? []).map((p) => ({ value: p.code, label: p.name }))}
            data-testid="analysis-district"
          />
          <Button onClick={() => void exportAs('xlsx')} data-testid="analysis-export-xlsx">
            导出 Excel
          </Button>
          <Button onClick={() => void exportAs('pdf')} data-testid="analysis-export-pdf">
            导出 PDF
          </Button>
          {centre ? (
            <Button onClick={() => void refresh()} data-testid="analysis-refresh">
              更新统计数据
            </Button>
          ) : null}
        </Space>
      </Card>
      {result.error ? <ErrorState error={result.error} onRetry={result.reload} /> : !d ? <Loading /> : <Dashboard d={d} drill={drill} />}
      {centre ? <Briefings /> : null}
    </div>
  );
}

function Dashboard({ d, drill }: { d: AnalysisDashboard; drill: (criteria: Drill) => void }) {
  const t = d.totals;
  const change = t.previous === 0 ? null : (t.tickets - t.previous) / t.previous;
  return (
    <>
      <Row gutter={16} style={{ marginBottom: 16 }} data-testid="analysis-totals">
        {[
          { title: '工单总量', value: String(t.tickets), note: `上期 ${t.previous}${change === null ? '' : `，环比 ${change >= 0 ? '+' : ''}${(change * 100).toFixed(1)}%`}`, id: 'tickets' },
          { title: '已办结', value: String(t.closed), note: `办理中 ${t.open}`, id: 'closed' },
          { title: '按时签收率', value: percentText(t.acceptOnTimeRate), note: `派至承办单位 ${t.dispatched} 件`, id: 'accept' },
          { title: '按时办结率', value: percentText(t.completeOnTimeRate), note: '已办结且派至承办单位的工单', id: 'complete' },
          { title: '满意率', value: percentText(t.satisfactionRate), note: `已评价 ${t.rated} 件`, id: 'satisfaction' },
        ].map((k) => (
          <Col key={k.id} xs={12} md={8} lg={4} style={{ minWidth: 180 }}>
            <Card size="small" data-testid={`analysis-kpi-${k.id}`}>
              <Statistic title={k.title} value={k.value} />
              <Typography.Text type="secondary">{k.note}</Typography.Text>
            </Card>
          </Col>
        ))}
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={14}>
          <Card size="small" title="工单量走势（按诉求类型，点击柱形查看工单）" style={{ marginBottom: 16 }}>
            <EChart testId="chart-volume" option={volumeOption(d)} onItem={(i) => drill(volumeDrill(d, i.seriesIndex, i.dataIndex))} />
          </Card>
        </Col>
        <Col xs={24} lg={10}>
          <Card size="small" title="按时签收、按时办结与满意率" style={{ marginBottom: 16 }}>
            <EChart testId="chart-rates" option={ratesOption(d)} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title="按受理渠道" style={{ marginBottom: 16 }}>
            <EChart testId="chart-channel" option={channelOption(d)} onItem={(i) => d.byChannel[i.dataIndex]?.key && drill({ channel: d.byChannel[i.dataIndex]!.key })} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title="按区域" style={{ marginBottom: 16 }}>
            <EChart testId="chart-district" option={barOption(d.byDistrict)} onItem={(i) => drill({ place: d.byDistrict[i.dataIndex]!.key })} />
          </Card>
        </Col>
        <Col xs={24} lg={8}>
          <Card size="small" title="按承办单位（前 15）" style={{ marginBottom: 16 }}>
            <EChart testId="chart-unit" option={barOption(d.byUnit.slice(0, 15), true)} height={Math.max(300, Math.min(15, d.byUnit.length) * 24 + 40)} onItem={(i) => drill({ unit: d.byUnit[i.dataIndex]!.key })} />
          </Card>
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={12}>
          <RiseTable title="热点事项（较上期增长最多）" testId="analysis-hot-matters" rows={d.hotMatters} onOpen={(key) => drill({ matter: key })} />
        </Col>
        <Col xs={24} lg={12}>
          <RiseTable title="热点区域（较上期增长最多）" testId="analysis-hot-places" rows={d.hotPlaces} onOpen={(key) => drill({ place: key })} />
        </Col>
      </Row>
      <Row gutter={16}>
        <Col xs={24} lg={10}>
          <Card size="small" title="敏感事项监测" style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey="matter"
              pagination={false}
              dataSource={d.sensitive}
              data-testid="analysis-sensitive"
              locale={{ emptyText: '城市包未标记敏感事项' }}
              columns={[
                { title: '敏感事项', dataIndex: 'label', render: (label: string, s) => <a onClick={() => drill({ matter: s.matter })}>{label}</a> },
                { title: '本期', dataIndex: 'count', render: (n: number, s) => (n > s.previous ? <Tag color="red">{n}</Tag> : n) },
                { title: '上期', dataIndex: 'previous' },
                { title: '未办结', dataIndex: 'open' },
              ]}
            />
          </Card>
        </Col>
        <Col xs={24} lg={14}>
          <Card size="small" title={`集中反映事项（同一地点同一事项 ${d.thresholds.concentratedMin} 件及以上）`} style={{ marginBottom: 16 }}>
            <Table
              size="small"
              rowKey={(c) => `${c.matter}|${c.place}`}
              pagination={{ pageSize: 8, hideOnSinglePage: true }}
              dataSource={d.concentrated}
              data-testid="analysis-concentrated"
              locale={{ emptyText: '本期没有集中反映的事项' }}
              columns={[
                { title: '诉求事项', dataIndex: 'matterLabel', render: (label: string, c) => (c.sensitive ? <Space>{label}<Tag color="red">敏感</Tag></Space> : label) },
                { title: '地点', dataIndex: 'placeLabel' },
                { title: '工单量', dataIndex: 'count', render: (n: number, c) => <a onClick={() => drill({ matter: c.matter, place: c.place })}>{n}</a> },
              ]}
            />
          </Card>
        </Col>
      </Row>
    </>
  );
}

function RiseTable({ title, rows, onOpen, testId }: { title: string; rows: AnalysisDashboard['hotMatters']; onOpen: (key: string) => void; testId: string }) {
  return (
    <Card size="small" title={title} style={{ marginBottom: 16 }}>
      <Table
        size="small"
        rowKey="key"
        pagination={false}
        dataSource={rows}
        data-testid={testId}
        locale={{ emptyText: '没有较上期增长的' }}
        columns={[
          { title: '名称', dataIndex: 'label', render: (label: string, r) => <a onClick={() => onOpen(r.key)}>{label}</a> },
          { title: '本期', dataIndex: 'count' },
          { title: '上期', dataIndex: 'previous' },
          { title: '增加', dataIndex: 'rise', render: (n: number) => <Tag color="volcano">+{n}</Tag> },
        ]}
      />
    </Card>
  );
}

function Briefings() {
  const { api, city } = useSession();
  const result = useAsync((signal) => api.call<BriefingList>('GET', `/api/cities/${city}/analysis/briefings`, undefined, signal), [city]);
  const get = async (id: number, format: 'xlsx' | 'pdf', name: string) => {
    download(await api.file(`/api/cities/${city}/analysis/briefings/${id}/${format}`, format === 'xlsx' ? XLSX : PDF), `${name}.${format}`);
  };
  if (result.error) return <Alert type="error" message="周报、月报读取失败" />;
  const kinds = result.data?.kinds ?? [];
  return (
    <Card size="small" title="周报、月报（按城市包的安排自动生成）" data-testid="analysis-briefings">
      {kinds.length === 0 ? <Typography.Text type="secondary">城市包未安排定期简报</Typography.Text> : null}
      <Table
        size="small"
        rowKey="id"
        pagination={{ pageSize: 6, hideOnSinglePage: true }}
        dataSource={result.data?.items ?? []}
        locale={{ emptyText: '尚未生成' }}
        columns={[
          { title: '简报', dataIndex: 'label' },
          { title: '期间', key: 'period', render: (_, b) => `${b.from} 至 ${b.to}` },
          { title: '生成时间', dataIndex: 'createdAt', render: (at: string) => dayjs(at).format('YYYY-MM-DD HH:mm') },
          {
            title: '下载',
            key: 'files',
            render: (_, b) => (
              <Space>
                <a onClick={() => void get(b.id, 'xlsx', `${b.label}-${b.from}`)}>Excel</a>
                <a onClick={() => void get(b.id, 'pdf', `${b.label}-${b.from}`)}>PDF</a>
              </Space>
            ),
          },
        ]}
      />
    </Card>
  );
}
