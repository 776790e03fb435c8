// 分类处理: the categories of requests the centre does not take as tickets, what staff do with each
// (transfer the call, tell the proper channel, explain, tell progress), the numbers a call is
// transferred to, and the script staff say to the caller.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Select, Space } from 'antd';
import { REDIRECT_ACTIONS } from '@hotline/rules';
import { REDIRECT_ACTION_LABELS } from '../i18n/labels';
import { itemIssues, messagesFor } from '../state/issues';
import { getAt, insertAt, moveAt, removeAt, setAt } from '../state/json-pointer';
import { IssueBanner, issueStatus, RuleVersionPicker } from './common';
import { useEditor, useJsonFile } from './editor-context';
import { Fields, SOURCED_FIELDS } from './fields';

export function RedirectsEditor() {
  const { ruleVersionPath, issues } = useEditor();
  const { read, edit } = useJsonFile<unknown>(ruleVersionPath);
  if (ruleVersionPath === null) return <Empty description="城市包中没有规则版本" />;
  if (read === null || !read.ok) return <IssueBanner messages={[read?.message ?? '无法读取']} />;
  const list = getAt(read.value, '/redirectCategories');
  const categories = Array.isArray(list) ? (list as Array<Record<string, unknown>>) : [];
  const byItem = itemIssues(issues, ruleVersionPath, '/redirectCategories');
  const at = (i: number) => byItem.get(i) ?? new Map<string, string[]>();

  return (
    <div data-testid="redirects-editor">
      <RuleVersionPicker />
      <IssueBanner messages={messagesFor(at(-1), '')} />
      {categories.map((c, i) => (
        <Card
          key={i}
          size="small"
          style={{ marginBottom: 12 }}
          data-testid={`redirect-${i}`}
          title={`${i + 1}. ${typeof c.label === 'string' && c.label ? c.label : '（未命名）'}`}
          extra={
            <Space size={2}>
              <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} data-testid={`redirect-${i}-up`} onClick={() => edit((v) => moveAt(v, '/redirectCategories', i, i - 1))} />
              <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === categories.length - 1} data-testid={`redirect-${i}-down`} onClick={() => edit((v) => moveAt(v, '/redirectCategories', i, i + 1))} />
              <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`redirect-${i}-delete`} onClick={() => edit((v) => removeAt(v, '/redirectCategories', i))} />
            </Space>
          }
        >
          <IssueBanner messages={messagesFor(at(i), '')} />
          <Form layout="horizontal" labelCol={{ span: 4 }} wrapperCol={{ span: 18 }} size="small">
            <Fields
              testId={`redirect-${i}`}
              value={c}
              issues={at(i)}
              specs={[
                { kind: 'text', key: 'label', label: '名称', required: true },
                { kind: 'text', key: 'key', label: '键', required: true, placeholder: 'emergency' },
                { kind: 'enum', key: 'action', label: '处理方式', options: REDIRECT_ACTIONS.map((a) => ({ value: a, label: REDIRECT_ACTION_LABELS[a] ?? a })) },
              ]}
              onChange={(next) => edit((v) => setAt(v, `/redirectCategories/${i}`, next))}
            />
            {c.action === 'transfer' || Array.isArray(c.transferTo) ? (
              <Form.Item label="转接号码" required={c.action === 'transfer'} {...issueStatus(messagesFor(at(i), 'transferTo'))}>
                <Select
                  data-testid={`redirect-${i}-transferTo`}
                  mode="tags"
                  placeholder="输入号码后回车，如 110"
                  value={Array.isArray(c.transferTo) ? (c.transferTo as string[]) : []}
                  onChange={(numbers: string[]) => edit((v) => setAt(v, `/redirectCategories/${i}/transferTo`, numbers.length > 0 ? numbers : undefined))}
                />
              </Form.Item>
            ) : null}
            <Fields
              testId={`redirect-${i}`}
              value={c}
              issues={at(i)}
              specs={[{ kind: 'text', key: 'script', label: '答复口径', required: true, multiline: true }, ...SOURCED_FIELDS]}
              onChange={(next) => edit((v) => setAt(v, `/redirectCategories/${i}`, next))}
            />
          </Form>
        </Card>
      ))}
      <Button
        data-testid="redirect-add"
        icon={<PlusOutlined />}
        onClick={() => edit((v) => insertAt(v, '/redirectCategories', categories.length, { key: `category${categories.length + 1}`, label: '', action: 'explain', script: '', source: '' }))}
      >
        新增分类
      </Button>
    </div>
  );
}
