// 流程: a city's BPMN process in bpmn-js with the Zeebe properties panel, linted on every change
// (bpmn-js-bpmnlint overlays on the diagram; the Chinese list below comes from the same rules).
// Loaded on demand: bpmn-js and the panel are the largest part of the app.
import 'bpmn-js/dist/assets/diagram-js.css';
import 'bpmn-js/dist/assets/bpmn-js.css';
import 'bpmn-js/dist/assets/bpmn-font/css/bpmn-embedded.css';
import '@bpmn-io/properties-panel/dist/assets/properties-panel.css';
import 'bpmn-js-bpmnlint/dist/assets/css/bpmn-js-bpmnlint.css';
import { Alert, Button, Card, Empty, Input, List, Select, Space, Tag, Typography } from 'antd';
import { useEffect, useMemo, useRef, useState } from 'react';
import BpmnModeler from 'bpmn-js/lib/Modeler';
import lintModule from 'bpmn-js-bpmnlint';
import { BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule } from 'bpmn-js-properties-panel';
import ZeebeBehaviorsModule from 'camunda-bpmn-js-behaviors/lib/camunda-cloud';
import zeebeModdle from 'zeebe-bpmn-moddle/resources/zeebe.json';
import { STAGES } from '@hotline/rules';
import { STAGE_LABELS } from '../i18n/labels';
import { createLinterConfig, ruleTitle, type LintContext, type LintIssue } from '@hotline/pack-review';
import { fileText, setFile } from '../state/pack-files';
import { useEditor } from '../editors/editor-context';
import { describeElement, setDeadlineStage, setTimerStage, setUserTaskForm, type DiagramElement, type DiagramServices, type HotlineElementInfo } from './hotline-element';
import { newProcessXml } from './new-process';
import { zhPropertiesPanelModule, zhTranslateModule } from './translate';

export interface ProcessEditorProps {
  /** The process file shown: `processes/ticket.bpmn`. */
  path: string | null;
  onOpen(path: string): void;
  lintContext: LintContext;
  /** Lint issues of the shown file (the same rules, run on the file's text). */
  issues: readonly LintIssue[];
  /** An element to select and scroll to (from the issue list). */
  focus: { elementId: string; at: number } | null;
}

interface EventBus {
  on(event: string, callback: (e: Record<string, unknown>) => void): void;
}
interface Services extends DiagramServices {
  canvas: { zoom(level?: string | number, center?: 'auto'): number; resized(): void; scrollToElement(element: unknown, padding?: number | Record<'top' | 'bottom' | 'left' | 'right', number>): void };
  elementRegistry: { get(id: string): DiagramElement | undefined };
  selection: { select(element: unknown): void };
  linting: { setLinterConfig(config: unknown): void };
}

const SEVERITY_TAG = { error: { color: 'red', text: '错误' }, warn: { color: 'orange', text: '警告' }, info: { color: 'blue', text: '提示' } } as const;

export default function ProcessEditor({ path, onOpen, lintContext, issues, focus }: ProcessEditorProps) {
  const { files, update } = useEditor();
  const canvasRef = useRef<HTMLDivElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const modelerRef = useRef<BpmnModeler | null>(null);
  const lastXml = useRef<string | null>(null);
  const pathRef = useRef(path);
  pathRef.current = path;
  const updateRef = useRef(update);
  updateRef.current = update;
  const [importError, setImportError] = useState<string | null>(null);
  const [selected, setSelected] = useState<DiagramElement | null>(null);
  const [, setRevision] = useState(0);
  const [newName, setNewName] = useState('');
  const text = path === null ? undefined : fileText(files, path);
  const processes = files.filter((f) => /^processes\/[^/]+\.bpmn$/.test(f.path)).map((f) => f.path);
  const forms = lintContext.forms ?? [];
  const contextKey = JSON.stringify(lintContext);
  const lintContextRef = useRef(lintContext);
  lintContextRef.current = lintContext;

  const service = <K extends keyof Services>(name: K): Services[K] | null => (modelerRef.current ? modelerRef.current.get<Services[K]>(name) : null);

  /** A diagram imported while its tab was hidden (no size yet) is fitted once the canvas has one. */
  const fitPending = useRef(false);
  /** The whole diagram, centred, zoomed out as far as needed (never in past 100 %). */
  const fit = () => {
    const canvas = service('canvas');
    const box = canvasRef.current?.getBoundingClientRect();
    if (!canvas || !box || box.width === 0 || box.height === 0) {
      fitPending.current = true;
      return;
    }
    fitPending.current = false;
    canvas.resized(); // diagram-js caches the container's size
    canvas.zoom('fit-viewport', 'auto');
  };

  /** Selects an element and brings it into view, zooming in when the whole diagram is shown small. */
  const reveal = (elementId: string | null) => {
    const element = elementId === null ? undefined : service('elementRegistry')?.get(elementId);
    const canvas = service('canvas');
    if (!element || !canvas) return;
    if (canvas.zoom() < 0.8) canvas.zoom(1);
    service('selection')?.select(element);
    canvas.scrollToElement(element, { top: 150, bottom: 150, left: 300, right: 150 });
  };

  useEffect(() => {
    const modeler = new BpmnModeler({
      container: canvasRef.current!,
      propertiesPanel: { parent: panelRef.current! },
      additionalModules: [BpmnPropertiesPanelModule, BpmnPropertiesProviderModule, ZeebePropertiesProviderModule, ZeebeBehaviorsModule, lintModule, zhTranslateModule, zhPropertiesPanelModule],
      moddleExtensions: { zeebe: zeebeModdle },
      linting: { bpmnlint: createLinterConfig(lintContextRef.current), active: true },
    });
    modelerRef.current = modeler;
    const bus = modeler.get<EventBus>('eventBus');
    bus.on('commandStack.changed', (e) => {
      if (e.trigger === 'clear') return; // an import, not an edit
      const target = pathRef.current;
      void modeler.saveXML({ format: true }).then(({ xml }) => {
        if (xml === undefined || target === null) return;
        lastXml.current = xml;
        updateRef.current((f) => setFile(f, target, xml));
      });
    });
    bus.on('selection.changed', (e) => {
      const list = e.newSelection as DiagramElement[] | undefined;
      setSelected(list?.[0] ?? null);
    });
    bus.on('elements.changed', () => setRevision((r) => r + 1));
    // the tab shown, the window or the side panel resized: diagram-js must learn the new size
    const resizes = new ResizeObserver(() => {
      if (fitPending.current) fit();
      else if (canvasRef.current?.offsetWidth) modeler.get<Services['canvas']>('canvas').resized();
    });
    resizes.observe(canvasRef.current!);
    return () => {
      resizes.disconnect();
      modeler.destroy();
      modelerRef.current = null;
      // a new modeler (React's StrictMode mounts twice in development) must import the file again
      lastXml.current = null;
    };
    // The modeler lives as long as the tab; the file and the lint context are pushed in below.
  }, []);

  useEffect(() => {
    const modeler = modelerRef.current;
    if (!modeler || text === undefined || text === lastXml.current) return;
    lastXml.current = text;
    setImportError(null);
    setSelected(null);
    // a modeler destroyed meanwhile (unmounted) reports nothing
    const current = () => modelerRef.current === modeler;
    modeler
      .importXML(text)
      .then(({ warnings }) => {
        if (!current()) return;
        fit();
        if (warnings.length > 0) setImportError(`导入时有 ${warnings.length} 条警告：${warnings.map((w) => String((w as { message?: unknown }).message ?? w)).join('；')}`);
      })
      .catch((e: unknown) => current() && setImportError(`无法打开此流程：${e instanceof Error ? e.message : String(e)}`));
  }, [path, text]);

  useEffect(() => {
    service('linting')?.setLinterConfig(createLinterConfig(lintContext));
  }, [contextKey]);

  useEffect(() => {
    if (!focus) return;
    reveal(focus.elementId);
  }, [focus]);

  const info: HotlineElementInfo | null = selected ? describeElement(selected) : null;
  const services = (): DiagramServices | null => {
    const modeling = service('modeling');
    const moddle = service('moddle');
    return modeling && moddle ? { modeling, moddle } : null;
  };

  const errors = useMemo(() => issues.filter((i) => i.severity === 'error').length, [issues]);

  return (
    <div className="process-editor" data-testid="process-editor">
      <Space style={{ marginBottom: 8 }} wrap>
        <Typography.Text strong>流程文件</Typography.Text>
        <Select
          data-testid="process-select"
          style={{ minWidth: 260 }}
          value={path ?? undefined}
          placeholder="选择流程"
          options={processes.map((p) => ({ value: p, label: p }))}
          onChange={(p: string) => onOpen(p)}
        />
        <Space.Compact>
          <Input data-testid="process-new-name" placeholder="新流程文件名，如 ticket" value={newName} onChange={(e) => setNewName(e.target.value.trim())} style={{ width: 200 }} />
          <Button
            data-testid="process-add"
            disabled={!/^[a-z][a-z0-9-]*$/.test(newName) || processes.includes(`processes/${newName}.bpmn`)}
            onClick={() => {
              const target = `processes/${newName}.bpmn`;
              update((f) => setFile(f, target, newProcessXml(newName, newName)));
              onOpen(target);
              setNewName('');
            }}
          >
            新建流程
          </Button>
        </Space.Compact>
        <Button data-testid="process-fit" onClick={fit}>
          适应画布
        </Button>
        <Tag color={errors > 0 ? 'red' : 'green'} data-testid="lint-summary">
          {errors > 0 ? `${errors} 个错误` : '检查通过'}
          {issues.length > errors ? `，${issues.length - errors} 个警告/提示` : ''}
        </Tag>
      </Space>
      {importError && <Alert type="error" showIcon message={importError} style={{ marginBottom: 8 }} data-testid="process-import-error" />}
      {path === null && <Empty description="城市包中还没有流程：输入文件名后点“新建流程”" />}
      <div className="process-workspace" style={{ display: path === null ? 'none' : 'flex' }}>
        <div className="process-canvas" ref={canvasRef} data-testid="bpmn-canvas" />
        <div className="process-side">
          <HotlinePanel info={info} forms={forms} stages={lintContext.stages} onForm={(form) => { const s = services(); if (s && selected) setUserTaskForm(selected, s, form); }} onTimerStage={(stage) => { const s = services(); if (s && selected) setTimerStage(selected, s, stage); }} onDeadlineStage={(stage) => { const s = services(); if (s && selected) setDeadlineStage(selected, s, stage); }} />
          <div className="properties-panel" ref={panelRef} data-testid="properties-panel" />
        </div>
      </div>
      {path !== null && (
        <Card size="small" title={`流程检查（${issues.length}）`} style={{ marginTop: 8 }}>
          <List
            data-testid="lint-list"
            size="small"
            dataSource={[...issues]}
            locale={{ emptyText: '没有发现问题' }}
            renderItem={(issue) => (
              <List.Item
                data-testid={`lint-issue-${issue.elementId ?? 'file'}`}
                style={{ cursor: issue.elementId ? 'pointer' : undefined }}
                onClick={() => reveal(issue.elementId)}
              >
                <Space align="start">
                  <Tag color={SEVERITY_TAG[issue.severity].color}>{SEVERITY_TAG[issue.severity].text}</Tag>
                  <Typography.Text type="secondary" style={{ minWidth: 120, display: 'inline-block' }}>
                    {ruleTitle(issue.rule)}
                  </Typography.Text>
                  {issue.elementId && <Typography.Text code>{issue.elementId}</Typography.Text>}
                  <span>{issue.message}</span>
                </Space>
              </List.Item>
            )}
          />
        </Card>
      )}
    </div>
  );
}

function HotlinePanel({
  info,
  forms,
  stages,
  onForm,
  onTimerStage,
  onDeadlineStage,
}: {
  info: HotlineElementInfo | null;
  forms: readonly string[];
  stages: readonly string[] | undefined;
  onForm(form: string): void;
  onTimerStage(stage: string): void;
  onDeadlineStage(stage: string): void;
}) {
  if (info === null || info.kind === 'other') return null;
  const stageOptions = STAGES.map((s) => ({ value: s, label: `${STAGE_LABELS[s]}（${s}）`, disabled: stages !== undefined && !stages.includes(s) }));
  return (
    <Card size="small" title="热线设置" data-testid="hotline-panel" style={{ marginBottom: 8 }}>
      {info.kind === 'userTask' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">办理表单（城市包 forms/）</Typography.Text>
          <Select data-testid="hotline-form-select" style={{ width: '100%' }} value={info.form ?? undefined} placeholder="选择表单" options={forms.map((f) => ({ value: f, label: f }))} onChange={onForm} />
          {info.formKey && !info.form && <Typography.Text type="danger">表单键 {info.formKey} 不是 hotline:&lt;表单名&gt;</Typography.Text>}
        </Space>
      )}
      {info.kind === 'timer' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">到期时间读取哪个阶段的期限（=&lt;阶段&gt;Due）</Typography.Text>
          <Select data-testid="hotline-timer-stage" style={{ width: '100%' }} value={info.stage !== null && (STAGES as readonly string[]).includes(info.stage) ? info.stage : undefined} placeholder={info.timeDate ? `当前：${info.timeDate}` : '选择阶段'} options={stageOptions} onChange={onTimerStage} />
        </Space>
      )}
      {info.kind === 'serviceTask' && (
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text type="secondary">计算期限（hotline.deadline）的阶段</Typography.Text>
          <Select data-testid="hotline-deadline-stage" style={{ width: '100%' }} value={info.jobType === 'hotline.deadline' ? (info.stage ?? undefined) : undefined} placeholder={info.jobType ? `作业类型 ${info.jobType}` : '选择阶段，设为期限计算任务'} options={stageOptions} onChange={onDeadlineStage} />
        </Space>
      )}
    </Card>
  );
}
