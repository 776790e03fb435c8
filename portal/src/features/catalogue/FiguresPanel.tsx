// How the catalogue does in dispatching, over a chosen period: how often the dispatcher followed it
// (命中率), overrode it (改派率), found no entry; the matters most often overridden or returned — the
// entries to fix first.
import { Card, Col, DatePicker, Row, Space, Statistic, Table, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import type { MatterCount } from '../../api/catalogue-types';
import { figureCounts, percent } from '../../lib/catalogue';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { PlaceFilter } from '../centre/PlaceFilter';

const DAY = 'YYYY-MM-DD';

function MatterCounts({ title, rows, testId, unit }: { title: string; rows: MatterCount[]; testId: string; unit: string }) {
  return (
    <Card size="small" title={title}>
      <Table<MatterCount>
        data-testid={testId}
        rowKey="matter"
        size="small"
        pagination={false}
        dataSource={rows}
        columns={[
          { title: '诉求事项', dataIndex: 'label' },
          { title: '编码', dataIndex: 'matter', width: 110 },
          { title: unit, dataIndex: 'count', width: 90, align: 'right' },
        ]}
        locale={{ emptyText: '本期没有' }}
      />
    </Card>
  );
}

export function FiguresPanel() {
  const { api, city } = useSession();
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs().subtract(29, 'day'), dayjs()]);
  const from = range[0].format(DAY);
  const to = range[1].format(DAY);
  const [place, setPlace] = useState<string | undefined>(undefined);
  const figures = useAsync((signal) => api.catalogueFigures(city, from, to, signal, place), [city, from, to, place]);
  const f = figures.data;
  const counts = f ? figureCounts(f) : { withEntry: 0, overriddenEntries: 0 };
  return (
    <div data-testid="catalogue-figures">
      <Space style={{ marginBottom: 12 }}>
        <Typography.Text>统计期间</Typography.Text>
        <DatePicker.RangePicker
          value={range}
          allowClear={false}
          onChange={(v) => {
            if (v?.[0] && v[1]) setRange([v[0], v[1]]);
          }}
          data-testid="figures-range"
        />
        <PlaceFilter value={place} onChange={setPlace} testId="figures-place" />
      </Space>
      {figures.error && !f ? (
        <ErrorState error={figures.error} onRetry={figures.reload} />
      ) : !f ? (
        <Loading />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Row gutter={[16, 16]}>
            {[
              { title: '派单数', value: String(f.dispatches), id: 'dispatches' },
              { title: '目录命中率', value: percent(f.hitRate, f.dispatches), id: 'hit-rate', hint: `目录有条目 ${counts.withEntry} / ${f.dispatches} 件` },
              { title: '改派率', value: percent(f.overrideRate, counts.withEntry), id: 'override-rate', hint: `改派 ${counts.overriddenEntries} / ${counts.withEntry} 件（目录有条目的）` },
              { title: '目录无条目', value: String(f.noEntry), id: 'no-entry', hint: '件（转定责）' },
            ].map((s) => (
              <Col key={s.id} xs={12} md={6}>
                <Card size="small" data-testid={`figure-${s.id}`}>
                  <Statistic title={s.title} value={s.value} />
                  {s.hint ? <Typography.Text type="secondary">{s.hint}</Typography.Text> : null}
                </Card>
              </Col>
            ))}
          </Row>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <MatterCounts title="改派最多的诉求事项" rows={f.topOverridden} testId="top-overridden" unit="改派次数" />
            </Col>
            <Col xs={24} lg={12}>
              <MatterCounts title="退回最多的诉求事项（多为目录错误）" rows={f.topReturned} testId="top-returned" unit="退回次数" />
            </Col>
          </Row>
        </Space>
      )}
    </div>
  );
}
