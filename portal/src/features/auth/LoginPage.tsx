// Sign-in: username and password; the server sets the session cookie and returns a token.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { ApiClient } from '../../api/client';
import { ApiError, describeError } from '../../api/errors';

export function LoginPage({ api, onSignedIn, notice }: { api: ApiClient; onSignedIn(): void; notice?: string | null }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    setError(null);
    try {
      await api.login(values.username.trim(), values.password);
      onSignedIn();
    } catch (e) {
      // one answer for an unknown user, a wrong password and a locked account (the server tells them apart to no one)
      if (e instanceof ApiError && (e.status === 401 || e.status === 400)) setError('用户名或密码不正确。多次输错后账号会被暂时锁定，请联系系统管理员解锁。');
      else if (e instanceof ApiError && (e.status === 429 || e.status === 403)) setError(e.message);
      else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="login-page">
      <Card className="login-card" data-testid="login-page">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          12345 热线工单办理
        </Typography.Title>
        <Typography.Paragraph type="secondary">承办单位与热线工作机构工作人员登录</Typography.Paragraph>
        {notice ? <Alert type="warning" showIcon message={notice} style={{ marginBottom: 16 }} /> : null}
        {error ? <Alert type="error" showIcon message={error} data-testid="login-error" style={{ marginBottom: 16 }} /> : null}
        <Form layout="vertical" onFinish={submit} requiredMark={false} disabled={busy}>
          <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus data-testid="login-username" />
          </Form.Item>
          <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" data-testid="login-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={busy} data-testid="login-submit">
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
