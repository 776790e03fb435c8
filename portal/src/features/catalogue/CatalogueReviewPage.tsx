// 派单目录审核: the version submitted for review against the published one — the entries it adds,
// removes and changes — approved (it is published, the previous one retired) or sent back with a
// comment. Whoever submitted a version may not review it.
import { Alert, App as AntApp, Button, Card, Input, Space, Table, Tag, Typography } from 'antd';
import { type HTMLAttributes, type ReactNode, useMemo, useState } from 'react';
import type { CatalogueEntry, EntryView } from '../../api/catalogue-types';
import { describeError } from '../../api/errors';
import { diffEntries, ENTRY_FIELD_LABELS } from '../../lib/catalogue';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { entryColumns } from './EntriesTable';
import { StatusTag, VersionHistory } from './shared';

const show = (e: EntryView, field: keyof CatalogueEntry): string => {
  if (field === 'leadUnit') return e.leadUnitName;
  if (field === 'assistingUnits') return e.assistingUnitNames.join('、') || '—';
  if (field === 'effectiveTo') return e.effectiveTo ?? '长期';
  return String(e[field] ?? '—');
};

function Section({ title, count, children, testId }: { title: string; count: number; children: ReactNode; testId: string }) {
  return (
    <Card size="small" title={`${title}（${count} 条）`} data-testid={testId}>
      {children}
    </Card>
  );
}

export function CatalogueReviewPage() {
  const { api, city, user } = useSession();
  const { message } = AntApp.useApp();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState<'approve' | 'reject' | null>(null);
  const [failure, setFailure] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const data = useAsync(
    async (signal) => {
      const overview = await api.catalogue(city, signal);
      const [review, published] = await Promise.all([
        overview.inReview ? api.catalogueVersion(city, overview.inReview.id, signal) : null,
        overview.published ? api.catalogueVersion(city, overview.published.id, signal) : null,
      ]);
      return { overview, review, published };
    },
    [city],
  );
  const diff = useMemo(() => (data.data?.review ? diffEntries(data.data.published?.entries ?? [], data.data.review.entries) : null), [data.data]);

  if (data.error && !data.data) return <ErrorState error={data.error} onRetry={data.reload} />;
  if (!data.data) return <Loading />;
  const { review, published } = data.data;

  const decide = async (decision: 'approve' | 'reject') => {
    if (!review) return;
    if (decision === 'reject' && !comment.trim()) {
      setFailure('退回时请填写审核意见，说明需要修改的地方。');
      return;
    }
    setBusy(decision);
    setFailure(null);
    try {
      await api.reviewCatalogue(city, review.version.id, decision, comment.trim() || undefined);
      const said = decision === 'approve' ? '审核通过，新目录已发布' : '已退回修改';
      message.success(said);
      setDone(said);
      setComment('');
      data.reload();
    } catch (e) {
      setFailure(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  // a row number of one version means nothing beside the other's
  const columns = entryColumns().filter((c) => !('dataIndex' in c && c.dataIndex === 'row'));
  // the server names people by their display name
  const ownSubmission = review !== null && (review.version.submittedBy === user.name || review.version.submittedBy === user.username);
  return (
    <div data-testid="catalogue-review-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          派单目录审核
        </Typography.Title>
        <Typography.Text type="secondary">审核提交的目录版本：与现行目录相比新增、删除和变更的条目</Typography.Text>
      </div>
      {done ? <Alert type="success" showIcon message={done} style={{ marginBottom: 12 }} data-testid="review-done" /> : null}
      {!review || !diff ? (
        <EmptyState testId="review-none" description="没有待审核的目录版本" />
      ) : (
        <Space direction="vertical" size={16} style={{ width: '100%' }}>
          <Card size="small" title="待审核版本" extra={<StatusTag version={review.version} />}>
            <VersionHistory version={review.version} />
            {published ? (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                现行目录 {published.version.entryCount} 条；待审核版本 {review.version.entryCount} 条。
              </Typography.Paragraph>
            ) : (
              <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
                尚无现行目录：全部条目为新增。
              </Typography.Paragraph>
            )}
          </Card>
          <Section title="新增" count={diff.added.length} testId="diff-added">
            <Table<EntryView> rowKey="row" size="small" pagination={false} columns={columns} dataSource={diff.added} onRow={rowId('diff-added-row')} locale={{ emptyText: '无' }} />
          </Section>
          <Section title="删除" count={diff.removed.length} testId="diff-removed">
            <Table<EntryView> rowKey="row" size="small" pagination={false} columns={columns} dataSource={diff.removed} onRow={rowId('diff-removed-row')} locale={{ emptyText: '无' }} />
          </Section>
          <Section title="变更" count={diff.changed.length} testId="diff-changed">
            <Table
              rowKey={(c) => c.after.row}
              size="small"
              pagination={false}
              dataSource={diff.changed}
              onRow={(c) => ({ 'data-testid': 'diff-changed-row', 'data-matter': c.after.matter }) as HTMLAttributes<HTMLElement>}
              locale={{ emptyText: '无' }}
              columns={[
                { title: '诉求事项', key: 'matter', render: (_, c) => c.after.matterLabel },
                { title: '区划', key: 'place', width: 140, render: (_, c) => c.after.placeName ?? '全市' },
                {
                  title: '变更内容',
                  key: 'fields',
                  render: (_, c) => (
                    <Space direction="vertical" size={0}>
                      {c.fields.map((f) => (
                        <span key={f}>
                          <Tag>{ENTRY_FIELD_LABELS[f]}</Tag>
                          <Typography.Text delete type="secondary">
                            {show(c.before, f)}
                          </Typography.Text>{' '}
                          → <Typography.Text strong>{show(c.after, f)}</Typography.Text>
                        </span>
                      ))}
                    </Space>
                  ),
                },
              ]}
            />
          </Section>
          <Card size="small" title="审核意见">
            {ownSubmission ? (
              <Alert type="warning" showIcon style={{ marginBottom: 12 }} data-testid="review-own" message="该版本由您本人提交，不能由您审核，请由其他审核人审核。" />
            ) : null}
            <Input.TextArea rows={3} maxLength={1000} showCount value={comment} onChange={(e) => setComment(e.target.value)} placeholder="审核意见（退回时必填）" disabled={ownSubmission} data-testid="review-comment" />
            {failure ? <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} data-testid="review-error" /> : null}
            <Space style={{ marginTop: 12 }}>
              <Button type="primary" onClick={() => void decide('approve')} loading={busy === 'approve'} disabled={ownSubmission || busy !== null} data-testid="review-approve">
                通过并发布
              </Button>
              <Button danger onClick={() => void decide('reject')} loading={busy === 'reject'} disabled={ownSubmission || busy !== null} data-testid="review-reject">
                退回
              </Button>
            </Space>
          </Card>
        </Space>
      )}
    </div>
  );
}

const rowId = (testId: string) => (e: EntryView) => ({ 'data-testid': testId, 'data-matter': e.matter }) as HTMLAttributes<HTMLElement>;
