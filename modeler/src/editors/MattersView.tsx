// 诉求事项分类: the pack's matter taxonomy (matters.json) as a tree with codes, read-only here — the
// centre keeps it in a spreadsheet and imports it (`hotline city matters import`), or edits the file
// under 文件. Functional and disputed marks are shown as inherited.
import { Alert, Card, Descriptions, Empty, Tag, Tree, type TreeDataNode } from 'antd';
import { MatterTaxonomy, type MatterNode, type MatterTaxonomyFile } from '@hotline/rules';
import { IssueBanner } from './common';
import { useEditor, useJsonFile } from './editor-context';

const FILE = 'matters.json';

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

export function MattersView() {
  const { files } = useEditor();
  const { read } = useJsonFile<MatterTaxonomyFile>(files.some((f) => f.path === FILE) ? FILE : null);
  if (read === null) return <Empty data-testid="matters-none" description="本城市包没有诉求事项分类（matters.json）" />;
  if (!read.ok || !Array.isArray(read.value?.matters)) return <IssueBanner messages={[read.ok ? 'matters.json 缺少 matters 列表' : read.message]} />;
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
      <Card size="small" title="诉求事项分类（只读；用 hotline city matters import 从表格导入，或在“文件”中编辑）">
        <Tree data-testid="matters-tree" treeData={treeOf(file.matters, taxonomy)} defaultExpandedKeys={file.matters.map((m) => m.code)} selectable={false} />
      </Card>
    </div>
  );
}
