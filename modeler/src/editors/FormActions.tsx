// 操作: what a person may do on a task of this form (the primary action fills the form in; others —
// return, extension … — take a note), each with the FEEL guards that allow it and the sentence shown
// when one refuses, the process variables it sets, and the form's own variable mapping. The FEEL is
// plain text; @hotline/forms validatePackForms says under each field what does not parse.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Radio, Space, Tooltip, Typography } from 'antd';
import { itemIssues, messagesFor, fieldIssues } from '../state/issues';
import {
  actionRows,
  addAction,
  declaresActions,
  guardRows,
  mappingOf,
  mappingRows,
  newMappingRow,
  patchAction,
  removeAction,
  setAction,
  setGuards,
  setPrimaryAction,
} from '../state/vocabulary';
import { IssueBanner, IssueList } from './common';
import { useEditor, useJsonFile } from './editor-context';
import { Fields } from './fields';

type IssueFields = ReadonlyMap<string, readonly string[]>;

/** Rows of 变量 + FEEL value: an action's `set` or the form's `variables`. */
function MappingRows({ map, issues, testId, onChange }: { map: unknown; issues: IssueFields; testId: string; onChange: (next: Record<string, string> | undefined) => void }) {
  const rows = mappingRows(map);
  const write = (i: number, patch: Partial<{ name: string; value: string }>) => onChange(mappingOf(rows.map((r, j) => (j === i ? { ...r, ...patch } : r))));
  return (
    <div data-testid={testId}>
      {rows.map((row, i) => (
        <div key={i} style={{ marginBottom: 4 }}>
          <Space.Compact style={{ width: '100%' }}>
            <Input data-testid={`${testId}-${i}-name`} style={{ width: '30%' }} placeholder="变量" value={row.name} onChange={(e) => write(i, { name: e.target.value.trim() })} />
            <Input data-testid={`${testId}-${i}-value`} className="code-editor" placeholder='FEEL，如 "reply"' value={row.value} onChange={(e) => write(i, { value: e.target.value })} />
            <Button data-testid={`${testId}-${i}-delete`} danger icon={<DeleteOutlined />} onClick={() => onChange(mappingOf(rows.filter((_, j) => j !== i)))} />
          </Space.Compact>
          <IssueList messages={messagesFor(issues, row.name)} />
        </div>
      ))}
      <Button data-testid={`${testId}-add`} size="small" icon={<PlusOutlined />} onClick={() => onChange(mappingOf([...rows, newMappingRow(rows)]))}>
        新增变量
      </Button>
    </div>
  );
}

export function FormActions({ path }: { path: string }) {
  const { issues } = useEditor();
  const { read, edit } = useJsonFile<unknown>(path);
  if (read === null || !read.ok) return null; // the JSON's own problem is shown beside its text
  const form = read.value;
  const actions = actionRows(form);
  const byAction = itemIssues(issues, path, '/actions');
  const at = (i: number) => byAction.get(i) ?? new Map<string, string[]>();

  return (
    <Card size="small" title="操作" data-testid="form-actions" style={{ marginTop: 12 }}>
      {!declaresActions(form) && (
        <Alert data-testid="form-actions-default" type="info" showIcon style={{ marginBottom: 8 }} message="本表单未声明操作：只有一个主操作“提交”。新增操作后，“提交”一并写入表单文件。" />
      )}
      <IssueBanner testId="form-actions-issues" messages={messagesFor(at(-1), '')} />
      {actions.map((action, i) => {
        const fields = at(i);
        const guards = guardRows(action);
        return (
          <Card
            key={i}
            size="small"
            type="inner"
            style={{ marginBottom: 8 }}
            data-testid={`action-${i}`}
            title={`${typeof action.label === 'string' && action.label ? action.label : '（未命名）'}`}
            extra={
              <Space>
                <Radio data-testid={`action-${i}-primary`} checked={action.primary === true} onChange={() => edit((f) => setPrimaryAction(f, i))}>
                  主操作（填写本表单）
                </Radio>
                <Tooltip title="删除此操作">
                  <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`action-${i}-delete`} onClick={() => edit((f) => removeAction(f, i))} />
                </Tooltip>
              </Space>
            }
          >
            <IssueBanner messages={messagesFor(fields, '', 'primary')} />
            <Form layout="horizontal" labelCol={{ span: 4 }} wrapperCol={{ span: 19 }} size="small">
              <Fields
                testId={`action-${i}`}
                value={action}
                issues={fields}
                specs={[
                  { kind: 'text', key: 'label', label: '名称', required: true, placeholder: '申请延期' },
                  { kind: 'text', key: 'key', label: '代码', required: true, placeholder: 'extension' },
                  { kind: 'text', key: 'offeredWhen', label: '何时提供', placeholder: 'headers.role != "assist"（FEEL；不填：总是提供）', tooltip: '条件不成立时，此操作根本不列出' },
                  { kind: 'text', key: 'splitInto', label: '分别派单', placeholder: 'FEEL，给出各承办单位代码；不填：不拆分', tooltip: '给出两个及以上单位时，工单由第一个单位办理，其余各登记一张子工单' },
                  { kind: 'text', key: 'source', label: '依据条款', cites: true },
                ]}
                onChange={(next) => edit((f) => setAction(f, i, next))}
              />
              <Form.Item label={<Tooltip title="按顺序检查，第一个不为 true 的条件拒绝此操作，并显示其提示">允许条件</Tooltip>}>
                {guards.map((guard, j) => (
                  <div key={j} style={{ marginBottom: 4 }} data-testid={`action-${i}-guard-${j}`}>
                    <Space.Compact style={{ width: '100%' }}>
                      <Input
                        data-testid={`action-${i}-guard-${j}-allow`}
                        className="code-editor"
                        style={{ width: '45%' }}
                        placeholder="允许条件（FEEL），如 extensionCount < 2"
                        value={typeof guard.allow === 'string' ? guard.allow : ''}
                        onChange={(e) => edit((f) => setGuards(f, i, guards.map((g, k) => (k === j ? { ...g, allow: e.target.value } : g))))}
                      />
                      <Input
                        data-testid={`action-${i}-guard-${j}-refusal`}
                        placeholder="不允许时的提示，可用 {FEEL} 插入数值"
                        value={typeof guard.refusal === 'string' ? guard.refusal : ''}
                        onChange={(e) => edit((f) => setGuards(f, i, guards.map((g, k) => (k === j ? { ...g, refusal: e.target.value } : g))))}
                      />
                      <Button data-testid={`action-${i}-guard-${j}-delete`} danger icon={<DeleteOutlined />} onClick={() => edit((f) => setGuards(f, i, guards.filter((_, k) => k !== j)))} />
                    </Space.Compact>
                    <IssueList messages={messagesFor(fields, `guards/${j}`)} />
                  </div>
                ))}
                <Button data-testid={`action-${i}-guard-add`} size="small" icon={<PlusOutlined />} onClick={() => edit((f) => setGuards(f, i, [...guards, { allow: 'true', refusal: '' }]))}>
                  新增条件
                </Button>
              </Form.Item>
              <Form.Item label={<Tooltip title="执行此操作时设置的流程变量（变量名 → FEEL 值）">设置变量</Tooltip>}>
                <MappingRows map={action.set} issues={fieldIssues(issues, path, `/actions/${i}/set`)} testId={`action-${i}-set`} onChange={(set) => edit((f) => patchAction(f, i, { set }))} />
              </Form.Item>
            </Form>
          </Card>
        );
      })}
      <Button data-testid="action-add" icon={<PlusOutlined />} onClick={() => edit(addAction)}>
        新增操作
      </Button>
      <Typography.Title level={5} style={{ marginTop: 16 }}>
        <Tooltip title="提交表单时，除表单字段外另行设置的流程变量（变量名 → 以表单字段为输入的 FEEL）">表单变量映射</Tooltip>
      </Typography.Title>
      <IssueList messages={messagesFor(fieldIssues(issues, path, '/variables'), '')} />
      <MappingRows map={(form as { variables?: unknown }).variables} issues={fieldIssues(issues, path, '/variables')} testId="form-variables" onChange={(variables) => edit((f) => ({ ...(f as object), variables }))} />
    </Card>
  );
}
