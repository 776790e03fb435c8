// 派单目录: the published catalogue (searchable, filterable, exportable), the draft edited in place
// (or the version in review, read-only), and how the catalogue does in dispatching (分析).
import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Col, Row, Space, Tabs, Typography } from 'antd';
import { useRef, useState } from 'react';
import type { CatalogueVersion } from '../../api/catalogue-types';
import { describeError } from '../../api/errors';
import { chinaDay } from '../../pack/pack-info';
import { useRouter } from '../../app/router';
import { useSession } from '../../app/session';
import { EmptyState, ErrorState, Loading } from '../../app/states';
import { useAsync } from '../../app/use-async';
import { DraftEditor } from './DraftEditor';
import { EntriesTable } from './EntriesTable';
import { FiguresPanel } from './FiguresPanel';
import { download, StatusTag, usePlaces, VersionHistory } from './shared';

const TABS = ['published', 'draft', 'figures'] as const;
type Tab = (typeof TABS)[number];

function VersionCard({ title, version, testId }: { title: string; version: CatalogueVersion | null; testId: string }) {
  return (
    <Card size="small" title={title} data-testid={testId} extra={version ? <StatusTag version={version} /> : null}>
      {version ? <VersionHistory version={version} /> : <Typography.Text type="secondary">无</Typography.Text>}
    </Card>
  );
}

export function CataloguePage() {
  const { api, city } = useSession();
  const { location, navigate } = useRouter();
  const tab: Tab = TABS.find((t) => t === new URLSearchParams(location.search).get('tab')) ?? 'published';
  const overview = useAsync((signal) => api.catalogue(city, signal), [city]);
  const o = overview.data;
  return (
    <div data-testid="catalogue-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          派单目录
        </Typography.Title>
        <Typography.Text type="secondary">诉求事项、区划 → 承办单位（主办、协办）及权责清单依据；草稿经审核后发布</Typography.Text>
      </div>
      {overview.error && !o ? (
        <ErrorState error={overview.error} onRetry={overview.reload} />
      ) : !o ? (
        <Loading />
      ) : (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 12 }}>
            <Col xs={24} md={8}>
              <VersionCard title="现行目录" version={o.published} testId="version-published" />
            </Col>
            <Col xs={24} md={8}>
              <VersionCard title="审核中" version={o.inReview} testId="version-review" />
            </Col>
            <Col xs={24} md={8}>
              <VersionCard title="草稿" version={o.draft} testId="version-draft" />
            </Col>
          </Row>
          <Tabs
            activeKey={tab}
            onChange={(key) => navigate(`/catalogue?tab=${key}`, { replace: true })}
            items={[
              { key: 'published', label: <span data-testid="tab-published">现行目录</span> },
              { key: 'draft', label: <span data-testid="tab-draft">草稿编辑</span> },
              { key: 'figures', label: <span data-testid="tab-figures">分析</span> },
            ]}
          />
          {tab === 'published' ? <Published version={o.published} /> : null}
          {tab === 'draft' ? <Draft draft={o.draft} inReview={o.inReview} onChanged={overview.reload} /> : null}
          {tab === 'figures' ? <FiguresPanel /> : null}
        </>
      )}
    </div>
  );
}

function Published({ version }: { version: CatalogueVersion | null }) {
  const { api, city } = useSession();
  const [failure, setFailure] = useState<string | null>(null);
  const detail = useAsync((signal) => (version ? api.catalogueVersion(city, version.id, signal) : Promise.resolve(null)), [city, version?.id]);
  if (!version) return <EmptyState testId="published-empty" description="尚未发布派单目录：在“草稿编辑”中新建草稿，提交审核通过后发布" />;
  if (detail.error && !detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data) return <Loading />;
  const exportFile = async () => {
    setFailure(null);
    try {
      download(await api.exportCatalogue(city, version.id), `派单目录-${chinaDay()}.xlsx`);
    } catch (e) {
      setFailure(describeError(e));
    }
  };
  return (
    <Space direction="vertical" style={{ width: '100%' }}>
      <Button icon={<DownloadOutlined />} onClick={() => void exportFile()} data-testid="published-export">
        导出 xlsx
      </Button>
      {failure ? <Alert type="error" showIcon message={failure} /> : null}
      <EntriesTable entries={detail.data.entries} testId="published-entries" empty="现行目录没有条目" />
    </Space>
  );
}

/** A number that changes whenever `value` is a new object (a reloaded draft remounts its editor). */
function useGeneration(value: unknown): number {
  const last = useRef<{ value: unknown; n: number }>({ value, n: 0 });
  if (last.current.value !== value) last.current = { value, n: last.current.n + 1 };
  return last.current.n;
}

function Draft({ draft, inReview, onChanged }: { draft: CatalogueVersion | null; inReview: CatalogueVersion | null; onChanged(): void }) {
  const { api, city } = useSession();
  const { message } = AntApp.useApp();
  const places = usePlaces();
  const [creating, setCreating] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const shown = draft ?? inReview;
  const detail = useAsync((signal) => (shown ? api.catalogueVersion(city, shown.id, signal) : Promise.resolve(null)), [city, shown?.id]);
  const generation = useGeneration(detail.data);
  const changed = () => {
    onChanged();
    detail.reload();
  };

  if (!shown) {
    const create = async () => {
      setCreating(true);
      setFailure(null);
      try {
        await api.createCatalogueDraft(city);
        message.success('已新建草稿（复制现行目录）');
        onChanged();
      } catch (e) {
        setFailure(describeError(e));
      } finally {
        setCreating(false);
      }
    };
    return (
      <EmptyState testId="draft-none" description="没有草稿。新建草稿将复制现行目录，修改后提交审核。">
        <Button type="primary" icon={<PlusOutlined />} loading={creating} onClick={() => void create()} data-testid="draft-create">
          新建草稿
        </Button>
        {failure ? <Alert type="error" showIcon message={failure} style={{ marginTop: 12 }} /> : null}
      </EmptyState>
    );
  }
  if (detail.error && !detail.data) return <ErrorState error={detail.error} onRetry={detail.reload} />;
  if (!detail.data || detail.data.version.id !== shown.id) return <Loading />;
  if (!draft) {
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        <Alert type="info" showIcon data-testid="draft-in-review" message="该版本正在审核中，审核通过即发布；退回后可继续修改。" />
        <EntriesTable entries={detail.data.entries} testId="review-entries" empty="该版本没有条目" />
      </Space>
    );
  }
  // a plain block, not a Space: the editor's wide table must scroll inside the page, not widen it
  return (
    <div style={{ minWidth: 0 }}>
      {draft.reviewComment && draft.reviewedBy ? (
        <Alert type="warning" showIcon data-testid="draft-returned" message={`审核退回（${draft.reviewedBy}）：${draft.reviewComment}`} style={{ marginBottom: 12 }} />
      ) : null}
      <DraftEditor key={`${draft.id}-${generation}`} version={draft} entries={detail.data.entries} places={places} onChanged={changed} />
    </div>
  );
}
