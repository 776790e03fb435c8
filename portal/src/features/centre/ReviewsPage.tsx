// The reviewer's queues: returns, extensions, completions, 履职尽责说明 and 备案 awaiting a decision.
import { Tabs, Typography } from 'antd';
import { useRouter } from '../../app/router';
import { InboxPage } from '../inbox/InboxPage';

const QUEUES = [
  { key: 'returnReview', label: '退回审核' },
  { key: 'extensionReview', label: '延期审核' },
  { key: 'completionReview', label: '办结审核' },
  { key: 'dutyStatementReview', label: '履职尽责说明审核' },
  { key: 'filingReview', label: '备案审核' },
] as const;

export function ReviewsPage() {
  const { location, navigate } = useRouter();
  const queue = new URLSearchParams(location.search).get('queue') ?? 'returnReview';
  const active = QUEUES.find((q) => q.key === queue) ?? QUEUES[0];
  return (
    <div data-testid="reviews-page">
      <div className="page-head">
        <Typography.Title level={4} style={{ margin: 0 }}>
          审核
        </Typography.Title>
        <Typography.Text type="secondary">承办单位提出的退回、延期申请、办结申请、履职尽责说明和无法解决事项备案</Typography.Text>
      </div>
      <Tabs
        activeKey={active.key}
        onChange={(key) => navigate(`/reviews?queue=${key}`, { replace: true })}
        items={QUEUES.map((q) => ({ key: q.key, label: <span data-testid={`queue-${q.key}`}>{q.label}</span> }))}
      />
      <InboxPage key={active.key} title={active.label} fixed={{ form: active.key }} testId={`queue-${active.key}-list`} embedded />
    </div>
  );
}
