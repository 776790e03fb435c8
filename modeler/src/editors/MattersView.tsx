// 诉求事项分类: the pack's matter taxonomy (matters.json) as a tree with codes. The centre keeps it in a
// spreadsheet in the provincial standards' shape: 从表格导入 reads one (the server names every bad cell)
// and puts its classes into the draft like any other edit. Functional and disputed marks show inherited.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, Card, Descriptions, Empty, Tag, Tree, Upload, type TreeDataNode } from 'antd';
import { useState } from 'react';
import { MatterTaxonomy, MATTERS_FILE, type MatterNode, type MatterTaxonomyFile, withImportedMatters } from '@hotline/rules';
import { ApiError, type HotlineApi } from '../api';
import { formatJson, setFile } from '../state/pack-files';
import { IssueBanner } from './common';
import { useEditor, useJsonFile } from './editor-context';

const FILE = MATTERS_FILE;

function treeOf(nodes: readonly MatterNode[], taxonomy: MatterTaxonomy): TreeDataNode[] {
  return nodes.map((node) => ({
    key: node.code,
    title: (
      <span data-testid={`matter-${node.code}`}>
        <code>{node.code}</code> {node.label}
        {taxonomy.isFunctional(node.code) && <Tag color="blue" style={{ marginLeft: 8 }}>职能部门事项</Tag>}
        {taxonomy.isDisputed(node.code) && <Tag color="orange">存在争议</Tag>}
      </span>
    ),
    ...(node.children?.length ? { children: treeOf(node.children, taxonomy) } : {}),
  }));
}

/** 从表格导入: the server reads the table; its classes replace the draft's, the standard followed stays. */
function ImportTable({ api, city, previous }: { api: HotlineApi; city: string; previous: Partial<MatterTaxonomyFile> }) {
  const { update } = useEditor();
  const { message } = AntApp.useApp();
  const [problems, setProblems] = useState<string[]>([]);
  const read = async (table: File) => {
    try {
      const result = await api.readMatterTable(city, table, table.name);
      setProblems([]);
      const next = withImportedMatters(previous, result.matters, { source: `从表格 ${table.name} 导入` });
      update((files) => setFile(files, FILE, formatJson(next)));
      void message.success(`已从 ${table.name} 读入 ${result.classes} 个分类（${result.leaves} 个末级事项），保存草稿后生效`);
    } catch (error) {
      const issues = error instanceof ApiError ? error.issues : [];
      setProblems(issues.length > 0 ? issues.map((i) => `${i.file}：${i.messageZh ?? i.message}`) : [`导入失败：${(error as Error).message}`]);
    }
  };
  return (
    <>
      <Upload accept=".xlsx,.csv" showUploadList={false} beforeUpload={(table) => {
          void read(table);
          return false;
        }}>
        <Button data-testid="matters-import" icon={<UploadOutlined />}>从表格导入（xlsx / CSV）</Button>
      </Upload>
      {problems.length > 0 && <IssueBanner messages={problems} />}
    </>
  );
}

export function MattersView({ api, city }: { api?: HotlineApi | undefined; city?: string | null | undefined }) {
  const { files } = useEditor();
  const { read } = useJsonFile<MatterTaxonomyFile>(files.some((f) => f.path === FILE) ? FILE : null);
  const importer = api && city ? <ImportTable api={api} city={city} previous={read?.ok ? read.value : {}} /> : null;
  if (read === null) return <div data-testid="matters-none"><Empty description="本城市包没有诉求事项分类（matters.json）" />{importer}</div>;
  if (!read.ok || !Array.isArray(read.value?.matters)) return <>{importer}<IssueBanner messages={[read.ok ? 'matters.json 缺少 matters 列表' : read.message]} /></>;
  const file = read.value;
  const taxonomy = new MatterTaxonomy(file.matters);
  return (
    <div data-testid="matters-view">
      {file.assumption && <Alert type="warning" showIcon style={{ marginBottom: 12 }} message="本分类为假设，须由热线工作机构确认" description={file.assumption} />}
      <Card size="small" style={{ marginBottom: 12 }}>
        <Descriptions size="small" column={1}>
          {file.standard && <Descriptions.Item label="参照标准">{file.standard}</Descriptions.Item>}
          {file.source && <Descriptions.Item label="来源">{file.source}</Descriptions.Item>}
          <Descriptions.Item label="规模">{`${taxonomy.size} 个分类，其中 ${taxonomy.leaves().length} 个末级事项`}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card size="small" title="诉求事项分类" extra={importer}>
        <Tree data-testid="matters-tree" treeData={treeOf(file.matters, taxonomy)} defaultExpandedKeys={file.matters.map((m) => m.code)} selectable={false} />
      </Card>
    </div>
  );
}
