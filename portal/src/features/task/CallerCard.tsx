// The caller, masked. Whoever may see them in full (the server says `revealable`) can reveal them
// after stating why; the server writes the reveal to the audit trail.
import { EyeOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import type { MaskedCaller } from '../../api/types';
import { useSession } from '../../app/session';

export function CallerCard({ ticketId, caller }: { ticketId: string; caller: MaskedCaller }) {
  const { api, city } = useSession();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [revealed, setRevealed] = useState<{ name: string; phone: string } | null>(null);

  const reveal = async () => {
    if (reason.trim().length < 2) {
      setError('请填写查看原因（至少2个字）。');
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setRevealed(await api.revealCaller(city, ticketId, reason.trim()));
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
        <Button size="small" icon={<EyeOutlined />} onClick={() => setOpen(true)} data-testid="reveal-caller">
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
        <Typography.Paragraph>诉求人信息属于个人信息。请说明查看原因，查看记录（人员、时间、原因）将存档备查。</Typography.Paragraph>
        {error ? <Alert type="error" showIcon message={error} style={{ marginBottom: 12 }} data-testid="reveal-error" /> : null}
        <Form layout="vertical">
          <Form.Item label="查看原因" required>
            <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={500} showCount placeholder="例如：需电话联系诉求人核实现场情况" data-testid="reveal-reason" />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
