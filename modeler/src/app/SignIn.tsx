// Sign-in against the server (local accounts); the session cookie then carries every API call.
import { Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, type HotlineApi } from '../api';

export function SignIn({ api, onSignedIn }: { api: HotlineApi; onSignedIn(): void }) {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  return (
    <div style={{ display: 'flex', justifyContent: 'center', paddingTop: 120 }}>
      <Card title="登录 12345 流程与规则编辑器" style={{ width: 380 }}>
        <Form
          layout="vertical"
          onFinish={(values: { username: string; password: string }) => {
            setBusy(true);
            setError(null);
            api
              .signIn(values.username, values.password)
              .then(() => onSignedIn())
              .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)))
              .finally(() => setBusy(false));
          }}
        >
          <Form.Item name="username" label="用户名" rules={[{ required: true, message: '请输入用户名' }]}>
            <Input data-testid="signin-username" autoComplete="username" />
          </Form.Item>
          <Form.Item name="password" label="密码" rules={[{ required: true, message: '请输入密码' }]}>
            <Input.Password data-testid="signin-password" autoComplete="current-password" />
          </Form.Item>
          {error && <Typography.Text type="danger">{error}</Typography.Text>}
          <Button data-testid="signin-submit" type="primary" htmlType="submit" block loading={busy}>
            登录
          </Button>
        </Form>
      </Card>
    </div>
  );
}
