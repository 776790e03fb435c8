// A knowledge entry's version as its unit writes it: category (the pack's tree), kind (bounds the
// validity, Tianjin 2025 §19), title, content, the document it rests on, classification (涉密 and 个人隐私
// are refused, §20), effective and expiry dates. The server's refusals show under their fields.
import { Alert, Button, DatePicker, Drawer, Form, Input, Radio, Select, Space, TreeSelect } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { ApiError, describeError } from '../../api/errors';
import type { KnowledgeDraft, KnowledgeSettings, KnowledgeVersion } from './knowledge-api';

interface Values {
  category?: string;
  kind?: string;
  title?: string;
  content?: string;
  basis?: string;
  classification?: KnowledgeDraft['classification'];
  effectiveFrom?: Dayjs;
  expiresOn?: Dayjs;
  policyPublishAt?: Dayjs | null;
}

type TreeNode = { value: string; title: string; children?: TreeNode[] };

/** The flat category list as a tree for the picker. Pure. */
export function categoryTree(categories: KnowledgeSettings['categories']): TreeNode[] {
  const nodes = new Map<string, TreeNode>(categories.map((c) => [c.key, { value: c.key, title: c.label }]));
  const roots: TreeNode[] = [];
  for (const c of categories) {
    const node = nodes.get(c.key)!;
    const parent = c.parent ? nodes.get(c.parent) : undefined;
    if (parent) (parent.children ??= []).push(node);
    else roots.push(node);
  }
  return roots;
}

const FIELD_NAMES = ['category', 'kind', 'title', 'content', 'basis', 'classification', 'effectiveFrom', 'expiresOn', 'policyPublishAt'] as const;

export function KnowledgeEditor(props: { open: boolean; title: string; settings: KnowledgeSettings; initial?: KnowledgeVersion; onClose: () => void; onSave: (draft: KnowledgeDraft) => Promise<void> }) {
  const [form] = Form.useForm<Values>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const initial: Values = props.initial
    ? {
        ...props.initial,
        classification: 'public',
        effectiveFrom: dayjs(props.initial.effectiveFrom),
        expiresOn: dayjs(props.initial.expiresOn),
        policyPublishAt: props.initial.policyPublishAt ? dayjs(props.initial.policyPublishAt) : null,
      }
    : { classification: 'public' };

  const save = async () => {
    setError(null);
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    setBusy(true);
    try {
      await props.onSave({
        category: v.category!,
        kind: v.kind!,
        title: v.title!.trim(),
        content: v.content!.trim(),
        basis: v.basis!.trim(),
        classification: v.classification!,
        effectiveFrom: v.effectiveFrom!.format('YYYY-MM-DD'),
        expiresOn: v.expiresOn!.format('YYYY-MM-DD'),
        policyPublishAt: v.policyPublishAt ? v.policyPublishAt.toISOString() : null,
      });
    } catch (e) {
      const problems = e instanceof ApiError ? (e.fieldProblems ?? []) : [];
      const onFields = problems.filter((p) => (FIELD_NAMES as readonly string[]).includes(p.path.replace(/^\//, '')));
      form.setFields(onFields.map((p) => ({ name: p.path.replace(/^\//, '') as (typeof FIELD_NAMES)[number], errors: [p.message] })));
      setError(onFields.length > 0 ? `保存未成功：有 ${onFields.length} 处需要修改，请按字段下方的红色提示修改。` : describeError(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer open={props.open} onClose={props.onClose} width={640} title={props.title} destroyOnHidden data-testid="knowledge-editor">
      {error ? <Alert type="error" showIcon style={{ marginBottom: 12 }} message={error} data-testid="knowledge-save-error" /> : null}
      <Form form={form} layout="vertical" initialValues={initial} disabled={busy}>
        <Form.Item name="category" label="目录" rules={[{ required: true, message: '请选择知识库目录中的分类' }]}>
          <TreeSelect treeData={categoryTree(props.settings.categories)} treeDefaultExpandAll placeholder="选择分类" data-testid="knowledge-category" />
        </Form.Item>
        <Form.Item name="kind" label="类型" rules={[{ required: true, message: '请选择类型' }]} extra="类型决定最长有效期：规范性文件不超过5年，办事指南、业务解读不超过1年，答复口径不超过6个月。">
          <Select options={props.settings.kinds.map((k) => ({ value: k.key, label: k.label }))} placeholder="选择类型" data-testid="knowledge-kind" />
        </Form.Item>
        <Form.Item name="title" label="标题" rules={[{ required: true, message: '请填写标题' }, { max: 200, message: '标题不超过200字' }]}>
          <Input data-testid="knowledge-title" />
        </Form.Item>
        <Form.Item name="content" label="内容" rules={[{ required: true, message: '请填写内容' }]} extra="写明适用范围、适用主体、适用条件和常见问题解答（实施细则第十六条）；不得含有个人信息（如手机号码、身份证号码）。">
          <Input.TextArea rows={8} data-testid="knowledge-content-input" />
        </Form.Item>
        <Form.Item name="basis" label="依据" rules={[{ required: true, message: '请填写所依据的法律、法规、规章或规范性文件' }]}>
          <Input placeholder="如：《住房公积金管理条例》第二十四条" data-testid="knowledge-basis" />
        </Form.Item>
        <Form.Item name="classification" label="密级/属性" rules={[{ required: true }]} extra="涉及国家秘密、工作秘密、商业秘密、个人隐私的内容不得上传至热线知识库（实施细则第二十条）。">
          <Radio.Group data-testid="knowledge-classification">
            <Radio value="public">可公开</Radio>
            <Radio value="secret">涉密</Radio>
            <Radio value="personal">个人隐私</Radio>
          </Radio.Group>
        </Form.Item>
        <Space size={16}>
          <Form.Item name="effectiveFrom" label="生效日期" rules={[{ required: true, message: '请选择生效日期' }]}>
            <DatePicker data-testid="knowledge-from" />
          </Form.Item>
          <Form.Item name="expiresOn" label="失效日期" rules={[{ required: true, message: '请选择失效日期' }]}>
            <DatePicker data-testid="knowledge-to" />
          </Form.Item>
        </Space>
        <Form.Item
          name="policyPublishAt"
          label="政策公开发布时间"
          extra={`发布或调整与公众利益密切相关的政策的，填写公开发布时间，并至少提前 ${props.settings.policyNoticeLeadText} 提交（实施细则第十八条）；不涉及的不填。`}
        >
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" data-testid="knowledge-policy-at" />
        </Form.Item>
      </Form>
      <Space>
        <Button type="primary" loading={busy} onClick={() => void save()} data-testid="knowledge-save">
          保存草稿
        </Button>
        <Button onClick={props.onClose}>取消</Button>
      </Space>
    </Drawer>
  );
}
