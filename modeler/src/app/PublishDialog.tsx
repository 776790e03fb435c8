// 发布: choose the effective date, see what still stops publication (every issue, with a link to
// its editor), publish, and see what publishing did — the processes deployed on the workflow engine
// (or why not), and the open tickets whose provisional deadlines were counted again.
import { Alert, Button, DatePicker, Descriptions, List, Modal, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useEffect, useState } from 'react';
import { ApiError, type PackVersion, type PublishedVersion } from '../api';
import type { IssueRow } from '../editors/IssuesPanel';
import { issueText } from '../state/issue-place';

export interface PublishDialogProps {
  open: boolean;
  version: PackVersion | null;
  dirty: boolean;
  /** Why publishing is not possible now (issues, lint running, nothing to publish), or null. */
  blocked: string | null;
  /** The draft's issues as the editors see them. */
  issues: readonly IssueRow[];
  busy: boolean;
  onPublish(effectiveFrom: string): Promise<{ published: PublishedVersion | null; error: unknown }>;
  onGo(row: IssueRow): void;
  /** Offered once published: move the open tickets on older versions to this one (server mode only). */
  onMigrate?: (version: number) => void;
  onClose(): void;
}

const today = () => dayjs().format('YYYY-MM-DD');

export function PublishDialog({ open, version, dirty, blocked, issues, busy, onPublish, onGo, onMigrate, onClose }: PublishDialogProps) {
  const [effectiveFrom, setEffectiveFrom] = useState(today());
  const [result, setResult] = useState<PublishedVersion | null>(null);
  const [refusal, setRefusal] = useState<unknown>(null);

  useEffect(() => {
    if (open) {
      setResult(null);
      setRefusal(null);
    }
  }, [open]);

  const serverIssues = refusal instanceof ApiError ? refusal.issues : [];
  const publish = async () => {
    setRefusal(null);
    const { published, error } = await onPublish(effectiveFrom);
    if (published) setResult(published);
    else setRefusal(error);
  };

  const footer = result
    ? [
        ...(onMigrate
          ? [
              <Button key="migrate" data-testid="publish-migrate" onClick={() => onMigrate(result.number)}>
                将在办工单迁移到此版本…
              </Button>,
            ]
          : []),
        <Button key="close" type="primary" data-testid="publish-close" onClick={onClose}>
          完成
        </Button>,
      ]
    : [
        <Button key="cancel" data-testid="publish-cancel" onClick={onClose}>
          取消
        </Button>,
        <Button key="ok" type="primary" data-testid="publish-confirm" disabled={blocked !== null} loading={busy} onClick={() => void publish()}>
          {dirty ? '保存并发布' : '发布'}
        </Button>,
      ];

  return (
    <Modal title={version ? `发布城市包 #${version.number}` : '发布城市包'} open={open} onCancel={onClose} footer={footer} width={720} destroyOnHidden>
      {result ? (
        <Space direction="vertical" style={{ width: '100%' }} data-testid="publish-result">
          <Alert type="success" showIcon message={`版本 #${result.number} 已发布，${result.effectiveFrom} 起生效`} description="新登记的工单自生效日期起按此版本办理；在办工单仍按登记时的版本办理。" />
          <Descriptions size="small" column={1} bordered>
            <Descriptions.Item label="流程部署">
              {result.deployment === undefined ? (
                <Typography.Text type="secondary">本地模式：没有流程引擎</Typography.Text>
              ) : result.deployment.deployed ? (
                <Space direction="vertical" size={0} data-testid="publish-deployment">
                  <span>已部署到 {result.deployment.engine === 'zeebe' ? 'Zeebe' : '内嵌流程引擎'}</span>
                  {result.deployment.processes.map((p) => (
                    <span key={p.resource}>
                      <code>{p.resource}</code> → <code>{p.bpmnProcessId}</code> 第 {p.version} 版
                    </span>
                  ))}
                </Space>
              ) : (
                <Typography.Text type="warning" data-testid="publish-deployment">
                  未部署：{result.deployment.reason}
                </Typography.Text>
              )}
            </Descriptions.Item>
            <Descriptions.Item label="暂定期限重算">
              {result.deadlines === undefined ? (
                <Typography.Text type="secondary">—</Typography.Text>
              ) : 'error' in result.deadlines ? (
                <Typography.Text type="danger">{result.deadlines.error}</Typography.Text>
              ) : (
                <Space direction="vertical" size={0} data-testid="publish-deadlines">
                  <span>
                    {result.deadlines.recomputed.length === 0
                      ? '没有需要重新计算的暂定期限'
                      : `重新计算了 ${new Set(result.deadlines.recomputed.map((r) => r.ticket)).size} 张工单的 ${result.deadlines.recomputed.length} 个期限，移动了 ${result.deadlines.timers.moved} 个计时器`}
                  </span>
                  {result.deadlines.recomputed.slice(0, 10).map((r) => (
                    <Typography.Text key={`${r.ticket}-${r.as}`} type="secondary">
                      {r.ticket} {r.stage}：{r.previousDue} → {r.due}
                    </Typography.Text>
                  ))}
                  {result.deadlines.timers.problem && <Typography.Text type="warning">{result.deadlines.timers.problem}</Typography.Text>}
                </Space>
              )}
            </Descriptions.Item>
          </Descriptions>
        </Space>
      ) : (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>发布后此版本不能再修改；服务器会再检查一遍整个城市包（规则、表单、流程），并把流程部署到流程引擎。</Typography.Text>
          <Space>
            <span>生效日期</span>
            <DatePicker data-testid="publish-date" allowClear={false} value={dayjs(effectiveFrom)} onChange={(d) => d && setEffectiveFrom(d.format('YYYY-MM-DD'))} />
            {effectiveFrom === today() && <Tag color="blue">今天起生效</Tag>}
          </Space>
          {dirty && <Typography.Text type="warning">有未保存的修改：发布前会先保存为草稿。</Typography.Text>}
          {blocked !== null && <Alert type="error" showIcon data-testid="publish-blocked" message={`不能发布：${blocked}`} />}
          {issues.length > 0 && (
            <List
              data-testid="publish-issues"
              size="small"
              bordered
              dataSource={issues.filter((i) => i.severity === 'error').slice(0, 30)}
              renderItem={(row) => (
                <List.Item
                  actions={[
                    <Button key="go" size="small" type="link" onClick={() => onGo(row)}>
                      去修改
                    </Button>,
                  ]}
                >
                  <Space direction="vertical" size={0}>
                    <Typography.Text type="secondary" title={`${row.file}${row.path ? ` ${row.path}` : ''}`}>
                      {row.file} · {row.place || '整个文件'}
                    </Typography.Text>
                    <span>{row.message}</span>
                  </Space>
                </List.Item>
              )}
            />
          )}
          {refusal !== null && (
            <Alert
              type="error"
              showIcon
              data-testid="publish-refused"
              message={refusal instanceof ApiError ? `服务器拒绝发布：${refusal.message.split('\n')[0]}（${refusal.code}）` : `发布失败：${refusal instanceof Error ? refusal.message : String(refusal)}`}
              description={
                serverIssues.length > 0 ? (
                  <ul data-testid="publish-server-issues" style={{ margin: 0, paddingLeft: 16 }}>
                    {serverIssues.slice(0, 30).map((i, n) => (
                      <li key={n} title={`${i.file}${i.path ? ` ${i.path}` : ''}`}>
                        {i.file} · {issueText(i)}
                      </li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
        </Space>
      )}
    </Modal>
  );
}

