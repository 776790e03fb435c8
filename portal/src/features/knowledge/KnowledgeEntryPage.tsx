// One knowledge entry: its versions, newest first (each published one stays readable); its unit edits
// the draft (editing a published entry makes a new draft version) and submits it for the centre's
// review; the centre asks for an update (需更新), due by the pack's period.
import { Alert, App as AntApp, Button, Card, Checkbox, Collapse, Descriptions, Input, Modal, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { describeError } from '../../api/errors';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { KnowledgeEditor } from './KnowledgeEditor';
import { UpdateDueTag } from './KnowledgePage';
import { type KnowledgeEntryDetail, STATUS_COLORS, STATUS_LABELS, flagKnowledgeEntry, knowledgeEntry, knowledgeSettings, saveKnowledgeDraft, submitKnowledgeEntry } from './knowledge-api';

export function KnowledgeEntryPage({ id }: { id: string }) {
  const { api, city } = useSession();
  const { message } = AntApp.useApp();
  const settings = useAsync(() => knowledgeSettings(api, city), [city]);
  const loaded = useAsync(() => knowledgeEntry(api, city, id), [city, id]);
  const [detail, setDetail] = useState<KnowledgeEntryDetail | null>(null);
  const [editing, setEditing] = useState(false);
  const [flagging, setFlagging] = useState(false);
  const [reason, setReason] = useState('');
  const [emergency, setEmergency] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const shown = detail ?? loaded.data;
  if ((loaded.loading && !shown) || (settings.loading && !settings.data)) return <Loading label="正在加载知识条目…" />;
  if (!shown) return <ErrorState error={loaded.error} onRetry={loaded.reload} />;
  if (!settings.data) return <ErrorState error={settings.error} onRetry={settings.reload} />;
  const { entry, versions } = shown;
  const noticeLead = settings.data.policyNoticeLeadText;
  const latest = entry.latest;

  const act = async (run: () => Promise<KnowledgeEntryDetail>, done: string) => {
    setError(null);
    try {
      setDetail(await run());
      void message.success(done);
    } catch (e) {
      setError(describeError(e));
    }
  };

  return (
    <div data-testid="knowledge-entry-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          {entry.code} {latest.title}
        </Typography.Title>
        <Space>
          <Tag color={STATUS_COLORS[latest.status]} data-testid="knowledge-status">{`第${latest.version}版 ${STATUS_LABELS[latest.status]}`}</Tag>
          {entry.publishedVersion ? <Tag color={entry.offered ? 'green' : 'default'}>{entry.offered ? `第${entry.publishedVersion}版 受理时可检索` : '当前不在有效期内，受理时不提供'}</Tag> : null}
          <UpdateDueTag entry={entry} />
        </Space>
      </div>
      {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="knowledge-action-error" /> : null}
      {latest.returnReason && latest.status === 'draft' ? <Alert type="warning" showIcon style={{ marginBottom: 12 }} message={`审核退回：${latest.returnReason}`} data-testid="knowledge-returned" /> : null}
      {entry.updateDue ? <Alert type={entry.updateDue.overdue ? 'error' : 'info'} showIcon style={{ marginBottom: 12 }} message={`需更新：${entry.updateDue.reason}`} /> : null}
      <Space style={{ marginBottom: 12 }}>
        {entry.mayEdit && latest.status !== 'review' ? (
          <Button onClick={() => setEditing(true)} data-testid="knowledge-edit">
            {latest.status === 'draft' ? '编辑草稿' : '修订（新版本）'}
          </Button>
        ) : null}
        {entry.mayEdit && latest.status === 'draft' ? (
          <Button type="primary" onClick={() => void act(() => submitKnowledgeEntry(api, city, id), '已提交审核')} data-testid="knowledge-submit">
            提交审核
          </Button>
        ) : null}
        {entry.mayFlag ? (
          <Button danger onClick={() => setFlagging(true)} data-testid="knowledge-flag">
            需更新
          </Button>
        ) : null}
      </Space>
      <Card size="small" title="版本">
        <Collapse
          defaultActiveKey={[String(versions[0]?.version)]}
          items={versions.map((v) => ({
            key: String(v.version),
            label: (
              <Space>
                <span>第{v.version}版</span>
                <Tag color={STATUS_COLORS[v.status]}>{STATUS_LABELS[v.status]}</Tag>
                <span>{v.title}</span>
              </Space>
            ),
            children: (
              <Space direction="vertical" style={{ width: '100%' }} data-testid="knowledge-version">
                <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{v.content}</Typography.Paragraph>
                <Descriptions size="small" column={2} bordered>
                  <Descriptions.Item label="目录">{v.categoryPath.join(' / ')}</Descriptions.Item>
                  <Descriptions.Item label="类型">{v.kindLabel}</Descriptions.Item>
                  <Descriptions.Item label="提供单位">{entry.unit.name}</Descriptions.Item>
                  <Descriptions.Item label="依据">{v.basis}</Descriptions.Item>
                  <Descriptions.Item label="有效期">
                    {v.effectiveFrom} 至 {v.expiresOn}
                  </Descriptions.Item>
                  <Descriptions.Item label="发布时间">{v.publishedAt ? new Date(v.publishedAt).toLocaleString('zh-CN', { hour12: false }) : '—'}</Descriptions.Item>
                  {v.policyPublishAt ? (
                    <Descriptions.Item label="政策公开发布时间">
                      <Space>
                        {new Date(v.policyPublishAt).toLocaleString('zh-CN', { hour12: false })}
                        {v.policyNotice === 'late' ? <Tag color="red" data-testid="knowledge-notice-late">未提前{noticeLead}通报</Tag> : null}
                        {v.policyNotice === 'inTime' ? <Tag color="green">已按时通报</Tag> : null}
                      </Space>
                    </Descriptions.Item>
                  ) : null}
                </Descriptions>
              </Space>
            ),
          }))}
        />
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          知识库信息仅用于热线工作，不得用作其他用途（实施细则第二十条）。已浏览 {entry.views} 次。
        </Typography.Text>
      </Card>
      <KnowledgeEditor
        open={editing}
        title={latest.status === 'draft' ? `编辑草稿（第${latest.version}版）` : `修订：新建第${latest.version + 1}版草稿`}
        settings={settings.data}
        initial={latest}
        onClose={() => setEditing(false)}
        onSave={async (draft) => {
          setDetail(await saveKnowledgeDraft(api, city, id, draft));
          setEditing(false);
          void message.success('草稿已保存');
        }}
      />
      <Modal
        open={flagging}
        title="要求承办单位更新"
        okText="发送更新要求"
        cancelText="取消"
        okButtonProps={{ disabled: reason.trim() === '', 'data-testid': 'knowledge-flag-ok' } as never}
        onCancel={() => setFlagging(false)}
        onOk={async () => {
          await act(() => flagKnowledgeEntry(api, city, id, reason.trim(), emergency), '已要求承办单位更新');
          setFlagging(false);
        }}
      >
        <Space direction="vertical" style={{ width: '100%' }}>
          <Input.TextArea rows={3} value={reason} onChange={(e) => setReason(e.target.value)} placeholder="变更、错误、遗漏、到期或表述不清等需更新的原因" data-testid="knowledge-flag-reason" />
          <Checkbox checked={emergency} onChange={(e) => setEmergency(e.target.checked)}>
            涉及突发事件（{settings.data.emergencyUpdatePeriodText}内完成，不区分工作日）
          </Checkbox>
          <Typography.Text type="secondary">一般须在 {settings.data.updatePeriodText} 内完成（实施细则第十七条）。</Typography.Text>
        </Space>
      </Modal>
    </div>
  );
}
