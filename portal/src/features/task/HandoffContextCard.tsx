// 交接信息: what the person on this task needs from earlier steps (the unit's reply and its basis on a
// return visit, why the caller was dissatisfied on rework, the whole record on supervision). The pack's
// form file declares the items and the server resolves them; this card shows whatever comes, for any task.
import { Card, Descriptions, Empty, Timeline, Typography } from 'antd';
import type { HandoffContext, HandoffContextItem } from '../../api/types';
import { formatInstant } from '../../lib/due';

function Value({ item }: { item: HandoffContextItem }) {
  if (item.value === null) return <Typography.Text type="secondary">（暂无）</Typography.Text>;
  return (
    <span>
      <Typography.Text className="context-value" data-testid="context-value" style={{ whiteSpace: 'pre-wrap' }}>
        {item.value}
      </Typography.Text>
      {item.from ? (
        <Typography.Text type="secondary" className="context-from">
          {' '}
          （{item.from.taskName}
          {item.from.actor ? ` · ${item.from.actor}` : ''} · {formatInstant(item.from.at)}）
        </Typography.Text>
      ) : null}
    </span>
  );
}

function Record({ item }: { item: HandoffContextItem }) {
  const steps = item.record ?? [];
  if (steps.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="尚无已完成的环节" />;
  return (
    <Timeline
      data-testid="context-record"
      items={steps.map((step, i) => ({
        key: i,
        children: (
          <div>
            <Typography.Text strong>{step.title}</Typography.Text>
            <Typography.Text type="secondary">
              {' '}
              {formatInstant(step.at)}
              {step.actor ? ` · ${step.actor}` : ''}
            </Typography.Text>
            {step.fields.length > 0 ? (
              <Descriptions size="small" column={1} style={{ marginTop: 4 }}>
                {step.fields.map((f) => (
                  <Descriptions.Item key={f.label} label={f.label}>
                    <span style={{ whiteSpace: 'pre-wrap' }}>{f.value}</span>
                  </Descriptions.Item>
                ))}
              </Descriptions>
            ) : null}
          </div>
        ),
      }))}
    />
  );
}

export function HandoffContextCard({ context }: { context: HandoffContext }) {
  const values = context.items.filter((i) => i.record === undefined);
  const records = context.items.filter((i) => i.record !== undefined);
  return (
    <Card size="small" title={context.title} data-testid="handoff-context">
      {values.length > 0 ? (
        <Descriptions size="small" column={1} bordered>
          {values.map((item) => (
            <Descriptions.Item key={item.label} label={item.label}>
              <span data-testid="context-item" data-label={item.label}>
                <Value item={item} />
              </span>
            </Descriptions.Item>
          ))}
        </Descriptions>
      ) : null}
      {records.map((item) => (
        <div key={item.label} style={{ marginTop: values.length > 0 ? 12 : 0 }}>
          {item.label !== context.title ? <Typography.Title level={5}>{item.label}</Typography.Title> : null}
          <Record item={item} />
        </div>
      ))}
    </Card>
  );
}
