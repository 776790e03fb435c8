// Changing one's own password: the current one, the new one twice. The server's policy decides what
// a good password is (PASSWORD_POLICY) and answers in Chinese at the field; the form shows it there.
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import type { ApiClient } from '../../api/client';
import { ApiError, describeError } from '../../api/errors';

interface Values {
  currentPassword: string;
  newPassword: string;
  repeat: string;
}

export function ChangePasswordForm({ api, onChanged, submitLabel = '修改密码' }: { api: ApiClient; onChanged(): void; submitLabel?: string }) {
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async ({ currentPassword, newPassword }: Values) => {
    setBusy(true);
    setError(null);
    try {
      await api.changePassword(currentPassword, newPassword);
      form.resetFields();
      onChanged();
    } catch (e) {
      const atFields = e instanceof ApiError && e.status === 422 ? e.fieldProblems.filter((p) => p.path === '/currentPassword' || p.path === '/newPassword') : [];
      if (atFields.length > 0) {
        const fields: Array<keyof Values> = ['currentPassword', 'newPassword'];
        form.setFields(fields.map((name) => ({ name, errors: atFields.filter((p) => p.path === `/${name}`).map((p) => p.message) })));
      } else setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Form form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={busy} data-testid="change-password-form">
      {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} /> : null}
      <Form.Item label="当前密码" name="currentPassword" rules={[{ required: true, message: '请输入当前密码' }]}>
        <Input.Password autoComplete="current-password" data-testid="current-password" />
      </Form.Item>
      <Form.Item label="新密码" name="newPassword" rules={[{ required: true, message: '请输入新密码' }]}>
        <Input.Password autoComplete="new-password" data-testid="new-password" />
      </Form.Item>
      <Form.Item
        label="再次输入新密码"
        name="repeat"
        dependencies={['newPassword']}
        rules={[
          { required: true, message: '请再次输入新密码' },
          ({ getFieldValue }) => ({
            validator: (_rule, value) => (!value || value === getFieldValue('newPassword') ? Promise.resolve() : Promise.reject(new Error('两次输入的新密码不一致'))),
          }),
        ]}
      >
        <Input.Password autoComplete="new-password" data-testid="repeat-password" />
      </Form.Item>
      <Button type="primary" htmlType="submit" block loading={busy} data-testid="change-password-submit">
        {submitLabel}
      </Button>
    </Form>
  );
}

/** After sign-in with an initial, reset or expired password: nothing else until it is changed. */
export function ForcedPasswordChangePage({ api, onChanged, onSignOut }: { api: ApiClient; onChanged(): void; onSignOut(): void }) {
  return (
    <div className="login-page">
      <Card className="login-card" data-testid="forced-password-change">
        <Typography.Title level={3} style={{ marginTop: 0 }}>
          请修改密码
        </Typography.Title>
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} message="您正在使用初始密码、管理员重置的临时密码或已过期的密码，修改后才能继续使用。" />
        <ChangePasswordForm api={api} onChanged={onChanged} submitLabel="修改密码并继续" />
        <Button type="link" block onClick={onSignOut} style={{ marginTop: 8 }}>
          退出登录
        </Button>
      </Card>
    </div>
  );
}
