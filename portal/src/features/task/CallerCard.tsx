// The caller, masked. Whoever may see them in full (the server says `revealable`, and on what basis)
// can reveal them after stating why: on a ticket of their own tasks a reason is enough; otherwise they
// choose one of the city's reason categories (查看原因类别) and state the concrete need. The server
// writes the reveal to the audit trail, counts it against the person's rate and shows its refusal.
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import type { MaskedCaller, RevealReason } from '../../api/types';
import { useSession } from '../../app/session';

/** The server's shortest reasons: a task explains itself; beyond one's tasks the text must state the need. */
const MIN_REASON = { task: 2, category: 5 } as const;

export function CallerCard({ ticketId, caller }: { ticketId: string; caller: MaskedCaller }) {
  const { api, city } = useSession();
  const [open, setOpen] = useState(false);
  const [reasons, setReasons] = useState<RevealReason[] | null>(null);
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<{ name: string; phone: string } | null>(null);
  const needsCategory = caller.revealWith === 'category';
  const minimum = needsCategory ? MIN_REASON.category : MIN_REASON.task;

  const start = () => {
    setOpen(true);
    if (reasons === null) {
      api.revealReasons(city).then(
        (r) => setReasons(r.reasons),
        (e: unknown) => setError(describeError(e)),
      );
    }
  };

  const reveal = async () => {
    if (needsCategory && !category) {
      setError('您未办理过此工单，请选择查看原因类别。');
      return;
    }
    if (reason.trim().length < minimum) {
      setError(needsCategory ? `请写明具体需要（至少${minimum}个字）。` : `请填写查看原因（至少${minimum}个字）。`);
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setRevealed(await api.revealCaller(city, ticketId, { ...(category ? { reasonCategory: category } : {}), reason: reason.trim() }));
      setOpen(false);
    } catch (e) {
      setError(describeError(e));
    } finally {
      setBusy(false);
    }
  };

  const shown = revealed ?? caller;
  return (
    <Card size="small" title="诉求人" data-testid="caller-card">
      <Descriptions size="small" column={1}>
        <Descriptions.Item label="姓名">
          <span data-testid="caller-name">{shown.name || '—'}</span>
        </Descriptions.Item>
        <Descriptions.Item label="联系电话">
          <span data-testid="caller-phone">{shown.phone || '—'}</span>
        </Descriptions.Item>
      </Descriptions>
      {revealed ? (
        <Typography.Text type="secondary" data-testid="caller-revealed">
          已显示完整信息，本次查看已记录。
        </Typography.Text>
      ) : caller.revealable ? (
        <Button size="small" icon={<EyeOutlined />} onClick={start} data-testid="reveal-caller">
          查看完整信息
        </Button>
      ) : (
        <Typography.Text type="secondary">诉求人信息已脱敏显示。</Typography.Text>
      )}
      <Modal
        title="查看诉求人完整信息"
        open={open}
        onOk={() => void reveal()}
        onCancel={() => setOpen(false)}
        okText="确认查看"
        cancelText="取消"
        confirmLoading={busy}
        okButtonProps={{ 'data-testid': 'reveal-confirm' } as never}
        destroyOnHidden
      >
        <Typography.Paragraph>
          诉求人信息属于个人信息。请说明查看原因，查看记录（人员、时间、原因）将存档备查；短时间内频繁查看将受限制并提示安全管理员。
          {needsCategory ? '您未办理过此工单，须选择查看原因类别并写明具体需要。' : null}
        </Typography.Paragraph>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="reveal-error" /> : null}
        <Form layout="vertical">
          <Form.Item label="查看原因类别" required={needsCategory}>
            <Select
              allowClear
              value={category}
              onChange={(v: string | undefined) => setCategory(v)}
              loading={reasons === null}
              options={(reasons ?? []).map((r) => ({ value: r.key, label: r.label }))}
              placeholder={needsCategory ? '请选择' : '办理本工单所需，可不选'}
              data-testid="reveal-category"
            />
          </Form.Item>
          <Form.Item label="查看原因" required>
            <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} showCount placeholder="例如：需电话联系诉求人核实现场情况" data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
