// 办理时限: the deadline rules of one rule version, in order (the first matching rule wins), and the
// table staff check them by: for a stage, which period each ticket type × urgency class gets.
import { ArrowDownOutlined, ArrowUpOutlined, CopyOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Input, InputNumber, Radio, Select, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { HTMLAttributes } from 'react';
import { useState } from 'react';
import { COUNT_FROM, PERIOD_UNITS, WORKING_DAY_MODES, type CountFrom, type Stage, type WorkingDayMode, stagesOf } from '@hotline/rules';
import { COUNT_FROM_LABELS, MODE_LABELS, TICKET_TYPE_LABELS, UNIT_LABELS, label } from '../i18n/labels';
import {
  addDeadline,
  deadlineMatrix,
  deadlineRows,
  duplicateDeadline,
  editDeadline,
  moveDeadline,
  removeDeadline,
  rowKind,
  type DeadlinePatch,
} from '../state/deadlines';
import { itemIssues, messagesFor, fieldIssues } from '../state/issues';
import { Citation, IssueBanner, IssueList, RuleVersionPicker } from './common';
import { useCity, useEditor, useJsonFile } from './editor-context';

type Row = Record<string, unknown> & { index: number };

export function DeadlinesEditor() {
  const { ruleVersionPath, issues } = useEditor();
  const city = useCity();
  const { read, edit } = useJsonFile<unknown>(ruleVersionPath);
  const [matrixStage, setMatrixStage] = useState<Stage>('handle');

  if (ruleVersionPath === null) return <Empty description="城市包中没有规则版本" />;
  if (read === null || !read.ok) return <IssueBanner messages={[read?.message ?? '无法读取']} />;
  const version = read.value;
  const rows: Row[] = deadlineRows(version).map((r, index) => ({ ...r, index }));
  const byRow = itemIssues(issues, ruleVersionPath, '/deadlines');
  const change = (index: number, patch: DeadlinePatch) => edit((v) => editDeadline(v, index, patch));
  const typeOptions = (city.ticketTypes ?? []).map((t) => ({ value: t.key, label: t.label || label(TICKET_TYPE_LABELS, t.key) }));
  const urgencyOptions = (city.urgencyClasses ?? []).map((u) => ({ value: u.key, label: u.label }));
  // The core stages and the pack's own (city.json stages).
  const stages = stagesOf({ stages: city.stages ?? [] });
  const stageLabel = (key: string) => stages.find((s) => s.key === key)?.label ?? key;
  const modeIssues = messagesFor(fieldIssues(issues, ruleVersionPath, '/workingDayMode'), '');
  const workingDayMode = (version as { workingDayMode?: string }).workingDayMode;
  const matrix = deadlineMatrix(version, { ticketTypes: city.ticketTypes ?? [], urgencyClasses: city.urgencyClasses ?? [] }, matrixStage);
  const rowField = (index: number) => byRow.get(index) ?? new Map<string, string[]>();

  return (
    <div data-testid="deadlines-editor">
      <RuleVersionPicker />
      <Space style={{ marginBottom: 12 }} align="start">
        <Typography.Text strong>工作日计法</Typography.Text>
        <div>
          <Select
            data-testid="working-day-mode"
            style={{ width: 380 }}
            value={workingDayMode}
            options={WORKING_DAY_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
            onChange={(m: string) => edit((v) => ({ ...(v as object), workingDayMode: m }))}
          />
          <IssueList messages={modeIssues} />
        </div>
      </Space>
      <IssueBanner testId="deadlines-list-issues" messages={messagesFor(rowField(-1), '')} />

      <Card size="small" title="按阶段查看：每种诉求类型 × 紧急程度适用的时限（按顺序第一条匹配的规则）" style={{ marginBottom: 12 }}>
        <Space style={{ marginBottom: 8 }}>
          <span>阶段</span>
          <Select
            data-testid="matrix-stage"
            style={{ width: 180 }}
            value={matrixStage}
            options={stages.map((s) => ({ value: s.key, label: `${s.label}（${s.key}）` }))}
            onChange={(s: Stage) => setMatrixStage(s)}
          />
        </Space>
        <table className="deadline-matrix" data-testid="deadline-matrix">
          <thead>
            <tr>
              <th>诉求类型 \ 紧急程度</th>
              {matrix.urgencies.map((u) => (
                <th key={u.key}>{u.label}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {matrix.types.map((t, ti) => (
              <tr key={t.key}>
                <th>{t.label}</th>
                {matrix.cells[ti]!.map((cell, ui) => (
                  <td key={ui} className={cell.ruleIndex === null ? 'missing' : cell.allowed ? '' : 'forbidden'} data-testid={`matrix-${t.key}-${matrix.urgencies[ui]!.key}`}>
                    {cell.text}
                    {cell.ruleIndex !== null && <span className="rule-ref"> #{cell.ruleIndex + 1}</span>}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>

      <Table<Row>
        data-testid="deadline-table"
        size="small"
        rowKey="index"
        pagination={false}
        dataSource={rows}
        scroll={{ x: 1500 }}
        onRow={(row) => ({ 'data-testid': `deadline-row-${row.index}` }) as HTMLAttributes<HTMLElement>}
        columns={[
          {
            title: '#',
            width: 80,
            render: (_, row) => (
              <Space size={2}>
                <span>{row.index + 1}</span>
                <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={row.index === 0} data-testid={`deadline-${row.index}-up`} onClick={() => edit((v) => moveDeadline(v, row.index, -1))} />
                <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={row.index === rows.length - 1} data-testid={`deadline-${row.index}-down`} onClick={() => edit((v) => moveDeadline(v, row.index, 1))} />
              </Space>
            ),
          },
          {
            title: '阶段',
            width: 150,
            render: (_, row) => (
              <>
                <Select
                  data-testid={`deadline-${row.index}-stage`}
                  style={{ width: '100%' }}
                  value={row.stage as Stage}
                  options={stages.map((s) => ({ value: s.key, label: s.label }))}
                  onChange={(stage: Stage) => change(row.index, { stage })}
                />
                <IssueList messages={messagesFor(rowField(row.index), '', 'stage')} />
              </>
            ),
          },
          {
            title: '诉求类型',
            width: 180,
            render: (_, row) => (
              <>
                <Select
                  data-testid={`deadline-${row.index}-types`}
                  mode="multiple"
                  allowClear
                  style={{ width: '100%' }}
                  placeholder="全部类型"
                  value={Array.isArray(row.types) ? (row.types as string[]) : []}
                  options={typeOptions}
                  onChange={(types: string[]) => change(row.index, { types })}
                />
                <IssueList messages={messagesFor(rowField(row.index), 'types')} />
              </>
            ),
          },
          {
            title: '紧急程度',
            width: 180,
            render: (_, row) => (
              <>
                <Select
                  data-testid={`deadline-${row.index}-urgencies`}
                  mode="multiple"
                  allowClear
                  style={{ width: '100%' }}
                  placeholder="全部紧急程度"
                  value={Array.isArray(row.urgencies) ? (row.urgencies as string[]) : []}
                  options={urgencyOptions}
                  onChange={(urgencies: string[]) => change(row.index, { urgencies })}
                />
                <IssueList messages={messagesFor(rowField(row.index), 'urgencies')} />
              </>
            ),
          },
          {
            title: '时限',
            width: 380,
            render: (_, row) => {
              const kind = rowKind(row);
              const period = (row.period ?? {}) as { amount?: number; unit?: string; mode?: string };
              const fields = rowField(row.index);
              return (
                <Space direction="vertical" size={4} style={{ width: '100%' }}>
                  <Radio.Group
                    data-testid={`deadline-${row.index}-kind`}
                    size="small"
                    value={kind}
                    onChange={(e) => change(row.index, { kind: e.target.value as 'period' | 'notAllowed' })}
                    options={[
                      { value: 'period', label: '规定时限' },
                      { value: 'notAllowed', label: '不允许' },
                    ]}
                  />
                  {kind === 'period' ? (
                    <>
                      <Space.Compact style={{ width: '100%' }}>
                        <InputNumber
                          data-testid={`deadline-${row.index}-amount`}
                         
                          precision={0}
                          style={{ width: 90 }}
                          value={period.amount ?? null}
                          onChange={(amount) => change(row.index, { amount: typeof amount === 'number' ? amount : null })}
                        />
                        <Select
                          data-testid={`deadline-${row.index}-unit`}
                          style={{ width: 100 }}
                          value={period.unit}
                          options={PERIOD_UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u] }))}
                          onChange={(unit: string) => change(row.index, { unit })}
                        />
                        <Select
                          data-testid={`deadline-${row.index}-countFrom`}
                          style={{ width: 170 }}
                          value={row.countFrom as CountFrom | undefined}
                          placeholder="起算时点"
                          options={COUNT_FROM.map((c) => ({ value: c, label: `自${COUNT_FROM_LABELS[c]}` }))}
                          onChange={(countFrom) => change(row.index, { countFrom })}
                        />
                      </Space.Compact>
                      {period.unit === 'workingDay' && (
                        <Select
                          data-testid={`deadline-${row.index}-mode`}
                          size="small"
                          allowClear
                          style={{ width: '100%' }}
                          placeholder="工作日计法：同规则版本"
                          value={period.mode as WorkingDayMode | undefined}
                          options={WORKING_DAY_MODES.map((m) => ({ value: m, label: MODE_LABELS[m] }))}
                          onChange={(mode?: WorkingDayMode) => change(row.index, { mode: mode ?? null })}
                        />
                      )}
                      <IssueList messages={messagesFor(fields, 'period', 'countFrom')} />
                    </>
                  ) : (
                    <>
                      <Input
                        data-testid={`deadline-${row.index}-notAllowed`}
                        placeholder="不允许的理由（工作人员会看到）"
                        value={typeof row.notAllowed === 'string' ? row.notAllowed : ''}
                        onChange={(e) => change(row.index, { notAllowed: e.target.value })}
                      />
                      <IssueList messages={messagesFor(fields, 'notAllowed')} />
                    </>
                  )}
                </Space>
              );
            },
          },
          {
            title: '依据条款',
            width: 230,
            render: (_, row) => (
              <>
                <Input.TextArea
                  data-testid={`deadline-${row.index}-source`}
                  autoSize={{ minRows: 1, maxRows: 3 }}
                  value={typeof row.source === 'string' ? row.source : ''}
                  onChange={(e) => change(row.index, { source: e.target.value })}
                />
                <Citation source={row.source} testId={`deadline-${row.index}-citation`} />
                <IssueList messages={messagesFor(rowField(row.index), 'source')} />
              </>
            ),
          },
          {
            title: (
              <Tooltip title="法规未规定、由我们设定的值：写明假设了什么、需向谁确认">
                假设说明 / 备注
              </Tooltip>
            ),
            width: 260,
            render: (_, row) => (
              <Space direction="vertical" size={4} style={{ width: '100%' }}>
                <Input.TextArea
                  data-testid={`deadline-${row.index}-assumption`}
                  placeholder="假设说明"
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  value={typeof row.assumption === 'string' ? row.assumption : ''}
                  onChange={(e) => change(row.index, { assumption: e.target.value || null })}
                />
                <Input.TextArea
                  data-testid={`deadline-${row.index}-note`}
                  placeholder="备注"
                  autoSize={{ minRows: 1, maxRows: 4 }}
                  value={typeof row.note === 'string' ? row.note : ''}
                  onChange={(e) => change(row.index, { note: e.target.value || null })}
                />
                {row.assumption ? <Tag color="gold">假设</Tag> : null}
                <IssueList messages={messagesFor(rowField(row.index), 'assumption', 'note')} />
              </Space>
            ),
          },
          {
            title: '',
            width: 80,
            fixed: 'right',
            render: (_, row) => (
              <Space size={2}>
                <Tooltip title="复制此规则">
                  <Button size="small" type="text" icon={<CopyOutlined />} data-testid={`deadline-${row.index}-duplicate`} onClick={() => edit((v) => duplicateDeadline(v, row.index))} />
                </Tooltip>
                <Tooltip title="删除此规则">
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`deadline-${row.index}-delete`} onClick={() => edit((v) => removeDeadline(v, row.index))} />
                </Tooltip>
              </Space>
            ),
          },
        ]}
      />
      <Button data-testid="deadline-add" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => edit((v) => addDeadline(v, matrixStage))}>
        新增规则（{stageLabel(matrixStage)}）
      </Button>
    </div>
  );
}
