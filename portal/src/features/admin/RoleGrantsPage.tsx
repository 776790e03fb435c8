// 授权审批 (三员分立): the system administrator gives a person a role; one that sees callers' personal
// data (or the security and audit administrators' own) waits here until a security administrator —
// not the one who asked, not the one who would hold it — approves or rejects it.
import { App as AntApp, Button, Form, Input, Select, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type HTMLAttributes, useState } from 'react';
import type { GrantableRole, RoleGrantRequest } from '../../api/types';
import { describeError } from '../../api/errors';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';

type Status = RoleGrantRequest['status'] | 'all';
const STATUS_WORDS: Record<RoleGrantRequest['status'], { label: string; color: string }> = {
  pending: { label: '待审批', color: 'gold' },
  approved: { label: '已批准', color: 'green' },
  rejected: { label: '已驳回', color: 'red' },
  withdrawn: { label: '已撤回', color: 'default' },
};

export function RoleGrantsPage() {
  const { api, city, user } = useSession();
  const [status, setStatus] = useState<Status>('pending');
  const list = useAsync((signal) => api.roleGrants(city, status, signal), [city, status]);
  const isAdmin = user.roles.includes('admin');
  const isSecurity = user.roles.includes('security');
  return (
    <div data-testid="role-grants-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          授权审批
        </Typography.Title>
        <Typography.Text type="secondary">可查看个人信息的角色及安全、审计管理员角色，须由另一位安全管理员批准后生效；任何人不能修改自己的角色</Typography.Text>
      </div>
      {isAdmin ? <GrantForm roles={list.data?.roles ?? []} onDone={list.reload} /> : null}
      <Tabs
        activeKey={status}
        onChange={(key) => setStatus(key as Status)}
        items={[
          { key: 'pending', label: '待审批' },
          { key: 'approved', label: '已批准' },
          { key: 'rejected', label: '已驳回' },
          { key: 'all', label: '全部' },
        ]}
      />
      {list.error && !list.data ? (
        <ErrorState error={list.error} onRetry={list.reload} />
      ) : (
        <Requests requests={list.data?.requests ?? []} loading={list.loading} mayDecide={isSecurity} me={user.username} onDecided={list.reload} />
      )}
    </div>
  );
}

function GrantForm({ roles, onDone }: { roles: GrantableRole[]; onDone(): void }) {
  const { api, city } = useSession();
  const { message } = AntApp.useApp();
  const [form] = Form.useForm<{ username: string; role: string }>();
  const [busy, setBusy] = useState(false);
  const submit = async ({ username, role }: { username: string; role: string }) => {
    setBusy(true);
    try {
      const result = await api.requestRoleGrant(city, username.trim(), role);
      void message.success(result.pendingRoles.includes(role) ? '已提交授权申请，待安全管理员审批' : '角色已授予');
      form.resetFields();
      onDone();
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form form={form} layout="inline" onFinish={(v) => void submit(v)} style={{ marginBottom: 16 }}>
      <Form.Item name="username" label="用户名" rules={[{ required: true, whitespace: true, message: '请输入用户名' }]}>
        <Input style={{ width: 180 }} data-testid="grant-username" />
      </Form.Item>
      <Form.Item name="role" label="角色" rules={[{ required: true, message: '请选择角色' }]}>
        <Select
          style={{ width: 260 }}
          data-testid="grant-role"
          options={roles.map((r) => ({ value: r.key, label: r.needsApproval ? `${r.label}（需审批）` : r.label }))}
        />
      </Form.Item>
      <Form.Item>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="grant-submit">
          授予角色
        </Button>
      </Form.Item>
    </Form>
  );
}

function Requests({ requests, loading, mayDecide, me, onDecided }: { requests: RoleGrantRequest[]; loading: boolean; mayDecide: boolean; me: string; onDecided(): void }) {
  const { api, city } = useSession();
  const { message, modal } = AntApp.useApp();
  const decide = (request: RoleGrantRequest, decision: 'approve' | 'reject') => {
    let note = '';
    modal.confirm({
      title: `${decision === 'approve' ? '批准' : '驳回'}：授予 ${request.displayName}（${request.username}）“${request.roleLabel}”`,
      content: <Input.TextArea placeholder="审批意见（选填）" maxLength={500} onChange={(e) => (note = e.target.value)} data-testid="grant-note" />,
      okText: decision === 'approve' ? '批准' : '驳回',
      cancelText: '取消',
      onOk: async () => {
        try {
          await api.decideRoleGrant(city, request.id, decision, note.trim() || undefined);
          void message.success(decision === 'approve' ? '已批准，角色已生效' : '已驳回');
          onDecided();
        } catch (e) {
          void message.error(describeError(e));
        }
      },
    });
  };
  const columns: ColumnsType<RoleGrantRequest> = [
    { title: '用户', key: 'user', render: (_, r) => `${r.displayName}（${r.username}）` },
    { title: '角色', dataIndex: 'roleLabel', width: 160 },
    { title: '申请', key: 'requested', width: 220, render: (_, r) => `${r.requestedByName} · ${dayjs(r.requestedAt).format('YYYY-MM-DD HH:mm')}` },
    { title: '状态', key: 'status', width: 90, render: (_, r) => <Tag color={STATUS_WORDS[r.status].color}>{STATUS_WORDS[r.status].label}</Tag> },
    {
      title: '审批',
      key: 'decided',
      render: (_, r) =>
        r.status !== 'pending' ? (
          `${r.decidedByName ?? '—'} · ${r.decidedAt ? dayjs(r.decidedAt).format('YYYY-MM-DD HH:mm') : ''}${r.note ? `：${r.note}` : ''}`
        ) : mayDecide && r.requestedByName !== me && r.username !== me ? (
          <Space>
            <Button type="primary" size="small" onClick={() => decide(r, 'approve')} data-testid="grant-approve">
              批准
            </Button>
            <Button danger size="small" onClick={() => decide(r, 'reject')} data-testid="grant-reject">
              驳回
            </Button>
          </Space>
        ) : (
          <Typography.Text type="secondary">待另一位安全管理员审批</Typography.Text>
        ),
    },
  ];
  return (
    <Table<RoleGrantRequest>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={requests}
      loading={loading}
      onRow={(r) => ({ 'data-testid': 'grant-row', 'data-user': r.username }) as HTMLAttributes<HTMLElement>}
      locale={{ emptyText: loading ? ' ' : <EmptyState testId="grants-empty" description="没有授权申请" /> }}
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
    />
  );
}
