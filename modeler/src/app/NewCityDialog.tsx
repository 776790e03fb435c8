// 新建城市: an implementer starts a new city's pack from their own city's (the server copies it as
// `hotline city new <id> --from <city>` does: every rule version marked as copied, processes renamed),
// with the new city's hotline centre and a first account (implementer and policy staff) to sign in with.
import { Alert, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { ApiError, type HotlineApi, type NewCityResult } from '../api';

export interface NewCityDialogProps {
  api: HotlineApi;
  fromCity: string;
  open: boolean;
  onClose(): void;
}

interface Values {
  id: string;
  name: string;
  username: string;
  displayName: string;
  password?: string;
}

export function NewCityDialog({ api, fromCity, open, onClose }: NewCityDialogProps) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [created, setCreated] = useState<NewCityResult | null>(null);

  const submit = async () => {
    const values = await form.validateFields();
    setBusy(true);
    setError(null);
    try {
      setCreated(
        await api.createCity({
          id: values.id.trim(),
          ...(values.name?.trim() ? { name: values.name.trim() } : {}),
          admin: { username: values.username.trim(), name: values.displayName.trim(), ...(values.password ? { password: values.password } : {}) },
        }),
      );
    } catch (e) {
      setError(e instanceof ApiError ? [e.message.split('\n')[0], ...e.issues.map((i) => `${i.file} ${i.path}：${i.message}`)].join('；') : String(e));
    } finally {
      setBusy(false);
    }
  };

  const close = () => {
    setCreated(null);
    setError(null);
    form.resetFields();
    onClose();
  };

  return (
    <Modal
      title={`从 ${fromCity} 的城市包新建城市`}
      open={open}
      onCancel={close}
      onOk={created ? close : () => void submit()}
      okText={created ? '完成' : '新建'}
      cancelText="取消"
      confirmLoading={busy}
      okButtonProps={{ 'data-testid': 'new-city-submit' } as Record<string, string>}
      destroyOnHidden
    >
      {created ? (
        <Alert
          type="success"
          showIcon
          data-testid="new-city-result"
          message={`已新建城市 ${created.city.name}（${created.city.id}），草稿 #${created.version.number} 复制自 ${created.copiedFrom.cityId} 第 ${created.copiedFrom.number} 版`}
          description={
            <>
              <p>
                请用新城市的账号 <code>{created.admin.username}</code>
                {created.admin.password ? (
                  <>
                    （初始密码 <code data-testid="new-city-password">{created.admin.password}</code>，只显示这一次）
                  </>
                ) : null}{' '}
                登录，导入组织机构，按“上线检查”逐项替换复制来的规则，然后发布。
              </p>
            </>
          }
        />
      ) : (
        <Form form={form} layout="vertical">
          <Typography.Paragraph type="secondary">新城市的城市包与 {fromCity} 当前生效的版本相同，规则版本都会标注“复制自 {fromCity}”，上线前须逐项替换为本市的规定。</Typography.Paragraph>
          <Form.Item name="id" label="城市 id（小写字母、数字和连字符）" rules={[{ required: true, pattern: /^[a-z][a-z0-9-]{1,39}$/, message: '如 shanshan' }]}>
            <Input data-testid="new-city-id" placeholder="shanshan" />
          </Form.Item>
          <Form.Item name="name" label="城市名称">
            <Input data-testid="new-city-name" placeholder="鄯善县" />
          </Form.Item>
          <Form.Item name="username" label="新城市的第一个账号（实施人员、政策人员）" rules={[{ required: true, pattern: /^[a-z0-9][a-z0-9._-]{2,63}$/, message: '如 ss.admin' }]}>
            <Input data-testid="new-city-username" placeholder="ss.admin" />
          </Form.Item>
          <Form.Item name="displayName" label="姓名" rules={[{ required: true }]}>
            <Input data-testid="new-city-display-name" />
          </Form.Item>
          <Form.Item name="password" label="初始密码（不填则自动生成）">
            <Input.Password data-testid="new-city-password-input" autoComplete="new-password" />
          </Form.Item>
          {error && <Alert type="error" showIcon message={error} data-testid="new-city-error" />}
        </Form>
      )}
    </Modal>
  );
}
