// 迁移在办工单: when a regulation applies to tickets already open, policy staff move the open tickets
// on older pack versions to a published one. The dialog previews what would move (each ticket's
// waiting steps and where they map, the deadlines that change) and what cannot (with the server's
// reasons), then applies it and shows, per ticket, what moved and what was refused.
import { Alert, Button, Checkbox, List, Modal, Space, Spin, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, useEffect, useState } from 'react';
import type { HotlineApi } from '../api';
import { apiErrorText } from '../i18n/api-errors';
import { type MigrationRows, type MovingTicket, type RefusedTicket, previewRows, resultRows } from '../state/migration';

export interface MigrationDialogProps {
  open: boolean;
  api: HotlineApi;
  city: string;
  /** The published version the tickets move to. */
  version: number;
  onClose(): void;
}

function TicketsTable({ rows, testId }: { rows: MovingTicket[]; testId: string }) {
  return (
    <Table<MovingTicket>
      data-testid={testId}
      size="small"
      rowKey="ticket"
      pagination={rows.length > 20 ? { pageSize: 20 } : false}
      dataSource={rows}
      onRow={(row) => ({ 'data-testid': `migration-row-${row.ticket}` }) as HTMLAttributes<HTMLElement>}
      columns={[
        { title: '工单编号', dataIndex: 'ticket', key: 'ticket' },
        { title: '当前版本', key: 'from', render: (_, row) => `#${row.fromPackVersion}` },
        {
          title: '等待环节 → 新流程环节',
          key: 'steps',
          render: (_, row) => (
            <Space direction="vertical" size={0}>
              {row.steps.map((s) => (
                <span key={s.elementId} title={s.elementId}>
                  {s.name} → <code>{s.targetElementId ?? '无对应环节'}</code>
                </span>
              ))}
            </Space>
          ),
        },
        {
          title: '时限变化（北京时间）',
          key: 'deadlines',
          render: (_, row) =>
            row.deadlines.length === 0 ? (
              <Typography.Text type="secondary">不变</Typography.Text>
            ) : (
              <Space direction="vertical" size={0} data-testid={`migration-deadlines-${row.ticket}`}>
                {row.deadlines.map((d) => (
                  <span key={d.stage}>
                    {d.stage}：{d.from} → {d.to}
                    {d.provisional && <Tag style={{ marginLeft: 4 }}>暂定</Tag>}
                  </span>
                ))}
              </Space>
            ),
        },
      ]}
    />
  );
}

function RefusedList({ rows, testId }: { rows: RefusedTicket[]; testId: string }) {
  return (
    <List<RefusedTicket>
      data-testid={testId}
      size="small"
      bordered
      dataSource={rows}
      renderItem={(row) => (
        <List.Item data-testid={`migration-refused-${row.ticket}`}>
          <Space direction="vertical" size={0}>
            <Typography.Text strong>
              {row.ticket}
              {row.fromPackVersion !== null && <Typography.Text type="secondary">（当前版本 #{row.fromPackVersion}）</Typography.Text>}
            </Typography.Text>
            {row.reasons.map((r, n) => (
              <Typography.Text key={n} type="danger">
                {r}
              </Typography.Text>
            ))}
          </Space>
        </List.Item>
      )}
    />
  );
}

export function MigrationDialog({ open, api, city, version, onClose }: MigrationDialogProps) {
  const [recompute, setRecompute] = useState(true);
  const [preview, setPreview] = useState<MigrationRows | null>(null);
  const [ruleVersion, setRuleVersion] = useState<string | null>(null);
  const [result, setResult] = useState<MigrationRows | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [applying, setApplying] = useState(false);

  useEffect(() => {
    if (open) setResult(null);
  }, [open, version]);

  useEffect(() => {
    if (!open || result) return;
    let live = true;
    setLoading(true);
    setError(null);
    api
      .previewMigration(city, version, { recomputeDeadlines: recompute })
      .then((p) => {
        if (!live) return;
        setPreview(previewRows(p));
        setRuleVersion(p.ruleVersion);
      })
      .catch((e: unknown) => {
        if (!live) return;
        setPreview(null);
        setError(apiErrorText('预览迁移', e));
      })
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [open, api, city, version, recompute, result]);

  const apply = async () => {
    setApplying(true);
    setError(null);
    try {
      setResult(resultRows(await api.applyMigration(city, version, { recomputeDeadlines: recompute })));
    } catch (e) {
      setError(apiErrorText('迁移在办工单', e));
    } finally {
      setApplying(false);
    }
  };

  const footer = result
    ? [
        <Button key="close" type="primary" data-testid="migration-close" onClick={onClose}>
          完成
        </Button>,
      ]
    : [
        <Button key="cancel" data-testid="migration-cancel" onClick={onClose}>
          取消
        </Button>,
        <Button
          key="ok"
          type="primary"
          danger
          data-testid="migration-confirm"
          disabled={loading || !preview || preview.moving.length === 0}
          loading={applying}
          onClick={() => void apply()}
        >
          确认迁移
        </Button>,
      ];

  return (
    <Modal title={`迁移在办工单到版本 #${version}`} open={open} onCancel={onClose} footer={footer} width={960} destroyOnHidden>
      <Space direction="vertical" style={{ width: '100%' }} data-testid="migration-dialog">
        {error !== null && <Alert type="error" showIcon data-testid="migration-error" message={error} />}
        {result ? (
          <Space direction="vertical" style={{ width: '100%' }} data-testid="migration-result">
            <Alert
              type={result.refused.length === 0 ? 'success' : 'warning'}
              showIcon
              message={`已迁移 ${result.moving.length} 张工单${result.refused.length > 0 ? `，${result.refused.length} 张未迁移（保持原样）` : ''}`}
            />
            {result.moving.length > 0 && <TicketsTable rows={result.moving} testId="migration-moved" />}
            {result.refused.length > 0 && (
              <>
                <Typography.Title level={5}>未迁移的工单</Typography.Title>
                <RefusedList rows={result.refused} testId="migration-result-refused" />
              </>
            )}
          </Space>
        ) : (
          <>
            <Typography.Text>
              在办工单默认按登记时的版本办理。迁移后，工单按版本 #{version} 的流程继续办理；未办结的环节按环节编号对应到新流程。
            </Typography.Text>
            <Checkbox data-testid="migration-recompute" checked={recompute} disabled={loading || applying} onChange={(e) => setRecompute(e.target.checked)}>
              按新规则重新计算时限
            </Checkbox>
            {recompute && ruleVersion && <Typography.Text type="secondary">时限按规则版本 {ruleVersion} 重新计算（同一起算时刻）。</Typography.Text>}
            {loading ? (
              <Spin tip="正在预览……">
                <div style={{ minHeight: 80 }} />
              </Spin>
            ) : (
              preview && (
                <>
                  <Typography.Title level={5}>将迁移的工单（{preview.moving.length}）</Typography.Title>
                  {preview.moving.length === 0 ? (
                    <Typography.Text type="secondary" data-testid="migration-none">
                      没有可以迁移的在办工单
                    </Typography.Text>
                  ) : (
                    <TicketsTable rows={preview.moving} testId="migration-table" />
                  )}
                  {preview.refused.length > 0 && (
                    <>
                      <Typography.Title level={5}>不能迁移的工单（{preview.refused.length}）</Typography.Title>
                      <RefusedList rows={preview.refused} testId="migration-refused" />
                    </>
                  )}
                </>
              )
            )}
          </>
        )}
      </Space>
    </Modal>
  );
}
