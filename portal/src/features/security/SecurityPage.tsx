// 安全告警: what the reveal watch found — a person revealing callers past the rate, in bulk or beyond
// their tasks. The security administrator (安全管理员) looks into each and closes it with a note;
// both the alert and its closing stay in the audit trail.
import { Alert, App as AntApp, Button, Input, Modal, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useState } from 'react';
import { describeError } from '../../api/errors';
import type { SecurityAlert } from '../../api/types';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { formatInstant } from '../../lib/due';

type Status = 'open' | 'closed';

export function SecurityPage() {
  const { location, navigate } = useRouter();
  const status: Status = new URLSearchParams(location.search).get('status') === 'closed' ? 'closed' : 'open';
  return (
    <div data-testid="security-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          安全告警
        </Typography.Title>
        <Typography.Text type="secondary">查看诉求人信息超过频率上限、短时间内批量查看或频繁查看非本人办理工单时产生的告警</Typography.Text>
      </div>
      <Tabs
        activeKey={status}
        onChange={(key) => navigate(`/security?status=${key}`, { replace: true })}
        items={[
          { key: 'open', label: <span data-testid="alerts-open">待处理</span> },
          { key: 'closed', label: <span data-testid="alerts-closed">已关闭</span> },
        ]}
      />
      <AlertList key={status} status={status} />
    </div>
  );
}

function AlertList({ status }: { status: Status }) {
  const { api, city } = useSession();
  const [closing, setClosing] = useState<SecurityAlert | null>(null);
  const list = useAsync((signal) => api.securityAlerts(city, status, signal), [city, status]);
  const columns: ColumnsType<SecurityAlert> = [
    { title: '告警时间', key: 'raised', width: 170, render: (_, a) => formatInstant(a.raisedAt, true) },
    { title: '人员', key: 'person', width: 160, render: (_, a) => `${a.person.name}（${a.person.username}）` },
    { title: '类型', dataIndex: 'label', width: 230 },
    { title: '情况', key: 'summary', render: (_, a) => <span data-testid="alert-summary">{a.details.summary ?? '—'}</span> },
    { title: '工单', key: 'ticket', width: 150, render: (_, a) => a.details.ticket ?? '—' },
  ];
  if (status === 'open') {
    columns.push({
      title: '',
      key: 'close',
      width: 90,
      render: (_, a) => (
        <Button size="small" onClick={() => setClosing(a)} data-testid="alert-close">
          处理关闭
        </Button>
      ),
    });
  } else {
    columns.push({
      title: '处理',
      key: 'closed',
      render: (_, a) => (
        <span data-testid="alert-note">
          {a.closeNote}
          <br />
          <Typography.Text type="secondary">
            {a.closedBy?.name ?? '—'} · {a.closedAt ? formatInstant(a.closedAt, true) : '—'}
          </Typography.Text>
        </span>
      ),
    });
  }
  if (list.error && !list.data) return <ErrorState error={list.error} onRetry={list.reload} />;
  return (
    <>
      <Table<SecurityAlert>
        rowKey="id"
        size="middle"
        columns={columns}
        dataSource={list.data?.alerts ?? []}
        loading={list.loading}
        onRow={(a) => ({ 'data-testid': 'alert-row', 'data-kind': a.kind }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: list.loading ? ' ' : <EmptyState testId="alerts-empty" description={status === 'open' ? '没有待处理的告警' : '还没有已关闭的告警'} /> }}
        pagination={{ pageSize: 50, hideOnSinglePage: true, showTotal: (t) => `共 ${t} 条` }}
      />
      {closing ? (
        <CloseDialog
          alert={closing}
          onClose={() => setClosing(null)}
          onClosed={() => {
            setClosing(null);
            list.reload();
          }}
        />
      ) : null}
    </>
  );
}

function CloseDialog({ alert, onClose, onClosed }: { alert: SecurityAlert; onClose(): void; onClosed(): void }) {
  const { api, city } = useSession();
  const { message } = AntApp.useApp();
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const submit = async () => {
    if (note.trim().length < 2) {
      setFailure('请填写处理说明：核查了什么、结论如何。');
      return;
    }
    setBusy(true);
    setFailure(null);
    try {
      await api.closeSecurityAlert(city, alert.id, note.trim());
      message.success('告警已关闭');
      onClosed();
    } catch (e) {
      setFailure(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal
      open
      title={`关闭告警：${alert.label}`}
      okText="关闭告警"
      cancelText="取消"
      confirmLoading={busy}
      onCancel={onClose}
      onOk={() => void submit()}
      okButtonProps={{ 'data-testid': 'alert-close-confirm' } as never}
      destroyOnHidden
    >
      <Typography.Paragraph>
        {alert.person.name}（{alert.person.username}）：{alert.details.summary ?? alert.label}
      </Typography.Paragraph>
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="alert-close-error" /> : null}
      <Input.TextArea rows={3} maxLength={2000} value={note} onChange={(e) => setNote(e.target.value)} placeholder="核查情况与处理结论" data-testid="alert-close-note" />
    </Modal>
  );
}
