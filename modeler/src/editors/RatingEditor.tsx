// 评价: the rating scale of a rule version — levels best first, which of them send a ticket back
// for rework, and the ticket types that are not rated.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Empty, Form, Input, Space, Switch, Table } from 'antd';
import { TICKET_TYPE_LABELS, label } from '../i18n/labels';
import { fieldIssues, itemIssues, messagesFor } from '../state/issues';
import { getAt, insertAt, moveAt, removeAt, setAt } from '../state/json-pointer';
import { IssueBanner, IssueList, RuleVersionPicker } from './common';
import { useCity, useEditor, useJsonFile } from './editor-context';
import { Fields, SOURCED_FIELDS } from './fields';

type Level = { key?: string; label?: string; triggersRework?: boolean; index: number };

export function RatingEditor() {
  const { ruleVersionPath, issues } = useEditor();
  const city = useCity();
  const { read, edit } = useJsonFile<unknown>(ruleVersionPath);
  if (ruleVersionPath === null) return <Empty description="城市包中没有规则版本" />;
  if (read === null || !read.ok) return <IssueBanner messages={[read?.message ?? '无法读取']} />;
  const list = getAt(read.value, '/rating/levels');
  const levels: Level[] = (Array.isArray(list) ? list : []).map((l, index) => ({ ...(l as object), index }));
  const byLevel = itemIssues(issues, ruleVersionPath, '/rating/levels');
  const at = (i: number) => byLevel.get(i) ?? new Map<string, string[]>();
  const setLevel = (i: number, key: string, value: unknown) => edit((v) => setAt(v, `/rating/levels/${i}/${key}`, value));
  const typeOptions = (city.ticketTypes ?? []).map((t) => ({ value: t.key, label: t.label || label(TICKET_TYPE_LABELS, t.key) }));

  return (
    <div data-testid="rating-editor">
      <RuleVersionPicker />
      <Card size="small" title="评价等级（从最好到最差）" style={{ marginBottom: 12 }}>
        <IssueBanner messages={messagesFor(at(-1), '')} testId="rating-levels-issues" />
        <Table<Level>
          data-testid="rating-levels"
          size="small"
          rowKey="index"
          pagination={false}
          dataSource={levels}
          columns={[
            {
              title: '顺序',
              width: 110,
              render: (_, l) => (
                <Space size={2}>
                  <span>{l.index + 1}</span>
                  <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={l.index === 0} data-testid={`rating-${l.index}-up`} onClick={() => edit((v) => moveAt(v, '/rating/levels', l.index, l.index - 1))} />
                  <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={l.index === levels.length - 1} data-testid={`rating-${l.index}-down`} onClick={() => edit((v) => moveAt(v, '/rating/levels', l.index, l.index + 1))} />
                </Space>
              ),
            },
            {
              title: '名称',
              render: (_, l) => (
                <>
                  <Input data-testid={`rating-${l.index}-label`} value={l.label ?? ''} onChange={(e) => setLevel(l.index, 'label', e.target.value)} />
                  <IssueList messages={messagesFor(at(l.index), 'label', '')} />
                </>
              ),
            },
            {
              title: '键',
              render: (_, l) => (
                <>
                  <Input data-testid={`rating-${l.index}-key`} value={l.key ?? ''} onChange={(e) => setLevel(l.index, 'key', e.target.value)} />
                  <IssueList messages={messagesFor(at(l.index), 'key')} />
                </>
              ),
            },
            {
              title: '首次评价为此等级时重办',
              width: 200,
              render: (_, l) => (
                <>
                  <Switch data-testid={`rating-${l.index}-rework`} checked={l.triggersRework === true} onChange={(c) => setLevel(l.index, 'triggersRework', c)} checkedChildren="重办" unCheckedChildren="否" />
                  <IssueList messages={messagesFor(at(l.index), 'triggersRework')} />
                </>
              ),
            },
            {
              title: '',
              width: 50,
              render: (_, l) => (
                <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`rating-${l.index}-delete`} onClick={() => edit((v) => removeAt(v, '/rating/levels', l.index))} />
              ),
            },
          ]}
        />
        <Button
          data-testid="rating-add"
          icon={<PlusOutlined />}
          style={{ marginTop: 8 }}
          onClick={() => edit((v) => insertAt(v, '/rating/levels', levels.length, { key: `level${levels.length + 1}`, label: '', triggersRework: false }))}
        >
          新增等级
        </Button>
      </Card>
      <Card size="small" title="不评价的诉求类型与依据">
        <Form layout="horizontal" labelCol={{ span: 4 }} wrapperCol={{ span: 14 }} size="small">
          <Fields
            testId="rating"
            value={getAt(read.value, '/rating')}
            issues={fieldIssues(issues, ruleVersionPath, '/rating')}
            specs={[{ kind: 'multi', key: 'notRatedTypes', label: '不评价的类型', options: typeOptions }, ...SOURCED_FIELDS]}
            onChange={(next) => edit((v) => setAt(v, '/rating', next))}
          />
        </Form>
      </Card>
    </div>
  );
}
