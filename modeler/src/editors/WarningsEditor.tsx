// 预警与督办: a rule version's warnings (when a share of a stage's period has passed, the ticket is
// recorded under a supervision trigger before it is overdue) and its supervision triggers 督办类型.
import { PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, InputNumber, Select, Table, Tooltip } from 'antd';
import type { HTMLAttributes } from 'react';
import { stagesOf } from '@hotline/rules';
import { itemIssues, messagesFor } from '../state/issues';
import { addTrigger, addWarning, fractionPercent, patchTrigger, patchWarning, percentFraction, removeTrigger, removeWarning, triggerRows, warningRows } from '../state/vocabulary';
import { IssueBanner, IssueList, RuleVersionPicker } from './common';
import { deleteColumn, text, textColumn, type Fields, type Row } from './columns';
import { useCity, useEditor, useJsonFile } from './editor-context';

export function WarningsEditor() {
  const { ruleVersionPath, issues } = useEditor();
  const city = useCity();
  const { read, edit } = useJsonFile<unknown>(ruleVersionPath);
  if (ruleVersionPath === null) return <Empty description="城市包中没有规则版本" />;
  if (read === null || !read.ok) return <IssueBanner messages={[read?.message ?? '无法读取']} />;
  const version = read.value;
  const warnings: Row[] = warningRows(version).map((w, index) => ({ ...w, index }));
  const triggers: Row[] = triggerRows(version).map((t, index) => ({ ...t, index }));
  const byWarning = itemIssues(issues, ruleVersionPath, '/warnings');
  const byTrigger = itemIssues(issues, ruleVersionPath, '/supervisionTriggers');
  const warningFields = (i: number): Fields => byWarning.get(i) ?? new Map();
  const triggerFields = (i: number): Fields => byTrigger.get(i) ?? new Map();
  const stages = stagesOf({ stages: city.stages ?? [] });
  const triggerOptions = triggers.map((t) => ({ value: text(t.key), label: text(t.label) || text(t.key) }));
  const changeWarning = (i: number, field: string, value: unknown) => edit((v) => patchWarning(v, i, { [field]: value }));
  const changeTrigger = (i: number, field: string, value: unknown) => edit((v) => patchTrigger(v, i, { [field]: value }));

  return (
    <div data-testid="warnings-editor">
      <RuleVersionPicker />
      <Card size="small" title="预警：某阶段时限过去一定比例时，先记入督办" style={{ marginBottom: 12 }}>
        <IssueBanner testId="warnings-list-issues" messages={messagesFor(warningFields(-1), '')} />
        <Table<Row>
          data-testid="warning-table"
          size="small"
          rowKey="index"
          pagination={false}
          dataSource={warnings}
          scroll={{ x: 1200 }}
          locale={{ emptyText: '本版本没有预警：工单只在逾期后记入督办' }}
          onRow={(row) => ({ 'data-testid': `warning-row-${row.index}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            textColumn('预警内容', 'label', 200, 'warning', warningFields, (i, v) => changeWarning(i, 'label', v)),
            textColumn('代码', 'key', 130, 'warning', warningFields, (i, v) => changeWarning(i, 'key', v)),
            {
              title: '阶段',
              width: 150,
              render: (_, row) => (
                <>
                  <Select
                    data-testid={`warning-${row.index}-stage`}
                    style={{ width: '100%' }}
                    value={row.stage as string | undefined}
                    options={stages.map((s) => ({ value: s.key, label: s.label }))}
                    onChange={(stage: string) => changeWarning(row.index, 'stage', stage)}
                  />
                  <IssueList messages={messagesFor(warningFields(row.index), 'stage')} />
                </>
              ),
            },
            {
              title: <Tooltip title="时限已过去的比例；工作日时限按工作时间计">已过时限</Tooltip>,
              width: 120,
              render: (_, row) => (
                <>
                  <InputNumber
                    data-testid={`warning-${row.index}-percent`}
                    min={1}
                    max={99}
                    precision={0}
                    addonAfter="%"
                    style={{ width: '100%' }}
                    value={fractionPercent(row.fraction)}
                    onChange={(n) => typeof n === 'number' && changeWarning(row.index, 'fraction', percentFraction(n))}
                  />
                  <IssueList messages={messagesFor(warningFields(row.index), 'fraction')} />
                </>
              ),
            },
            {
              title: '记入督办类型',
              width: 220,
              render: (_, row) => (
                <>
                  <Select
                    data-testid={`warning-${row.index}-trigger`}
                    style={{ width: '100%' }}
                    value={text(row.trigger) || undefined}
                    placeholder="先在下方声明督办类型"
                    options={triggerOptions}
                    onChange={(trigger: string) => changeWarning(row.index, 'trigger', trigger)}
                  />
                  <IssueList messages={messagesFor(warningFields(row.index), 'trigger')} />
                </>
              ),
            },
            textColumn('依据条款', 'source', 230, 'warning', warningFields, (i, v) => changeWarning(i, 'source', v)),
            deleteColumn('warning', '删除此预警', (i) => edit((v) => removeWarning(v, i))),
          ]}
        />
        <Button data-testid="warning-add" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => edit((v) => addWarning(v))}>
          新增预警
        </Button>
      </Card>

      <Card size="small" title="督办类型">
        <IssueBanner testId="triggers-list-issues" messages={messagesFor(triggerFields(-1), '')} />
        <Table<Row>
          data-testid="trigger-table"
          size="small"
          rowKey="index"
          pagination={false}
          dataSource={triggers}
          onRow={(row) => ({ 'data-testid': `trigger-row-${row.index}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            textColumn('名称', 'label', 360, 'trigger', triggerFields, (i, v) => changeTrigger(i, 'label', v)),
            textColumn(<Tooltip title="流程中的 hotline.supervise 任务以此代码记入督办；改代码时，引用它的预警随之更新">代码</Tooltip>, 'key', 180, 'trigger', triggerFields, (i, v) => changeTrigger(i, 'key', v)),
            textColumn('依据条款', 'source', 300, 'trigger', triggerFields, (i, v) => changeTrigger(i, 'source', v)),
            deleteColumn('trigger', '删除此督办类型', (i) => edit((v) => removeTrigger(v, i))),
          ]}
        />
        <Button data-testid="trigger-add" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => edit(addTrigger)}>
          新增督办类型
        </Button>
      </Card>
    </div>
  );
}
