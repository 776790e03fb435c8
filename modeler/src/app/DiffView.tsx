// 版本比较: two versions of the city's pack side by side — the deadline rules as a table (stage ×
// type × urgency, old period → new period), the other changed rule values with their JSON path, the
// changed process elements, the changed forms, and any changed file's text in two panes. Stored
// versions are compared by the source (the server's diff endpoint); the edits not saved yet are
// compared here, with the same code.
import { SwapOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, List, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import { useEffect, useMemo, useState } from 'react';
import type { PackFile } from '@hotline/rules';
import type { PackVersion, VersionDiff } from '../api';
import { cellText, diffPacks, type DeadlineCellChange, type JsonChange } from '@hotline/pack-review';
import { STAGE_LABELS, STATUS_LABELS, TICKET_TYPE_LABELS, label } from '../i18n/labels';
import type { PackSource } from '../pack-source';
import { readJson } from '../state/pack-files';

export const WORKING_COPY = 0;

export interface DiffViewProps {
  /** Shown: compares only then (the tab stays mounted while hidden). */
  active: boolean;
  source: PackSource;
  city: string;
  versions: readonly PackVersion[];
  /** The version open in the editors, and its files as edited (compared as “当前编辑内容”). */
  open: PackVersion | null;
  files: readonly PackFile[];
  dirty: boolean;
  /** The version in force (the default “old” side). */
  inForce: PackVersion | null;
}

const CHANGE = { added: { color: 'green', text: '新增' }, removed: { color: 'red', text: '删除' }, changed: { color: 'orange', text: '修改' } } as const;

function versionLabel(v: PackVersion): string {
  return `#${v.number} ${STATUS_LABELS[v.status].text}${v.effectiveFrom ? `（${v.effectiveFrom} 起）` : ''}`;
}

function valueText(value: unknown): string {
  if (value === undefined) return '—';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 160 ? `${text.slice(0, 157)}…` : text;
}

/** Two texts side by side; lines only one side has are marked. */
function SideBySide({ path, before, after }: { path: string; before: string | undefined; after: string | undefined }) {
  const left = (before ?? '').split('\n');
  const right = (after ?? '').split('\n');
  const inLeft = new Set(left);
  const inRight = new Set(right);
  const pane = (lines: string[], other: Set<string>, color: string, testId: string, missing: boolean) => (
    <pre data-testid={testId} className="diff-pane">
      {missing ? <span className="diff-missing">（此版本中没有 {path}）</span> : lines.map((line, i) => (
        <div key={i} style={other.has(line) ? undefined : { background: color }}>
          <span className="diff-line-no">{i + 1}</span>
          {line || ' '}
        </div>
      ))}
    </pre>
  );
  return (
    <div className="diff-side-by-side" data-testid="diff-file-view">
      {pane(left, inRight, '#ffecec', 'diff-file-old', before === undefined)}
      {pane(right, inLeft, '#eaffea', 'diff-file-new', after === undefined)}
    </div>
  );
}

export function DiffView({ active, source, city, versions, open, files, dirty, inForce }: DiffViewProps) {
  const defaultTo = dirty ? WORKING_COPY : (open?.number ?? versions.at(-1)?.number ?? WORKING_COPY);
  const defaultFrom = (inForce && inForce.number !== defaultTo ? inForce.number : versions.filter((v) => v.number !== defaultTo).at(-1)?.number) ?? versions[0]?.number ?? 1;
  const [from, setFrom] = useState<number>(defaultFrom);
  const [to, setTo] = useState<number>(defaultTo);
  const [diff, setDiff] = useState<VersionDiff | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [filePath, setFilePath] = useState<string | null>(null);
  const [texts, setTexts] = useState<{ before: PackFile[]; after: PackFile[] } | null>(null);

  useEffect(() => {
    setFrom(defaultFrom);
    setTo(defaultTo);
    // a new city or a newly opened version: start from its defaults again
  }, [city, open?.number]);

  const workingKey = to === WORKING_COPY ? files : null;
  useEffect(() => {
    if (!active) return;
    let live = true;
    setLoading(true);
    setError(null);
    setFilePath(null);
    setTexts(null);
    const load = async (): Promise<VersionDiff> => {
      if (to !== WORKING_COPY) return source.diff(city, from, to);
      const before = await source.readVersion(city, from);
      const { createBpmnReader } = await import('../lazy-pack-review');
      const fromVersion = versions.find((v) => v.number === from)!;
      const working: PackVersion = { ...(open ?? fromVersion), number: WORKING_COPY, status: 'draft', source: '当前编辑内容' };
      return { from: fromVersion, to: working, ...(await diffPacks(before, files, createBpmnReader())) };
    };
    load()
      .then((d) => live && setDiff(d))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)))
      .finally(() => live && setLoading(false));
    return () => {
      live = false;
    };
  }, [active, source, city, from, to, workingKey]);

  const showFile = (path: string) => {
    setFilePath(path);
    if (texts) return;
    void Promise.all([source.readVersion(city, from), to === WORKING_COPY ? Promise.resolve([...files]) : source.readVersion(city, to)]).then(([before, after]) =>
      setTexts({ before, after }),
    );
  };

  const urgencyLabels = useMemo(() => {
    const read = readJson<{ urgencyClasses?: Array<{ key: string; label: string }> }>(files, 'city.json');
    return new Map((read.ok ? (read.value.urgencyClasses ?? []) : []).map((u) => [u.key, u.label]));
  }, [files]);

  const options = [
    ...versions.map((v) => ({ value: v.number, label: versionLabel(v) })),
    ...(dirty || open?.status === 'draft' ? [{ value: WORKING_COPY, label: '当前编辑内容（未保存的修改）' }] : []),
  ];
  const fromLabel = versions.find((v) => v.number === from);
  const toLabel = to === WORKING_COPY ? '当前编辑内容' : `#${to}`;

  return (
    <div data-testid="diff-view">
      <Space style={{ marginBottom: 12 }} wrap>
        <Typography.Text strong>旧版本</Typography.Text>
        <Select data-testid="diff-from" style={{ width: 260 }} value={from} options={options.filter((o) => o.value !== WORKING_COPY)} onChange={(v: number) => setFrom(v)} />
        <Button
          icon={<SwapOutlined />}
          data-testid="diff-swap"
          disabled={to === WORKING_COPY}
          onClick={() => {
            setFrom(to);
            setTo(from);
          }}
        />
        <Typography.Text strong>新版本</Typography.Text>
        <Select data-testid="diff-to" style={{ width: 300 }} value={to} options={options} onChange={(v: number) => setTo(v)} />
        {loading && <Spin size="small" />}
      </Space>
      {error && <Alert type="error" showIcon message={`无法比较：${error}`} data-testid="diff-error" />}
      {diff && !error && (
        <Space direction="vertical" style={{ width: '100%' }} size="middle">
          <Space wrap data-testid="diff-summary">
            <Tag>办理时限变化 {diff.rules.deadlines.changes.length} 项</Tag>
            <Tag>其他规则变化 {diff.rules.changes.length} 处</Tag>
            <Tag>流程元素变化 {diff.processes.reduce((n, p) => n + p.added.length + p.removed.length + p.changed.length, 0)} 个</Tag>
            <Tag>表单变化 {diff.forms.length} 个</Tag>
            <Tag>文件：新增 {diff.files.added.length}，删除 {diff.files.removed.length}，修改 {diff.files.changed.length}</Tag>
          </Space>
          {diff.files.added.length + diff.files.removed.length + diff.files.changed.length === 0 && <Empty description="两个版本完全相同" data-testid="diff-empty" />}

          <Card size="small" title={`办理时限（${fromLabel ? `#${fromLabel.number}` : from} → ${toLabel}）`} data-testid="diff-deadlines-card">
            {(diff.rules.deadlines.addedVersions.length > 0 || diff.rules.deadlines.removedVersions.length > 0) && (
              <Alert
                type="info"
                showIcon
                style={{ marginBottom: 8 }}
                message={[
                  diff.rules.deadlines.addedVersions.length > 0 ? `新增规则版本：${diff.rules.deadlines.addedVersions.join('、')}` : '',
                  diff.rules.deadlines.removedVersions.length > 0 ? `删除规则版本：${diff.rules.deadlines.removedVersions.join('、')}` : '',
                ].filter(Boolean).join('；')}
              />
            )}
            <Table<DeadlineCellChange>
              data-testid="diff-deadlines"
              size="small"
              pagination={{ pageSize: 50, hideOnSinglePage: true }}
              rowKey={(r) => `${r.ruleVersion}-${r.stage}-${r.type}-${r.urgency}`}
              onRow={(r) => ({ 'data-testid': `diff-deadline-${r.stage}-${r.type}-${r.urgency}` }) as React.HTMLAttributes<HTMLElement>}
              dataSource={diff.rules.deadlines.changes}
              locale={{ emptyText: '办理时限没有变化' }}
              columns={[
                { title: '规则版本', dataIndex: 'ruleVersion', width: 90 },
                { title: '阶段', width: 120, render: (_, r) => label(STAGE_LABELS, r.stage) },
                { title: '诉求类型', width: 100, render: (_, r) => label(TICKET_TYPE_LABELS, r.type) },
                { title: '紧急程度', width: 180, render: (_, r) => urgencyLabels.get(r.urgency) ?? r.urgency },
                { title: '旧', render: (_, r) => <Typography.Text delete type="secondary" data-testid="diff-old">{cellText(r.from)}</Typography.Text> },
                { title: '新', render: (_, r) => <Typography.Text strong data-testid="diff-new">{cellText(r.to)}</Typography.Text> },
              ]}
            />
          </Card>

          <Card size="small" title="其他规则、城市和日历的变化" data-testid="diff-json-card">
            <Table<JsonChange & { file: string }>
              data-testid="diff-json"
              size="small"
              pagination={{ pageSize: 30, hideOnSinglePage: true }}
              rowKey={(r) => `${r.file}${r.path}`}
              dataSource={diff.rules.changes}
              locale={{ emptyText: '没有其他变化' }}
              columns={[
                { title: '文件', dataIndex: 'file', width: 200 },
                { title: '位置', dataIndex: 'path', width: 260, render: (p: string) => <code>{p || '/'}</code> },
                { title: '', width: 70, render: (_, r) => <Tag color={CHANGE[r.change].color}>{CHANGE[r.change].text}</Tag> },
                { title: '旧', render: (_, r) => <Typography.Text type="secondary">{valueText(r.from)}</Typography.Text> },
                { title: '新', render: (_, r) => valueText(r.to) },
              ]}
            />
          </Card>

          <Card size="small" title="流程" data-testid="diff-processes">
            {diff.processes.length === 0 ? (
              <Typography.Text type="secondary">流程没有变化</Typography.Text>
            ) : (
              diff.processes.map((p) => (
                <div key={p.file} style={{ marginBottom: 8 }}>
                  <Typography.Text strong>{p.file}</Typography.Text> {p.status !== 'changed' && <Tag>{p.status === 'unreadable' ? `无法读取：${p.error}` : p.status === 'added' ? '新增' : '删除'}</Tag>}
                  <List
                    size="small"
                    dataSource={[
                      ...p.added.map((e) => ({ e, kind: 'added' as const, detail: '' })),
                      ...p.removed.map((e) => ({ e, kind: 'removed' as const, detail: '' })),
                      ...p.changed.map((e) => ({ e, kind: 'changed' as const, detail: e.properties.join('、') })),
                    ]}
                    renderItem={({ e, kind, detail }) => (
                      <List.Item data-testid={`diff-element-${e.id}`}>
                        <Space>
                          <Tag color={CHANGE[kind].color}>{CHANGE[kind].text}</Tag>
                          <code>{e.id}</code>
                          <Typography.Text type="secondary">{e.type.replace(/^bpmn:/, '')}</Typography.Text>
                          {e.name && <span>{e.name}</span>}
                          {detail && <Typography.Text type="secondary">（{detail}）</Typography.Text>}
                        </Space>
                      </List.Item>
                    )}
                  />
                </div>
              ))
            )}
          </Card>

          <Card size="small" title="表单" data-testid="diff-forms">
            {diff.forms.length === 0 ? (
              <Typography.Text type="secondary">表单没有变化</Typography.Text>
            ) : (
              <List
                size="small"
                dataSource={diff.forms}
                renderItem={(f) => (
                  <List.Item data-testid={`diff-form-${f.file}`}>
                    <Space direction="vertical" size={0}>
                      <Space>
                        <Tag color={CHANGE[f.status].color}>{CHANGE[f.status].text}</Tag>
                        <code>{f.file}</code>
                      </Space>
                      {f.changes.slice(0, 10).map((c, i) => (
                        <Typography.Text key={i} type="secondary">
                          <code>{c.path || '/'}</code> {CHANGE[c.change].text}：{valueText(c.from)} → {valueText(c.to)}
                        </Typography.Text>
                      ))}
                    </Space>
                  </List.Item>
                )}
              />
            )}
          </Card>

          <Card size="small" title="文件（点击查看两个版本的内容）" data-testid="diff-files">
            <Space wrap>
              {(['added', 'removed', 'changed'] as const).flatMap((kind) =>
                diff.files[kind].map((path) => (
                  <Button key={path} size="small" data-testid={`diff-file-${path}`} type={filePath === path ? 'primary' : 'default'} onClick={() => showFile(path)}>
                    <Tag color={CHANGE[kind].color}>{CHANGE[kind].text}</Tag>
                    {path}
                  </Button>
                )),
              )}
            </Space>
            {filePath && texts && (
              <SideBySide path={filePath} before={texts.before.find((f) => f.path === filePath)?.text} after={texts.after.find((f) => f.path === filePath)?.text} />
            )}
          </Card>
        </Space>
      )}
    </div>
  );
}
