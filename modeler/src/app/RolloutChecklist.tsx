// 上线检查: what the city still lacks before it can go live, for the implementer — working-day
// calendars for this year and the next, the rule versions still copied from another city, every value
// marked as an assumption (with its file and JSON path, and a link to the editor where it is
// confirmed), the processes' names, and (from the server) units and people for every role.
import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { PackVersion, RolloutChecklist as Checklist } from '../api';
import type { PackSource } from '../pack-source';
import type { RolloutGroup, RolloutItem } from '@hotline/pack-review';

const GROUPS: Array<{ key: RolloutGroup; title: string }> = [
  { key: 'copy', title: '复制来的城市包' },
  { key: 'calendar', title: '工作日历' },
  { key: 'organisation', title: '组织机构与人员' },
  { key: 'processes', title: '流程' },
  { key: 'assumptions', title: '待确认的假设' },
];
const STATUS = { missing: { color: 'red', text: '缺少' }, todo: { color: 'orange', text: '待处理' }, ok: { color: 'green', text: '已完成' } } as const;

export interface RolloutChecklistProps {
  /** Shown: checks again each time it is shown. */
  active: boolean;
  source: PackSource;
  city: string;
  version: PackVersion | null;
  /** Opens the editor where an item is fixed (the file and JSON path it names). */
  onGo(file: string, path: string): void;
}

export function RolloutChecklist({ active, source, city, version, onGo }: RolloutChecklistProps) {
  const [checklist, setChecklist] = useState<Checklist | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (version === null || !active) return;
    let live = true;
    setLoading(true);
    setError(null);
    source
      .checklist(city, version.number)
      .then((c) => live && setChecklist(c))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [active, source, city, version, generation]);

  if (version === null) return <Empty description="没有打开的版本" />;
  return (
    <div data-testid="rollout-checklist">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text>
          检查的是版本 <b>#{version.number}</b>（已保存的内容；未保存的修改请先保存）
        </Typography.Text>
        {checklist && (
          <Space data-testid="rollout-summary">
            <Tag color="red">缺少 {checklist.summary.missing}</Tag>
            <Tag color="orange">待处理 {checklist.summary.todo}</Tag>
            <Tag color="green">已完成 {checklist.summary.ok}</Tag>
          </Space>
        )}
        <Button size="small" icon={<ReloadOutlined />} onClick={() => setGeneration((g) => g + 1)} data-testid="rollout-reload">
          重新检查
        </Button>
        {loading && <Spin size="small" />}
      </Space>
      {source.kind === 'local' && <Alert type="info" showIcon style={{ marginBottom: 12 }} message="本地模式只检查城市包本身；组织机构和人员请在服务器上检查。" />}
      {error && <Alert type="error" showIcon message={`无法检查：${error}`} data-testid="rollout-error" />}
      {checklist &&
        GROUPS.map(({ key, title }) => {
          const items = checklist.items.filter((i) => i.group === key);
          if (items.length === 0) return null;
          const open = items.filter((i) => i.status !== 'ok').length;
          return (
            <Card key={key} size="small" style={{ marginBottom: 12 }} title={`${title}${open > 0 ? `（${open} 项未完成）` : '（已完成）'}`} data-testid={`rollout-group-${key}`}>
              <Table<RolloutItem>
                size="small"
                rowKey="key"
                pagination={{ pageSize: 20, hideOnSinglePage: true }}
                dataSource={[...items].sort((a, b) => (a.status === b.status ? 0 : a.status === 'ok' ? 1 : b.status === 'ok' ? -1 : a.status === 'missing' ? -1 : 1))}
                onRow={(item) => ({ 'data-testid': `rollout-item-${item.key}` }) as React.HTMLAttributes<HTMLElement>}
                columns={[
                  { title: '', width: 80, render: (_, i) => <Tag color={STATUS[i.status].color}>{STATUS[i.status].text}</Tag> },
                  {
                    title: '事项',
                    render: (_, i) => (
                      <Space direction="vertical" size={0}>
                        <span>{i.title}</span>
                        {i.detail && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{i.detail}</Typography.Text>}
                      </Space>
                    ),
                  },
                  { title: '位置', width: 300, render: (_, i) => (i.file ? <code>{`${i.file}${i.path ? ` ${i.path}` : ''}`}</code> : null) },
                  {
                    title: '',
                    width: 80,
                    render: (_, i) =>
                      i.file && i.status !== 'ok' ? (
                        <Button size="small" type="link" data-testid="rollout-go" onClick={() => onGo(i.file!, i.path ?? '')}>
                          去处理
                        </Button>
                      ) : null,
                  },
                ]}
              />
            </Card>
          );
        })}
    </div>
  );
}
