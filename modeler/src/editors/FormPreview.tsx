// The live preview of one form: resolved for a sample ticket with @hotline/forms (as the server
// does for the portal), rendered with @rjsf and its antd theme. Loaded on demand (its own chunk).
import { Alert, Button, Select, Space, Typography } from 'antd';
import { Component, useMemo, useState, type ReactNode } from 'react';
import Form from '@rjsf/antd';
import { customizeValidator } from '@rjsf/validator-ajv8';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { resolveForm, type FormFile } from '@hotline/forms';
import { parseInstant, parseLocalDate, validatePack } from '@hotline/rules';
import { fileText, readJson } from '../state/pack-files';
import { useEditor } from './editor-context';

const validator = customizeValidator({
  AjvClass: Ajv2020 as never,
  customFormats: { date: (s: string) => parseLocalDate(s) !== null, 'date-time': (s: string) => parseInstant(s).ok },
});

const SAMPLE_UNITS = [
  { key: 'unitA', label: '示例承办单位甲' },
  { key: 'unitB', label: '示例承办单位乙' },
];
const SAMPLE_PLACES = [
  { key: 'placeA', label: '示例区 › 示例街道甲' },
  { key: 'placeB', label: '示例区 › 示例街道乙' },
];

class PreviewBoundary extends Component<{ children: ReactNode; resetKey: string }, { error: string | null; key: string }> {
  override state = { error: null as string | null, key: this.props.resetKey };
  static getDerivedStateFromError(error: unknown) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
  static getDerivedStateFromProps(props: { resetKey: string }, state: { key: string }) {
    return props.resetKey !== state.key ? { error: null, key: props.resetKey } : null;
  }
  override render() {
    return this.state.error ? <Alert type="error" showIcon message="表单无法渲染" description={this.state.error} /> : this.props.children;
  }
}

export default function FormPreview({ path }: { path: string }) {
  const { files } = useEditor();
  const [type, setType] = useState<string | undefined>(undefined);
  const [urgency, setUrgency] = useState<string | undefined>(undefined);
  const [data, setData] = useState<unknown>({});
  const [result, setResult] = useState<string | null>(null);
  const pack = useMemo(() => validatePack(files), [files]);
  const formText = fileText(files, path);

  const resolved = useMemo(() => {
    if (!pack.ok) return { error: '城市包还有问题，修正后才能按规则预览表单（见“问题”）' };
    const form = readJson<FormFile>([{ path, text: formText ?? '' }], path);
    if (!form.ok) return { error: form.message };
    try {
      return { form: resolveForm(form.value, { pack: pack.pack, units: SAMPLE_UNITS, places: SAMPLE_PLACES, ticket: { ...(type ? { type } : {}), ...(urgency ? { urgency } : {}) } }) };
    } catch (e) {
      return { error: e instanceof Error ? e.message : String(e) };
    }
  }, [pack, path, formText, type, urgency]);

  const city = pack.ok ? pack.pack.city : null;
  return (
    <div>
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text type="secondary">示例工单</Typography.Text>
        <Select
          data-testid="preview-type"
          allowClear
          placeholder="诉求类型"
          style={{ width: 130 }}
          value={type}
          onChange={setType}
          options={city?.ticketTypes.map((t) => ({ value: t.key, label: t.label })) ?? []}
        />
        <Select
          data-testid="preview-urgency"
          allowClear
          placeholder="紧急程度"
          style={{ width: 200 }}
          value={urgency}
          onChange={setUrgency}
          options={city?.urgencyClasses.map((u) => ({ value: u.key, label: u.label })) ?? []}
        />
      </Space>
      {'error' in resolved ? (
        <Alert data-testid="preview-error" type="warning" showIcon message={resolved.error} />
      ) : (
        <PreviewBoundary resetKey={JSON.stringify(resolved.form.schema)}>
          <Form
            schema={resolved.form.schema as RJSFSchema}
            uiSchema={resolved.form.uiSchema as UiSchema}
            validator={validator}
            formData={data}
            onChange={(e) => setData(e.formData)}
            onSubmit={() => setResult('填写内容符合表单要求')}
            onError={(errors) => setResult(`有 ${errors.length} 处不符合要求`)}
            showErrorList={false}
            noHtml5Validate
          >
            <Space>
              <Button type="primary" htmlType="submit" data-testid="preview-submit">
                试提交
              </Button>
              <Button onClick={() => { setData({}); setResult(null); }}>清空</Button>
              {result && <Typography.Text data-testid="preview-result">{result}</Typography.Text>}
            </Space>
          </Form>
        </PreviewBoundary>
      )}
    </div>
  );
}
