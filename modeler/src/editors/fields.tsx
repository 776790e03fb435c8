// Declarative fields for the smaller editors (policies, rating, redirects): each field reads and
// writes one JSON pointer of the rule version, and shows the issues at that pointer.
import { Checkbox, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import { PERIOD_UNITS } from '@hotline/rules';
import { UNIT_LABELS } from '../i18n/labels';
import { getAt, setAt } from '../state/json-pointer';
import { messagesFor } from '../state/issues';
import { Citation, issueStatus } from './common';

export type FieldSpec =
  | { kind: 'bool'; key: string; label: string; tooltip?: string }
  | { kind: 'int'; key: string; label: string; min?: number; tooltip?: string }
  /** An integer, or null meaning "no limit" (the checkbox says what null means). */
  | { kind: 'nullableInt'; key: string; label: string; min?: number; nullLabel: string; tooltip?: string }
  /** An optional period `{ amount, unit }`: cleared removes the key. */
  | { kind: 'period'; key: string; label: string; tooltip?: string }
  | { kind: 'enum'; key: string; label: string; options: Array<{ value: string; label: string }>; tooltip?: string }
  | { kind: 'multi'; key: string; label: string; options: Array<{ value: string; label: string }>; tooltip?: string }
  /** `cites`: the text is a source, shown below as the regulation's title and article. */
  | { kind: 'text'; key: string; label: string; multiline?: boolean; required?: boolean; placeholder?: string; tooltip?: string; cites?: boolean };

export interface FieldsProps {
  /** The object being edited (e.g. the version's policies.extension). */
  value: unknown;
  specs: readonly FieldSpec[];
  /** Issues below the object, keyed by relative pointer (see fieldIssues). */
  issues: ReadonlyMap<string, readonly string[]>;
  onChange: (next: unknown) => void;
  testId: string;
}

export function Fields({ value, specs, issues, onChange, testId }: FieldsProps) {
  const set = (key: string, v: unknown) => onChange(setAt(value ?? {}, `/${key}`, v));
  return (
    <>
      {specs.map((spec) => {
        const current = getAt(value, `/${spec.key}`);
        const id = `${testId}-${spec.key}`;
        const status = issueStatus(messagesFor(issues, spec.key));
        const common = { label: spec.label, tooltip: spec.tooltip, ...status };
        switch (spec.kind) {
          case 'bool':
            return (
              <Form.Item key={spec.key} {...common}>
                <Switch data-testid={id} checked={current === true} onChange={(c) => set(spec.key, c)} checkedChildren="是" unCheckedChildren="否" />
              </Form.Item>
            );
          case 'int':
            return (
              <Form.Item key={spec.key} {...common}>
                <InputNumber data-testid={id} precision={0} value={typeof current === 'number' ? current : null} onChange={(n) => set(spec.key, typeof n === 'number' ? n : undefined)} />
              </Form.Item>
            );
          case 'nullableInt':
            return (
              <Form.Item key={spec.key} {...common}>
                <Space>
                  <InputNumber
                    data-testid={id}
                   
                    precision={0}
                    disabled={current === null}
                    value={typeof current === 'number' ? current : null}
                    onChange={(n) => set(spec.key, typeof n === 'number' ? n : undefined)}
                  />
                  <Checkbox data-testid={`${id}-null`} checked={current === null} onChange={(e) => set(spec.key, e.target.checked ? null : (spec.min ?? 1))}>
                    {spec.nullLabel}
                  </Checkbox>
                </Space>
              </Form.Item>
            );
          case 'period': {
            const p = (current ?? {}) as { amount?: number; unit?: string };
            return (
              <Form.Item key={spec.key} {...common}>
                <Space.Compact>
                  <InputNumber
                    data-testid={`${id}-amount`}
                   
                    precision={0}
                    placeholder="不设"
                    value={typeof p.amount === 'number' ? p.amount : null}
                    onChange={(n) => set(spec.key, typeof n === 'number' ? { ...p, amount: n, unit: p.unit ?? 'workingDay' } : undefined)}
                  />
                  <Select
                    data-testid={`${id}-unit`}
                    style={{ width: 110 }}
                    value={p.unit}
                    placeholder="单位"
                    options={PERIOD_UNITS.map((u) => ({ value: u, label: UNIT_LABELS[u] }))}
                    onChange={(unit: string) => set(spec.key, { amount: p.amount ?? 1, ...p, unit })}
                  />
                </Space.Compact>
              </Form.Item>
            );
          }
          case 'enum':
            return (
              <Form.Item key={spec.key} {...common}>
                <Select data-testid={id} style={{ minWidth: 200 }} value={current as string | undefined} options={spec.options} onChange={(v: string) => set(spec.key, v)} />
              </Form.Item>
            );
          case 'multi':
            return (
              <Form.Item key={spec.key} {...common}>
                <Select
                  data-testid={id}
                  mode="multiple"
                  style={{ minWidth: 300 }}
                  value={Array.isArray(current) ? (current as string[]) : []}
                  options={spec.options}
                  onChange={(v: string[]) => set(spec.key, v)}
                />
              </Form.Item>
            );
          case 'text': {
            const text = typeof current === 'string' ? current : '';
            const write = (t: string) => set(spec.key, t === '' && !spec.required ? undefined : t);
            return (
              <Form.Item key={spec.key} {...common} required={spec.required} extra={spec.cites ? <Citation source={current} testId={`${id}-citation`} /> : undefined}>
                {spec.multiline ? (
                  <Input.TextArea data-testid={id} autoSize={{ minRows: 2, maxRows: 8 }} placeholder={spec.placeholder} value={text} onChange={(e) => write(e.target.value)} />
                ) : (
                  <Input data-testid={id} placeholder={spec.placeholder} value={text} onChange={(e) => write(e.target.value)} />
                )}
              </Form.Item>
            );
          }
        }
      })}
    </>
  );
}

/** source, assumption, note: the fields every pack value carries. */
export const SOURCED_FIELDS: readonly FieldSpec[] = [
  { kind: 'text', key: 'source', label: '依据条款', required: true, placeholder: 'tianjin-implementing-rules-2025.txt §12', cites: true },
  { kind: 'text', key: 'assumption', label: '假设说明', multiline: true, tooltip: '法规未规定、由我们设定的值：写明假设了什么、需向谁确认' },
  { kind: 'text', key: 'note', label: '备注', multiline: true },
];
