// Small pieces the pack editors share: issue messages beside a field, the rule version picker,
// and a cited source as the regulation's title and article.
import { Alert, Select, Space, Tooltip, Typography } from 'antd';
import type { ReactNode } from 'react';
import { citeSource, type SourceDocumentRef } from '@hotline/rules';
import { readJson } from '../state/pack-files';
import { useEditor } from './editor-context';

/** antd Form.Item props that show the issues of a field in red under it. */
export function issueStatus(messages: readonly string[]): { validateStatus?: 'error'; help?: ReactNode } {
  return messages.length === 0 ? {} : { validateStatus: 'error', help: <IssueList messages={messages} /> };
}

export function IssueList({ messages, testId }: { messages: readonly string[]; testId?: string }) {
  if (messages.length === 0) return null;
  return (
    <div data-testid={testId ?? 'field-issues'} className="field-issues">
      {messages.map((m, i) => (
        <Typography.Text key={i} type="danger" style={{ display: 'block', fontSize: 12 }}>
          {m}
        </Typography.Text>
      ))}
    </div>
  );
}

/** Issues that concern a whole list or file, shown above the editor. */
export function IssueBanner({ messages, testId }: { messages: readonly string[]; testId?: string }) {
  if (messages.length === 0) return null;
  return <Alert type="error" showIcon data-testid={testId ?? 'issue-banner'} style={{ marginBottom: 12 }} message={<IssueList messages={messages} />} />;
}

/** `tianjin-implementing-rules-2025.txt §9` as 《…实施细则》第九条, the file and full title in a tooltip. */
export function Citation({ source, testId }: { source: unknown; testId?: string }) {
  const { files, ruleVersionPath } = useEditor();
  if (typeof source !== 'string' || source.trim() === '') return null;
  const read = ruleVersionPath === null ? null : readJson<{ documents?: SourceDocumentRef[] }>(files, ruleVersionPath);
  const documents = read?.ok && Array.isArray(read.value?.documents) ? read.value.documents : [];
  return (
    <Typography.Text type="secondary" data-testid={testId ?? 'citation'} style={{ display: 'block', fontSize: 12 }}>
      {citeSource(source, documents).map((part, i) => (
        <span key={i}>
          {i > 0 && '；'}
          {part.file ? (
            <Tooltip title={`${part.title ?? '（本版本的法规文件中没有此文件）'} · ${part.file}`}>
              <span className="citation" data-file={part.file}>
                {part.text}
              </span>
            </Tooltip>
          ) : (
            part.text
          )}
        </span>
      ))}
    </Typography.Text>
  );
}

export function ruleVersionPaths(paths: readonly string[]): string[] {
  return paths.filter((p) => /^versions\/[^/]+\.json$/.test(p)).sort();
}

export function RuleVersionPicker() {
  const { files, ruleVersionPath, setRuleVersionPath, issues } = useEditor();
  const options = ruleVersionPaths(files.map((f) => f.path)).map((path) => {
    const read = readJson<{ name?: string; effectiveFrom?: string; effectiveTo?: string; draft?: boolean }>(files, path);
    const v = read.ok ? read.value : {};
    const count = issues.filter((i) => i.file === path).length;
    const dates = `${v.effectiveFrom ?? '?'} 至 ${v.effectiveTo ?? '今'}`;
    return {
      value: path,
      label: `${path.replace(/^versions\/|\.json$/g, '')}：${v.name ?? ''}（${dates}）${v.draft ? '［草案］' : ''}${count ? ` · ${count} 个问题` : ''}`,
    };
  });
  return (
    <Space style={{ marginBottom: 12 }}>
      <Typography.Text strong>规则版本</Typography.Text>
      <Select
        data-testid="rule-version-select"
        style={{ minWidth: 420 }}
        value={ruleVersionPath ?? undefined}
        options={options}
        onChange={(v: string) => setRuleVersionPath(v)}
      />
    </Space>
  );
}
