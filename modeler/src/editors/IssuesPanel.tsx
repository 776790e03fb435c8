// 问题: every issue of the draft in one list — the pack's (file, the editor's row and field, the
// message in Chinese), the forms', and the processes' lint — each with a link to the editor where it is fixed.
import { Button, Empty, Table, Tag, Tooltip } from 'antd';
import type { PackIssue } from '@hotline/rules';
import { ruleTitle, type LintIssue } from '@hotline/pack-review';
import { issueMessage, issuePlace } from '../state/issue-place';

export interface IssueRow {
  key: string;
  file: string;
  path: string;
  /** The editor's own words for the place: `时限规则 第4行「时长」`, or the element id. */
  place: string;
  message: string;
  severity: 'error' | 'warn' | 'info';
  origin: string;
  elementId?: string;
}

export function issueRows(pack: readonly PackIssue[], lint: Readonly<Record<string, readonly LintIssue[]>>): IssueRow[] {
  const rows: IssueRow[] = pack.map((i, n) => ({
    key: `p${n}`,
    file: i.file,
    path: i.path,
    place: issuePlace(i.file, i.path),
    message: issueMessage(i),
    severity: 'error',
    origin: '城市包校验',
  }));
  for (const [file, issues] of Object.entries(lint)) {
    issues.forEach((i, n) =>
      rows.push({
        key: `l${file}${n}`,
        file,
        path: i.elementId ?? '',
        place: i.elementId ?? '',
        message: i.message,
        severity: i.severity,
        origin: `流程检查 · ${ruleTitle(i.rule)}`,
        ...(i.elementId ? { elementId: i.elementId } : {}),
      }),
    );
  }
  return rows;
}

export function IssuesPanel({ rows, onGo }: { rows: IssueRow[]; onGo(row: IssueRow): void }) {
  if (rows.length === 0) return <Empty data-testid="issues-empty" description="没有问题，可以发布" />;
  return (
    <Table<IssueRow>
      data-testid="issues-list"
      size="small"
      rowKey="key"
      pagination={{ pageSize: 50, hideOnSinglePage: true }}
      dataSource={rows}
      columns={[
        { title: '级别', width: 70, render: (_, r) => <Tag color={r.severity === 'error' ? 'red' : r.severity === 'warn' ? 'orange' : 'blue'}>{r.severity === 'error' ? '错误' : r.severity === 'warn' ? '警告' : '提示'}</Tag> },
        { title: '文件', dataIndex: 'file', width: 220 },
        {
          title: '位置',
          width: 240,
          render: (_, r) => (
            <Tooltip title={r.path ? `${r.file} ${r.path}` : r.file}>
              <span data-testid="issue-place">{r.place || '整个文件'}</span>
            </Tooltip>
          ),
        },
        { title: '问题', dataIndex: 'message' },
        { title: '来源', dataIndex: 'origin', width: 160 },
        {
          title: '',
          width: 70,
          render: (_, r) => (
            <Button size="small" type="link" data-testid="issue-go" onClick={() => onGo(r)}>
              去修改
            </Button>
          ),
        },
      ]}
    />
  );
}

