// 账号管理: the city's system administrator (系统管理员) sees every account's state and disables,
// enables, signs out, resets or unlocks one. Their own account is not theirs to act on here (the
// server refuses; the buttons are not offered). A reset's temporary password is shown this once.
import { Alert, App as AntApp, Button, Modal, Popconfirm, Space, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import type { Account, AccountAction } from '../../api/types';
import { describeError } from '../../api/errors';
import { formatInstant } from '../../lib/due';
import { useSession } from '../../app/session';
import { ErrorState } from '../../app/states';
import { useAsync } from '../../app/use-async';

/** Each action's words: the button, the question before it, and what it did. */
const ACTIONS: Record<AccountAction, { label: string; confirm: string; done: string; danger?: boolean }> = {
  disable: { label: '停用', confirm: '停用后该账号不能登录，其现有会话立即结束。确定停用？', done: '账号已停用', danger: true },
  enable: { label: '启用', confirm: '确定启用该账号？', done: '账号已启用' },
  'end-sessions': { label: '结束会话', confirm: '结束该用户的全部登录会话？', done: '会话已结束' },
  'reset-password': { label: '重置密码', confirm: '重置后将生成临时密码，用户下次登录须修改密码，其现有会话立即结束。确定重置？', done: '密码已重置', danger: true },
  unlock: { label: '解锁', confirm: '解除因多次登录失败造成的锁定？', done: '账号已解锁' },
};

function actionsFor(account: Account): AccountAction[] {
  return [account.disabled ? 'enable' : 'disable', 'end-sessions', 'reset-password', ...(account.lockedUntil ? (['unlock'] as const) : [])];
}

export function AccountsPage() {
  const { api, city, user } = useSession();
  const { message } = AntApp.useApp();
  const list = useAsync(() => api.accounts(city), [city]);
  const [busy, setBusy] = useState<string | null>(null);
  const [temporary, setTemporary] = useState<{ username: string; password: string } | null>(null);

  const act = async (account: Account, action: AccountAction) => {
    setBusy(account.username);
    try {
      const result = await api.accountAction(city, account.username, action);
      if (result.temporaryPassword) setTemporary({ username: account.username, password: result.temporaryPassword });
      void message.success(`${account.displayName}：${ACTIONS[action].done}`);
      list.reload();
    } catch (e) {
      void message.error(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const columns: ColumnsType<Account> = [
    { title: '用户名', dataIndex: 'username', width: 170 },
    { title: '姓名', dataIndex: 'displayName', width: 150 },
    { title: '单位', key: 'unit', render: (_, a) => a.unit.name },
    { title: '角色', key: 'roles', render: (_, a) => a.roles.join('、') },
    {
      title: '状态',
      key: 'state',
      width: 230,
      render: (_, a) => (
        <Space size={4} wrap data-testid={`account-state-${a.username}`}>
          {a.disabled ? <Tag color="red">已停用</Tag> : <Tag color="green">正常</Tag>}
          {a.lockedUntil ? <Tag color="orange">锁定至 {formatInstant(a.lockedUntil, true)}</Tag> : null}
          {a.mustChangePassword ? <Tag color="gold">须修改密码</Tag> : null}
          {a.demo ? <Tag>演示账号</Tag> : null}
        </Space>
      ),
    },
    { title: '在线会话', dataIndex: 'activeSessions', width: 90 },
    {
      title: '操作',
      key: 'actions',
      width: 300,
      render: (_, a) =>
        a.username === user.username ? (
          <Typography.Text type="secondary">本人账号（请用“修改密码”）</Typography.Text>
        ) : (
          <Space size={4} wrap>
            {actionsFor(a).map((action) => (
              <Popconfirm key={action} title={ACTIONS[action].confirm} okText="确定" cancelText="取消" onConfirm={() => act(a, action)}>
                <Button size="small" danger={ACTIONS[action].danger ?? false} loading={busy === a.username} data-testid={`account-${action}-${a.username}`}>
                  {ACTIONS[action].label}
                </Button>
              </Popconfirm>
            ))}
          </Space>
        ),
    },
  ];

  return (
    <div data-testid="accounts-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          账号管理
        </Typography.Title>
        <Typography.Text type="secondary">本市工作人员账号：停用、启用、结束会话、重置密码、解锁；每项操作均记入审计日志</Typography.Text>
      </div>
      {list.error ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
      <Table rowKey="username" size="small" loading={list.loading} columns={columns} dataSource={list.data?.accounts ?? []} pagination={{ pageSize: 50 }} />
      <Modal
        title="临时密码"
        open={temporary !== null}
        onOk={() => setTemporary(null)}
        onCancel={() => setTemporary(null)}
        cancelButtonProps={{ style: { display: 'none' } }}
        okText="已告知用户"
      >
        <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="临时密码只显示这一次，请通过安全渠道告知用户；用户登录后须立即修改。" />
        <Typography.Paragraph>
          {temporary?.username}：
          <Typography.Text code copyable data-testid="temporary-password">
            {temporary?.password}
          </Typography.Text>
        </Typography.Paragraph>
      </Modal>
    </div>
  );
}
