// 文件: every file of the pack as text, for what no form above covers (city.json's ticket types and
// urgency classes, a version's documents, channels, office hours, supervision triggers).
import { Alert, Col, List, Row, Typography, Input, Badge } from 'antd';
import { useState } from 'react';
import { issueText } from '../state/issue-place';
import { setFile } from '../state/pack-files';
import { IssueList } from './common';
import { useEditor } from './editor-context';

export function FilesEditor({ initialPath }: { initialPath?: string | null }) {
  const { files, issues, update } = useEditor();
  const [selected, setSelected] = useState<string | null>(initialPath ?? null);
  const current = files.find((f) => f.path === selected) ?? files.find((f) => f.path === 'city.json') ?? files[0] ?? null;
  const fileIssues = current ? issues.filter((i) => i.file === current.path) : [];
  return (
    <Row gutter={12} data-testid="files-editor">
      <Col span={6}>
        <List
          size="small"
          bordered
          dataSource={files.map((f) => f.path)}
          renderItem={(p) => (
            <List.Item data-testid={`file-item-${p}`} onClick={() => setSelected(p)} style={{ cursor: 'pointer', background: p === current?.path ? '#e6f4ff' : undefined }}>
              <Badge count={issues.filter((i) => i.file === p).length} size="small" offset={[8, 0]}>
                <Typography.Text>{p}</Typography.Text>
              </Badge>
            </List.Item>
          )}
        />
      </Col>
      <Col span={18}>
        {current && (
          <>
            {fileIssues.length > 0 && (
              <Alert type="error" style={{ marginBottom: 8 }} message={<IssueList messages={fileIssues.map(issueText)} />} />
            )}
            <Input.TextArea
              data-testid="file-text-editor"
              className="code-editor"
              spellCheck={false}
              autoSize={{ minRows: 30, maxRows: 60 }}
              value={current.text}
              onChange={(e) => update((f) => setFile(f, current.path, e.target.value))}
            />
          </>
        )}
      </Col>
    </Row>
  );
}
