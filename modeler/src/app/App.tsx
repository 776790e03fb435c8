// The modeler: a city's process beside its pack editors, every edit validated as staff type, and
// publishing only when nothing is wrong.
import { CloudUploadOutlined, FolderOpenOutlined, NodeIndexOutlined, PlusOutlined, SaveOutlined, UndoOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Badge, Button, Layout, Select, Space, Spin, Tabs, Tag, Tooltip, Typography } from 'antd';
import dayjs from 'dayjs';
import { lazy, Suspense, useEffect, useMemo, useRef, useState } from 'react';
import type { PackFile } from '@hotline/rules';
import { ApiError, type HotlineApi, type PackVersion, type SignedInUser } from '../api';
import { CalendarEditor } from '../editors/CalendarEditor';
import { DeadlinesEditor } from '../editors/DeadlinesEditor';
import { EditorContext, type EditorContextValue } from '../editors/editor-context';
import { FilesEditor } from '../editors/FilesEditor';
import { FormsEditor } from '../editors/FormsEditor';
import { IssuesPanel, issueRows, type IssueRow } from '../editors/IssuesPanel';
import { PoliciesEditor } from '../editors/PoliciesEditor';
import { RatingEditor } from '../editors/RatingEditor';
import { RedirectsEditor } from '../editors/RedirectsEditor';
import { MattersView } from '../editors/MattersView';
import { RolesEditor } from '../editors/RolesEditor';
import { WarningsEditor } from '../editors/WarningsEditor';
import { ruleVersionPaths } from '../editors/common';
import { STATUS_LABELS } from '../i18n/labels';
import { lintContextOf } from '@hotline/pack-review';
import { MemoryPackSource, type PackSource } from '../pack-source';
import { issueText } from '../state/issue-place';
import { validateDraft } from '../state/issues';
import { tabOfIssue, type EditorTab } from '../state/navigation';
import { readJson } from '../state/pack-files';
import { DiffView } from './DiffView';
import { MigrationDialog } from './MigrationDialog';
import { NewCityDialog } from './NewCityDialog';
import { PublishDialog } from './PublishDialog';
import { RolloutChecklist } from './RolloutChecklist';
import { SignIn } from './SignIn';
import { TransferMenu } from './TransferMenu';
import { usePackSession } from './use-pack-session';
import { useProcessLint } from './use-process-lint';

const ProcessEditor = lazy(() => import('../diagram/ProcessEditor'));

export interface AppProps {
  source: PackSource;
  api?: HotlineApi;
  preferredCity?: string;
}

/** The rule version in force last (latest effectiveFrom), shown first in the version-level editors. */
export function latestRuleVersion(files: readonly PackFile[]): string | null {
  const paths = ruleVersionPaths(files.map((f) => f.path));
  const from = (p: string) => {
    const read = readJson<{ effectiveFrom?: string }>(files, p);
    return read.ok && typeof read.value?.effectiveFrom === 'string' ? read.value.effectiveFrom : '';
  };
  return paths.reduce<string | null>((best, p) => (best === null || from(p) > from(best) ? p : best), null);
}

/** The published version in force today: the latest effective date on or before today, then the highest number. */
export function versionInForce(versions: readonly PackVersion[], today: string): PackVersion | null {
  return versions
    .filter((v) => v.status === 'published' && v.effectiveFrom !== null && v.effectiveFrom <= today)
    .reduce<PackVersion | null>((best, v) => (best === null || v.effectiveFrom! > best.effectiveFrom! || (v.effectiveFrom === best.effectiveFrom && v.number > best.number) ? v : best), null);
}

function errorText(error: unknown): string {
  if (error instanceof ApiError) return `${error.message}（${error.code}）`;
  return error instanceof Error ? error.message : String(error);
}

export function App({ source, api, preferredCity }: AppProps) {
  const { message } = AntApp.useApp();
  const session = usePackSession(source, preferredCity);
  const { files } = session;
  const issues = useMemo(() => validateDraft(files), [files]);
  const lint = useProcessLint(files);
  const lintContext = useMemo(() => lintContextOf(files), [files]);
  const [tab, setTab] = useState<EditorTab>('process');
  const [ruleVersionPath, setRuleVersionPath] = useState<string | null>(null);
  const [processPath, setProcessPath] = useState<string | null>(null);
  const [focus, setFocus] = useState<{ elementId: string; at: number } | null>(null);
  const [publishOpen, setPublishOpen] = useState(false);
  const [newCityOpen, setNewCityOpen] = useState(false);
  const [migrateTo, setMigrateTo] = useState<number | null>(null);
  const [me, setMe] = useState<SignedInUser | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const inForce = versionInForce(session.versions, dayjs().format('YYYY-MM-DD'));

  useEffect(() => {
    if (!api) return;
    let live = true;
    api
      .me()
      .then((user) => live && setMe(user))
      .catch(() => live && setMe(null));
    return () => {
      live = false;
    };
  }, [api, session.cities]);

  const versionPaths = ruleVersionPaths(files.map((f) => f.path));
  const currentRuleVersion = ruleVersionPath !== null && versionPaths.includes(ruleVersionPath) ? ruleVersionPath : latestRuleVersion(files);
  const processes = files.filter((f) => /^processes\/[^/]+\.bpmn$/.test(f.path)).map((f) => f.path);
  // the ticket's process first: it is the one policy staff change most (subject processes sort before it)
  const currentProcess = processPath !== null && processes.includes(processPath) ? processPath : (processes.find((p) => p === 'processes/ticket.bpmn') ?? processes[0] ?? null);
  const rows = useMemo(() => issueRows(issues, lint.byFile), [issues, lint.byFile]);
  const errorCount = issues.length + lint.errors;
  const version = session.version;

  useEffect(() => {
    if (session.error instanceof ApiError && session.error.status === 422) setTab('issues');
  }, [session.error]);

  const editor: EditorContextValue = {
    files,
    issues,
    update: session.update,
    ruleVersionPath: currentRuleVersion,
    setRuleVersionPath,
  };

  const publishBlocked =
    version === null
      ? '没有打开的版本'
      : errorCount > 0
        ? `还有 ${errorCount} 个问题，修正后才能发布`
        : lint.pending
          ? '正在检查流程……'
          : version.status === 'published' && !session.dirty
            ? '此版本已发布；修改后保存为新草稿再发布'
            : null;

  const goTo = (file: string, path: string) => go({ key: `${file}${path}`, file, path, place: '', message: '', severity: 'error', origin: '' });

  const go = (row: IssueRow) => {
    const target = tabOfIssue(row);
    if (target === 'process') {
      setProcessPath(row.file);
      if (row.elementId) setFocus({ elementId: row.elementId, at: Date.now() });
    }
    if (/^versions\//.test(row.file)) setRuleVersionPath(row.file);
    setTab(target);
  };

  const openFolder = (list: FileList | null) => {
    if (!list || list.length === 0 || !(source instanceof MemoryPackSource)) return;
    void Promise.all(
      Array.from(list).map(async (file) => ({ path: (file.webkitRelativePath || file.name).split('/').slice(1).join('/'), text: await file.text() })),
    ).then((packFiles) => {
      const kept = packFiles.filter((f) => f.path !== '' && !f.path.split('/').some((part) => part.startsWith('.') || part === 'node_modules'));
      const folder = list[0]!.webkitRelativePath.split('/')[0] ?? 'pack';
      const city = readJson<{ id?: string; name?: string }>(kept, 'city.json');
      const id = city.ok && typeof city.value.id === 'string' ? city.value.id : folder;
      source.addCity({ id, name: `${city.ok && city.value.name ? city.value.name : id}（本地文件夹）`, files: kept, source: folder });
      session.reload();
      session.selectCity(id);
      void message.success(`已打开文件夹 ${folder}（${kept.length} 个文件）`);
    });
  };

  const tabs = [
    { key: 'process', label: '流程', children: (
      <Suspense fallback={<Spin tip="正在加载流程编辑器" />}>
        <ProcessEditor path={currentProcess} onOpen={setProcessPath} lintContext={lintContext} issues={currentProcess ? (lint.byFile[currentProcess] ?? []) : []} focus={focus} />
      </Suspense>
    ) },
    { key: 'deadlines', label: '办理时限', children: <DeadlinesEditor /> },
    { key: 'warnings', label: '预警与督办', children: <WarningsEditor /> },
    { key: 'redirects', label: '分类处理', children: <RedirectsEditor /> },
    { key: 'rating', label: '评价', children: <RatingEditor /> },
    { key: 'policies', label: '政策', children: <PoliciesEditor /> },
    { key: 'calendar', label: '工作日历', children: <CalendarEditor /> },
    { key: 'roles', label: '角色与阶段', children: <RolesEditor /> },
    { key: 'matters', label: '诉求事项', children: <MattersView api={api} city={session.city} /> },
    { key: 'forms', label: '表单', children: <FormsEditor /> },
    { key: 'files', label: '文件', children: <FilesEditor /> },
    { key: 'issues', label: <Badge count={errorCount} size="small" offset={[8, 0]}>问题</Badge>, children: <IssuesPanel rows={rows} onGo={go} /> },
    {
      key: 'diff',
      label: '版本比较',
      children:
        session.city !== null && session.versions.length > 0 ? (
          <DiffView active={tab === 'diff'} source={source} city={session.city} versions={session.versions} open={version} files={files} dirty={session.dirty} inForce={inForce} />
        ) : (
          <Spin />
        ),
    },
    {
      key: 'rollout',
      label: '上线检查',
      children: session.city !== null ? <RolloutChecklist active={tab === 'rollout'} source={source} city={session.city} version={version} onGo={goTo} /> : <Spin />,
    },
  ].map((t) => ({ ...t, label: <span data-testid={`tab-${t.key}`}>{t.label}</span> }));

  if (api && session.error instanceof ApiError && session.error.status === 401) {
    return <SignIn api={api} onSignedIn={session.reload} />;
  }

  return (
    <EditorContext.Provider value={editor}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Header className="app-header">
          <Space size="middle" wrap>
            <Typography.Title level={4} style={{ margin: 0 }}>
              12345 流程与规则
            </Typography.Title>
            <Tag data-testid="source-label">{source.label}</Tag>
            <Select
              data-testid="city-select"
              style={{ width: 160 }}
              value={session.city ?? undefined}
              placeholder="城市"
              options={session.cities.map((c) => ({ value: c.id, label: c.name }))}
              onChange={(c: string) => session.selectCity(c)}
            />
            <Select
              data-testid="pack-version-select"
              style={{ width: 280 }}
              value={version?.number}
              placeholder="版本"
              options={session.versions.map((v) => ({
                value: v.number,
                label: `#${v.number} ${STATUS_LABELS[v.status].text}${v.effectiveFrom ? `（${v.effectiveFrom} 起生效）` : ''}`,
              }))}
              onChange={(n: number) => {
                if (!session.dirty || window.confirm('放弃未保存的修改并切换版本？')) session.selectVersion(n);
              }}
            />
            {version && <Tag color={STATUS_LABELS[version.status].color} data-testid="version-status">{STATUS_LABELS[version.status].text}</Tag>}
            {session.dirty && (
              <Tag color="gold" data-testid="dirty-indicator">
                有未保存的修改（{session.changes.added.length + session.changes.changed.length + session.changes.removed.length} 个文件）
              </Tag>
            )}
            <Badge count={errorCount} showZero color={errorCount > 0 ? 'red' : 'green'} data-testid="issue-count">
              <Button size="small" onClick={() => setTab('issues')}>
                问题
              </Button>
            </Badge>
          </Space>
          <Space>
            {source instanceof MemoryPackSource && (
              <>
                <Button data-testid="open-folder" icon={<FolderOpenOutlined />} onClick={() => folderInput.current?.click()}>
                  打开城市包文件夹
                </Button>
                <input
                  ref={folderInput}
                  data-testid="open-folder-input"
                  type="file"
                  style={{ display: 'none' }}
                  // @ts-expect-error webkitdirectory is not in React's input attributes
                  webkitdirectory=""
                  multiple
                  onChange={(e) => openFolder(e.target.files)}
                />
              </>
            )}
            {session.city !== null && (
              <TransferMenu source={source} city={session.city} version={version} files={files} dirty={session.dirty} onImported={(v) => session.selectVersion(v.number)} />
            )}
            {api && me?.roles.includes('admin') && (
              <Button data-testid="new-city-button" icon={<PlusOutlined />} onClick={() => setNewCityOpen(true)}>
                新建城市
              </Button>
            )}
            <Button data-testid="revert-button" icon={<UndoOutlined />} disabled={!session.dirty || session.busy} onClick={session.revert}>
              撤销修改
            </Button>
            <Tooltip title={version?.status === 'draft' ? '保存到当前草稿' : '另存为新草稿（已校验和已发布的版本不会改变）'}>
              <Button
                data-testid="save-button"
                icon={<SaveOutlined />}
                disabled={!session.dirty || session.busy}
                loading={session.busy}
                onClick={() => void session.save().then((v) => v && message.success(`已保存到草稿 #${v.number}`))}
              >
                保存草稿
              </Button>
            </Tooltip>
            {api && version?.status === 'published' && (
              <Tooltip title="把在办工单迁移到此版本（按新流程、新规则继续办理）">
                <Button data-testid="migrate-button" icon={<NodeIndexOutlined />} disabled={session.busy} onClick={() => setMigrateTo(version.number)}>
                  迁移在办工单
                </Button>
              </Tooltip>
            )}
            <Tooltip title={publishBlocked ?? (session.dirty ? '保存为草稿并发布' : '选择生效日期并发布')}>
              <Button data-testid="publish-button" type="primary" icon={<CloudUploadOutlined />} disabled={version === null || session.busy} onClick={() => setPublishOpen(true)}>
                发布
              </Button>
            </Tooltip>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ padding: 16 }}>
          {session.error !== null && (
            <Alert
              data-testid="session-error"
              type="error"
              showIcon
              closable
              style={{ marginBottom: 12 }}
              message={errorText(session.error)}
              description={
                session.error instanceof ApiError && session.error.issues.length > 0 ? (
                  <ul>
                    {session.error.issues.slice(0, 20).map((i, n) => (
                      <li key={n} title={`${i.file} ${i.path}`}>
                        {i.file} · {issueText(i)}
                      </li>
                    ))}
                  </ul>
                ) : undefined
              }
            />
          )}
          {session.busy && version === null ? (
            <Spin />
          ) : (
            <Tabs data-testid="editor-tabs" activeKey={tab} onChange={(k) => setTab(k as EditorTab)} items={tabs} destroyInactiveTabPane={false} />
          )}
        </Layout.Content>
      </Layout>
      <PublishDialog
        open={publishOpen}
        version={version}
        dirty={session.dirty}
        blocked={publishBlocked}
        issues={rows}
        busy={session.busy}
        onPublish={(date) => session.publish(date)}
        onGo={(row) => {
          setPublishOpen(false);
          go(row);
        }}
        {...(api
          ? {
              onMigrate: (n: number) => {
                setPublishOpen(false);
                setMigrateTo(n);
              },
            }
          : {})}
        onClose={() => setPublishOpen(false)}
      />
      {api && session.city !== null && migrateTo !== null && (
        <MigrationDialog open api={api} city={session.city} version={migrateTo} onClose={() => setMigrateTo(null)} />
      )}
      {api && session.city !== null && <NewCityDialog api={api} fromCity={session.city} open={newCityOpen} onClose={() => setNewCityOpen(false)} />}
    </EditorContext.Provider>
  );
}
