// The city's rating scale (from its pack), with the levels that send a ticket back for rework.
import { Space, Tag, Typography } from 'antd';
import type { RatingLevel } from '../../pack/pack-info';
import { TICKET_TYPE_LABELS, labelOf } from '../../lib/labels';

export function RatingScale({ levels, notRated }: { levels: RatingLevel[]; notRated: string[] }) {
  return (
    <div data-testid="rating-scale">
      <Space wrap>
        {levels.map((l) => (
          <Tag key={l.key} color={l.triggersRework ? 'red' : 'green'} data-testid="rating-level">
            {l.label}
            {l.triggersRework ? '（可退回重办）' : ''}
          </Tag>
        ))}
      </Space>
      {notRated.length > 0 ? (
        <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
          不参与评价的诉求类型：{notRated.map((t) => labelOf(TICKET_TYPE_LABELS, t)).join('、')}
        </Typography.Paragraph>
      ) : null}
    </div>
  );
}
