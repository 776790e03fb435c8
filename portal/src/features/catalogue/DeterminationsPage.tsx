// 定责: tickets whose matter is disputed or has no catalogue entry wait here for the lead and
// assisting units to be decided — by the municipal department of the field (同一领域) or jointly
// (跨领域). A decision can go into the catalogue's draft in the same step, for the ticket's place, a
// place above it, or the whole city.
import { Alert, App as AntApp, Button, Checkbox, Form, Input, Modal, Select, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import type { Determination } from '../../api/catalogue-types';
import { describeError } from '../../api/errors';
import { DETERMINATION_KINDS, DETERMINATION_REASONS, placeScopes } from '../../lib/catalogue';
import { formatInstant } from '../../lib/due';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { type CityPlaces, UnitSelect, UnitsSelect, useUnitName, usePlaces } from './shared';

type Status = 'open' | 'decided';

export function DeterminationsPage() {
  const { location, navigate } = useRouter();
  const status: Status = new URLSearchParams(location.search).get('status') === 'decided' ? 'decided' : 'open';
  return (
    <div data-testid="determinations-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          定责
        </Typography.Title>
        <Typography.Text type="secondary">权责存在争议或派单目录中没有对应条目的诉求：确定主办和协办单位</Typography.Text>
      </div>
      <Tabs
        activeKey={status}
        onChange={(key) => navigate(`/determinations?status=${key}`, { replace: true })}
        items={[
          { key: 'open', label: <span data-testid="determinations-open">待定责</span> },
          { key: 'decided', label: <span data-testid="determinations-decided">已定责</span> },
        ]}
      />
      <DeterminationList key={status} status={status} />
    </div>
  );
}

function DeterminationList({ status }: { status: Status }) {
  const { api, city } = useSession();
  const places = usePlaces();
  const unitName = useUnitName();
  const [deciding, setDeciding] = useState<Determination | null>(null);
  const list = useAsync((signal) => api.determinations(city, status, signal), [city, status]);
  const columns: ColumnsType<Determination> = [
    { title: '工单编号', dataIndex: 'ticketNumber', width: 160 },
    { title: '诉求事项', key: 'matter', render: (_, d) => d.matterLabel || d.matter },
    { title: '区划', key: 'place', width: 150, render: (_, d) => places.pathOf(d.place) },
    { title: '定责方式', key: 'kind', width: 210, render: (_, d) => DETERMINATION_KINDS[d.kind] },
    { title: '原因', key: 'reason', width: 190, render: (_, d) => DETERMINATION_REASONS[d.reason] },
    { title: '提请', key: 'requested', width: 170, render: (_, d) => `${d.requestedBy} · ${formatInstant(d.requestedAt, true)}` },
    { title: '提请说明', key: 'note', render: (_, d) => <span data-testid="determination-request-note">{d.note || '—'}</span> },
  ];
  if (status === 'open') {
    columns.push({
      title: '',
      key: 'decide',
      width: 80,
      render: (_, d) => (
        <Button type="primary" size="small" onClick={() => setDeciding(d)} data-testid="determination-decide">
          定责
        </Button>
      ),
    });
  } else {
    columns.push(
      {
        title: '决定',
        key: 'decision',
        render: (_, d) =>
          d.decision ? (
            <span data-testid="determination-decision">
              主办：{unitName(d.decision.leadUnit)}
              {d.decision.assistingUnits.length > 0 ? `；协办：${d.decision.assistingUnits.map(unitName).join('、')}` : ''}
              <br />
              <Typography.Text type="secondary">依据：{d.decision.basis}</Typography.Text>
            </span>
          ) : (
            '—'
          ),
      },
      { title: '定责', key: 'decided', width: 170, render: (_, d) => (d.decidedBy && d.decidedAt ? `${d.decidedBy} · ${formatInstant(d.decidedAt, true)}` : '—') },
      { title: '派单目录', key: 'added', width: 110, render: (_, d) => (d.catalogueEntryAdded ? <Tag color="green">已加入草稿</Tag> : <Tag>未加入</Tag>) },
    );
  }
  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<Determination>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.determinations ?? []}
        loading={list.loading}
        onRow={(d) => ({ 'data-testid': 'determination-row', 'data-ticket': d.ticketNumber }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState testId="determinations-empty" description={status === 'open' ? '没有待定责的诉求' : '还没有已定责的诉求'} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 件` }}
      />
      {deciding ? (
        <DecisionForm
          determination={deciding}
          places={places}
          onClose={() => setDeciding(null)}
          onDecided={() => {
            setDeciding(null);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}

interface DecisionValues {
  leadUnit: string;
  assistingUnits: string[];
  basis: string;
  note: string;
  addToCatalogue: boolean;
  /** 适用区划 of the added entry: a place code, or '' for 全市. */
  scope: string;
}

function DecisionForm({ determination: d, places, onClose, onDecided }: { determination: Determination; places: CityPlaces; onClose(): void; onDecided(): void }) {
  const { api, city } = useSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async (values: DecisionValues) => {
    setBusy(true);
    setFailure(null);
    try {
      const note = values.note?.trim();
      await api.decideDetermination(city, d.id, {
        leadUnit: values.leadUnit,
        assistingUnits: values.assistingUnits ?? [],
        basis: values.basis.trim(),
        ...(note ? { note } : {}),
        addToCatalogue: values.addToCatalogue,
        ...(values.addToCatalogue ? { place: values.scope || null } : {}),
      });
      message.success(`已定责：工单 ${d.ticketNumber}${values.addToCatalogue ? '，已加入派单目录草稿' : ''}`);
      onDecided();
    } catch (e) {
      setFailure(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      width={640}
      title={`定责：工单 ${d.ticketNumber}`}
      okText="确定"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => form.submit()}
      okButtonProps={{ 'data-testid': 'decision-submit' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph>
        诉求事项：{d.matterLabel || d.matter}；区划：{places.pathOf(d.place)}；{DETERMINATION_KINDS[d.kind]}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary" data-testid="decision-request-note">
        {d.requestedBy} 的说明：{d.note || '（未填写）'}
      </Typography.Paragraph>
      <Form<DecisionValues>
        form={form}
        layout="vertical"
        initialValues={{ assistingUnits: [], note: '', addToCatalogue: false, scope: d.place ?? '' }}
        onFinish={(v) => void submit(v)}
        data-testid="decision-form"
      >
        <Form.Item name="leadUnit" label="主办单位" rules={[{ required: true, message: '请选择主办单位' }]}>
          <UnitSelect testId="decision-lead" />
        </Form.Item>
        <Form.Item name="assistingUnits" label="协办单位">
          <UnitsSelect testId="decision-assisting" />
        </Form.Item>
        <Form.Item name="basis" label="权责清单依据" rules={[{ required: true, whitespace: true, message: '请填写定责依据（权责清单事项）' }]}>
          <Input data-testid="decision-basis" />
        </Form.Item>
        <Form.Item name="note" label="说明">
          <Input.TextArea rows={2} maxLength={1000} data-testid="decision-note" />
        </Form.Item>
        <Form.Item name="addToCatalogue" valuePropName="checked">
          <Checkbox data-testid="decision-add">加入派单目录草稿（此后同类诉求按目录派单）</Checkbox>
        </Form.Item>
        <Form.Item noStyle shouldUpdate={(a, b) => a.addToCatalogue !== b.addToCatalogue}>
          {({ getFieldValue }) =>
            getFieldValue('addToCatalogue') ? (
              <Form.Item name="scope" label="适用区划" extra="目录条目适用的区划：本工单的区划、其上级区划，或全市。">
                <Select
                  style={{ width: '100%' }}
                  options={placeScopes(d.place, places.places).map((o) => ({ value: o.value ?? '', label: o.label }))}
                  data-testid="decision-place"
                />
              </Form.Item>
            ) : null
          }
        </Form.Item>
      </Form>
      {failure ? <Alert type="error" showIcon message={failure} data-testid="decision-error" /> : null}
    </Modal>
  );
}
