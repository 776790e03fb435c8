// 知识库: a unit's own entries (the centre's: the whole city), by the pack's category tree; 待更新 lists
// the entries due for update (flagged by the centre or expiring) with their due time, overdue marked.
import { Button, Card, Col, Row, Segmented, Table, Tag, Tree, Typography } from 'antd';
import { useState } from 'react';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { isCentre } from '../../app/navigation';
import { KnowledgeEditor, categoryTree } from './KnowledgeEditor';
import { type KnowledgeEntry, STATUS_COLORS, STATUS_LABELS, createKnowledgeEntry, knowledgeEntries, knowledgeSettings } from './knowledge-api';

const at = (iso: string) => new Date(iso).toLocaleString('zh-CN', { hour12: false, timeZone: 'Asia/Shanghai' });

export function UpdateDueTag({ entry }: { entry: KnowledgeEntry }) {
  if (!entry.updateDue) return null;
  return (
    <span data-testid="knowledge-due">
      <Tag color={entry.updateDue.overdue ? 'red' : 'orange'}>{entry.updateDue.overdue ? '已超期' : '待更新'}</Tag>
      <Typography.Text type={entry.updateDue.overdue ? 'danger' : 'secondary'}>
        {entry.updateDue.emergency ? '突发事件，' : ''}须于 {at(entry.updateDue.dueAt)} 前完成
      </Typography.Text>
    </span>
  );
}

export function KnowledgePage() {
  const { api, city, user } = useSession();
  const { navigate } = useRouter();
  const centre = isCentre(user.scope);
  const [scope, setScope] = useState<'all' | 'mine' | 'due'>(centre ? 'all' : 'mine');
  const [category, setCategory] = useState<string | undefined>(undefined);
  const [page, setPage] = useState(1);
  const [creating, setCreating] = useState(false);
  const settings = useAsync(() => knowledgeSettings(api, city), [city]);
  const list = useAsync((signal) => knowledgeEntries(api, city, { scope, ...(category ? { category } : {}), page, pageSize: 20 }, signal), [city, scope, category, page]);

  if (settings.loading && !settings.data) return <Loading label="正在加载知识库…" />;
  if (!settings.data) return <ErrorState error={settings.error} onRetry={settings.reload} />;

  return (
    <div data-testid="knowledge-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          知识库
        </Typography.Title>
        <Typography.Text type="secondary">
          承办单位对本单位知识信息的合法性、准确性、时效性负责；需更新的条目须在 {settings.data.updatePeriodText} 内完成，涉及突发事件的 {settings.data.emergencyUpdatePeriodText} 内完成；发布或调整与公众利益密切相关的政策，应提前 {settings.data.policyNoticeLeadText} 通报热线工作机构。
        </Typography.Text>
      </div>
      <Row gutter={16}>
        <Col xs={24} md={6}>
          <Card size="small" title="目录">
            <Tree
              treeData={categoryTree(settings.data.categories).map(function toTree(n): { key: string; title: string; children?: ReturnType<typeof toTree>[] } {
                return { key: n.value, title: n.title, ...(n.children ? { children: n.children.map(toTree) } : {}) };
              })}
              defaultExpandAll
              selectedKeys={category ? [category] : []}
              onSelect={(keys) => (setCategory(keys[0] ? String(keys[0]) : undefined), setPage(1))}
              data-testid="knowledge-tree"
            />
          </Card>
        </Col>
        <Col xs={24} md={18}>
          <Card
            size="small"
            title={
              <Segmented
                value={scope}
                onChange={(v) => (setScope(v as typeof scope), setPage(1))}
                options={[...(centre ? [{ value: 'all', label: '全部条目' }] : []), { value: 'mine', label: '本单位' }, { value: 'due', label: '待更新' }]}
                data-testid="knowledge-scope"
              />
            }
            extra={
              <Button type="primary" onClick={() => setCreating(true)} data-testid="knowledge-new">
                新建条目
              </Button>
            }
          >
            {list.error && !list.data ? <ErrorState error={list.error} onRetry={list.reload} /> : null}
            <Table<KnowledgeEntry>
              rowKey="id"
              size="small"
              loading={list.loading}
              dataSource={list.data?.items ?? []}
              locale={{ emptyText: scope === 'due' ? '没有待更新的条目' : '没有条目' }}
              pagination={{ current: page, pageSize: 20, total: list.data?.total ?? 0, onChange: setPage, showSizeChanger: false }}
              onRow={(r) => ({ onClick: () => navigate(`/knowledge/${r.id}`), style: { cursor: 'pointer' }, 'data-testid': 'knowledge-row' }) as never}
              columns={[
                { title: '编号', dataIndex: 'code', width: 110 },
                { title: '标题', render: (_, r) => r.latest.title },
                { title: '目录', render: (_, r) => r.latest.categoryPath.join(' / ') },
                { title: '提供单位', render: (_, r) => r.unit.name },
                { title: '状态', width: 150, render: (_, r) => <Tag color={STATUS_COLORS[r.latest.status]}>{`第${r.latest.version}版 ${STATUS_LABELS[r.latest.status]}`}</Tag> },
                { title: '有效期', width: 190, render: (_, r) => `${r.latest.effectiveFrom} 至 ${r.latest.expiresOn}` },
                { title: '更新要求', render: (_, r) => <UpdateDueTag entry={r} /> },
                { title: '浏览', dataIndex: 'views', width: 60 },
              ]}
            />
          </Card>
        </Col>
      </Row>
      <KnowledgeEditor
        open={creating}
        title="新建知识条目"
        settings={settings.data}
        onClose={() => setCreating(false)}
        onSave={async (draft) => {
          const created = await createKnowledgeEntry(api, city, draft);
          setCreating(false);
          navigate(`/knowledge/${created.entry.id}`);
        }}
      />
    </div>
  );
}
