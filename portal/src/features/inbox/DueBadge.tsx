// A task's due instant with its live countdown, amber when due soon, red when overdue.
import { ClockCircleOutlined, ExclamationCircleOutlined } from '@ant-design/icons';
import { Tag, Tooltip } from 'antd';
import { dueStatus, DUE_COLOURS, formatInstant } from '../../lib/due';

export function DueBadge({ dueAt, createdAt, provisional, now, testId }: { dueAt: string | null; createdAt?: string | null; provisional?: boolean; now: number; testId?: string }) {
  const status = dueStatus(dueAt, now, createdAt ?? null);
  if (status.state === 'none') return <span className="due-none" data-testid={testId} data-due-state="none">无时限</span>;
  const tip = `办理时限：${formatInstant(dueAt, true)}${provisional ? '（暂定：所涉年份的节假日安排尚未发布，按周末计算）' : ''}`;
  return (
    <Tooltip title={tip}>
      <span className="due-cell" data-testid={testId} data-due-state={status.state}>
        <Tag color={DUE_COLOURS[status.state]} icon={status.state === 'overdue' ? <ExclamationCircleOutlined /> : <ClockCircleOutlined />}>
          {status.label}
        </Tag>
        <span className="due-at">
          {formatInstant(dueAt)}
          {provisional ? '（暂定）' : ''}
        </span>
      </span>
    </Tooltip>
  );
}
