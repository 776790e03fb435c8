// The frame around every view: the city and the person at the top, the menu their roles give them under the city's pack.
import { KeyOutlined, LogoutOutlined } from '@ant-design/icons';
import { App as AntApp, Button, Layout, Menu, Modal, Space, Tag, Typography } from 'antd';
import { type ReactNode, useState } from 'react';
import { ChangePasswordForm } from '../features/auth/ChangePasswordForm';
import { NotificationBell } from '../features/notifications/NotificationBell';
import { LiveUpdatesProvider } from './live-updates';
import { activeNav, isExternalNav, navFor } from './navigation';
import { useRouter } from './router';
import { useSession } from './session';

export function Shell({ children }: { children: ReactNode }) {
  const { api, user, signOut } = useSession();
  const [changingPassword, setChangingPassword] = useState(false);
  const { message } = AntApp.useApp();
  const { location, navigate } = useRouter();
  const items = navFor(user.pages, user.roles, user.scope).map((item) => ({
    key: item.path,
    label: (
      <a href={item.path} data-testid={`nav-${item.path === '/' ? 'inbox' : item.path.replace(/^\/|\/$/g, '')}`} onClick={(e) => e.preventDefault()}>
        {item.label}
      </a>
    ),
  }));
  return (
    <Layout className="shell">
      <Layout.Header className="shell-header">
        <Typography.Text className="shell-title" strong>
          12345 热线工单办理 · {user.city.name}
        </Typography.Text>
        <span className="shell-spacer" />
        <span className="shell-bell">
          <NotificationBell />
        </span>
        <Space className="shell-user" data-testid="current-user">
          <span>{user.name}</span>
          {user.unit ? <span className="shell-unit">{user.unit.name}</span> : null}
          {user.roles.map((r) => (
            <Tag key={r} color="blue">
              {user.roleLabels[r] ?? r}
            </Tag>
          ))}
          <Button size="small" icon={<KeyOutlined />} onClick={() => setChangingPassword(true)} data-testid="change-password">
            修改密码
          </Button>
          <Button size="small" icon={<LogoutOutlined />} onClick={signOut} data-testid="sign-out">
            退出
          </Button>
        </Space>
      </Layout.Header>
      {/* a row of its own, wrapping: a person with many pages (督办: 考核, 数据分析, 知识库 …) sees them all, none folded away */}
      <nav className="shell-nav">
          <Menu
            className="shell-menu"
            mode="horizontal"
            disabledOverflow
            theme="dark"
            selectedKeys={[activeNav(location.pathname)]}
            items={items}
            onClick={({ key }) => (isExternalNav(key) ? window.location.assign(key) : navigate(key))}
          />
      </nav>
      <Layout.Content className="shell-content">
        <LiveUpdatesProvider>{children}</LiveUpdatesProvider>
      </Layout.Content>
      <Modal title="修改密码" open={changingPassword} footer={null} destroyOnHidden onCancel={() => setChangingPassword(false)}>
        <ChangePasswordForm
          api={api}
          onChanged={() => {
            setChangingPassword(false);
            void message.success('密码已修改，您在其他设备上的登录已结束。');
          }}
        />
      </Modal>
    </Layout>
  );
}
