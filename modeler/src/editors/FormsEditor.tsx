// 表单: the pack's task forms (`forms/<form>.json`: JSON Schema 2020-12, @rjsf uiSchema, source),
// edited as JSON with the issues beside it and a live preview rendered the way the portal renders
// it (@hotline/forms resolveForm, then @rjsf with the antd theme), and below them the form's actions.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Badge, Button, Card, Col, Empty, Input, List, Row, Space, Spin, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { issueMessage } from '../state/issue-place';
import { FORM_FILE } from '../state/issues';
import { fileText, formatJson, setFile } from '../state/pack-files';
import { IssueList } from './common';
import { FormActions } from './FormActions';
import { useEditor } from './editor-context';

const FormPreview = lazy(() => import('./FormPreview'));

const FORM_NAME = /^[a-z][A-Za-z0-9]*$/;

export function newFormFile(title: string): unknown {
  return { schema: { type: 'object', title, properties: {}, additionalProperties: false }, uiSchema: {}, source: '' };
}

export function FormsEditor() {
  const { files, issues, update } = useEditor();
  const forms = files.flatMap((f) => FORM_FILE.exec(f.path)?.[1] ?? []);
  const [selected, setSelected] = useState<string | null>(null);
  const [newName, setNewName] = useState('');
  const current = selected !== null && forms.includes(selected) ? selected : (forms[0] ?? null);
  const path = current === null ? null : `forms/${current}.json`;
  const text = path === null ? undefined : fileText(files, path);
  const fileIssues = path === null ? [] : issues.filter((i) => i.file === path);

  return (
    <Row gutter={12} data-testid="forms-editor">
      <Col span={4}>
        <List
          data-testid="form-list"
          size="small"
          bordered
          dataSource={forms}
          renderItem={(name) => {
            const count = issues.filter((i) => i.file === `forms/${name}.json`).length;
            return (
              <List.Item
                data-testid={`form-item-${name}`}
                onClick={() => setSelected(name)}
                style={{ cursor: 'pointer', background: name === current ? '#e6f4ff' : undefined }}
              >
                <Badge count={count} size="small" offset={[8, 0]}>
                  {name}
                </Badge>
              </List.Item>
            );
          }}
        />
        <Space.Compact style={{ marginTop: 8, width: '100%' }}>
          <Input data-testid="form-new-name" placeholder="表单名，如 returnVisit" value={newName} onChange={(e) => setNewName(e.target.value.trim())} />
          <Button
            data-testid="form-add"
            icon={<PlusOutlined />}
            disabled={!FORM_NAME.test(newName) || forms.includes(newName)}
            onClick={() => {
              update((f) => setFile(f, `forms/${newName}.json`, formatJson(newFormFile(newName))));
              setSelected(newName);
              setNewName('');
            }}
          />
        </Space.Compact>
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          流程中的用户任务以 hotline:&lt;表单名&gt; 引用表单
        </Typography.Text>
      </Col>
      {path === null || text === undefined ? (
        <Col span={20}>
          <Empty description="城市包中还没有表单" />
        </Col>
      ) : (
        <>
          <Col span={10}>
            <Card size="small" title={`${path}（JSON）`}>
              <Input.TextArea
                data-testid="form-schema-editor"
                className="code-editor"
                spellCheck={false}
                autoSize={{ minRows: 24, maxRows: 40 }}
                value={text}
                onChange={(e) => update((f) => setFile(f, path, e.target.value))}
              />
              {fileIssues.length > 0 && (
                <Alert
                  data-testid="form-issues"
                  type="error"
                  style={{ marginTop: 8 }}
                  message={<IssueList messages={fileIssues.map((i) => `${i.path || '/'}：${issueMessage(i)}`)} />}
                />
              )}
            </Card>
          </Col>
          <Col span={10}>
            <Card size="small" title="预览（与工单门户相同的渲染）" data-testid="form-preview">
              <Suspense fallback={<Spin />}>
                <FormPreview path={path} />
              </Suspense>
            </Card>
          </Col>
          <Col span={20} offset={4}>
            <FormActions path={path} />
          </Col>
        </>
      )}
    </Row>
  );
}
