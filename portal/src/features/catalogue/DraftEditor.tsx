// The draft of the catalogue, edited in place: add, change and delete rows with the matter, place
// and unit pickers; 保存 sends every row (the server checks them all and names each bad cell by row
// and column, shown beside its row); 导入 replaces the rows with a spreadsheet's, once the person
// confirms (determinations may have added rows); 提交审核 hands the saved draft to a reviewer.
import { DeleteOutlined, DownloadOutlined, PlusOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App as AntApp, Button, DatePicker, Input, Popconfirm, Space, Table, Typography, Upload } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { type HTMLAttributes, useMemo, useRef, useState } from 'react';
import type { CatalogueEntry, CatalogueVersion, EntryView, RowIssue } from '../../api/catalogue-types';
import { ApiError, describeError } from '../../api/errors';
import { blankEntry, cellOf, columnLabel, entryOf, fieldOfColumn, issuesByRow } from '../../lib/catalogue';
import { chinaDay } from '../../pack/pack-info';
import { useSession } from '../../app/session';
import { type CityPlaces, download, MatterSelect, PlaceSelect, UnitSelect, UnitsSelect } from './shared';

interface Row {
  id: number;
  entry: CatalogueEntry;
}

export function DraftEditor({ version, entries, places, onChanged }: { version: CatalogueVersion; entries: EntryView[]; places: CityPlaces; onChanged(): void }) {
  const { api, city } = useSession();
  const { message, modal } = AntApp.useApp();
  const nextId = useRef(entries.length);
  const [rows, setRows] = useState<Row[]>(() => entries.map((e, i) => ({ id: i, entry: entryOf(e) })));
  const [dirty, setDirty] = useState(false);
  const [issues, setIssues] = useState<RowIssue[]>([]);
  const [importIssues, setImportIssues] = useState<RowIssue[]>([]);
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState<'save' | 'import' | 'export' | 'submit' | null>(null);
  const byRow = useMemo(() => issuesByRow(issues), [issues]);

  const change = (id: number, patch: Partial<CatalogueEntry>) => {
    setRows((rs) => rs.map((r) => (r.id === id ? { ...r, entry: { ...r.entry, ...patch } } : r)));
    setDirty(true);
  };
  const add = () => {
    nextId.current += 1;
    setRows((rs) => [...rs, { id: nextId.current, entry: blankEntry(chinaDay()) }]);
    setDirty(true);
  };
  const remove = (id: number) => {
    setRows((rs) => rs.filter((r) => r.id !== id));
    setIssues([]); // rows below moved up: the old row numbers no longer fit
    setDirty(true);
  };

  const run = async (what: NonNullable<typeof busy>, work: () => Promise<void>) => {
    setBusy(what);
    setFailure(null);
    try {
      await work();
    } catch (e) {
      setFailure(describeError(e));
    } finally {
      setBusy(null);
    }
  };

  const save = () =>
    run('save', async () => {
      try {
        await api.saveCatalogueEntries(city, version.id, rows.map((r) => entryOf(r.entry)), version.revision);
      } catch (e) {
        if (e instanceof ApiError && e.status === 422 && e.rowIssues.length > 0) {
          setIssues(e.rowIssues);
          setFailure(`未保存：${e.rowIssues.length} 处需要修改，见各行右侧的红色提示。`);
          return;
        }
        throw e;
      }
      setIssues([]);
      setDirty(false);
      message.success('草稿已保存');
      onChanged();
    });

  const importFile = (file: File) =>
    run('import', async () => {
      try {
        await api.importCatalogue(city, version.id, file, version.revision);
      } catch (e) {
        if (e instanceof ApiError && e.status === 422 && e.rowIssues.length > 0) {
          setImportIssues(e.rowIssues);
          return;
        }
        throw e;
      }
      setImportIssues([]);
      message.success(`已导入：${file.name}`);
      onChanged();
    });

  // the file replaces every row on the server: say so, with the count, before it happens
  const confirmImport = (file: File) => {
    if (entries.length === 0 && rows.length === 0) return void importFile(file);
    modal.confirm({
      title: '导入 xlsx',
      content: `导入将以文件内容替换草稿的全部 ${entries.length} 条条目（含定责加入的条目）${dirty ? '，未保存的修改也将丢失' : ''}，是否继续？`,
      okText: '导入并替换',
      cancelText: '取消',
      okButtonProps: { 'data-testid': 'import-confirm' } as never,
      onOk: () => void importFile(file),
    });
  };

  const exportFile = () => run('export', async () => download(await api.exportCatalogue(city, version.id), `派单目录草稿-${chinaDay()}.xlsx`));

  const submit = () =>
    run('submit', async () => {
      await api.submitCatalogue(city, version.id);
      message.success('已提交审核');
      onChanged();
    });

  const cell = (row: number, field: keyof CatalogueEntry): 'error' | undefined =>
    byRow.get(row)?.some((i) => fieldOfColumn(i.column) === field) ? 'error' : undefined;

  const columns: ColumnsType<Row> = [
    { title: '行', key: 'row', width: 48, render: (_, _r, i) => i + 1 },
    {
      title: '诉求事项',
      key: 'matter',
      width: 280,
      render: (_, r, i) => <MatterSelect value={r.entry.matter} onChange={(matter) => change(r.id, { matter })} status={cell(i + 1, 'matter')} testId="edit-matter" />,
    },
    {
      title: '区划',
      key: 'place',
      width: 180,
      render: (_, r, i) => <PlaceSelect places={places} value={r.entry.place} onChange={(place) => change(r.id, { place })} status={cell(i + 1, 'place')} testId="edit-place" />,
    },
    {
      title: '主办单位',
      key: 'lead',
      width: 170,
      render: (_, r, i) => <UnitSelect value={r.entry.leadUnit} onChange={(leadUnit) => change(r.id, { leadUnit })} status={cell(i + 1, 'leadUnit')} testId="edit-lead" />,
    },
    {
      title: '协办单位',
      key: 'assisting',
      width: 200,
      render: (_, r, i) => (
        <UnitsSelect value={r.entry.assistingUnits} onChange={(assistingUnits) => change(r.id, { assistingUnits })} status={cell(i + 1, 'assistingUnits')} testId="edit-assisting" />
      ),
    },
    {
      title: '权责清单依据',
      key: 'basis',
      width: 200,
      render: (_, r, i) => (
        <Input value={r.entry.basis} onChange={(e) => change(r.id, { basis: e.target.value })} status={cell(i + 1, 'basis')} data-testid="edit-basis" placeholder="权责清单事项" />
      ),
    },
    {
      title: '生效日期',
      key: 'from',
      width: 160,
      render: (_, r, i) => (
        <DatePicker
          value={r.entry.effectiveFrom ? dayjs(r.entry.effectiveFrom) : null}
          onChange={(d) => change(r.id, { effectiveFrom: d ? d.format('YYYY-MM-DD') : '' })}
          status={cell(i + 1, 'effectiveFrom')}
          style={{ width: '100%' }}
          data-testid="edit-from"
        />
      ),
    },
    {
      title: '失效日期',
      key: 'to',
      width: 160,
      render: (_, r, i) => (
        <DatePicker
          value={r.entry.effectiveTo ? dayjs(r.entry.effectiveTo) : null}
          onChange={(d) => change(r.id, { effectiveTo: d ? d.format('YYYY-MM-DD') : null })}
          status={cell(i + 1, 'effectiveTo')}
          placeholder="长期"
          style={{ width: '100%' }}
          data-testid="edit-to"
        />
      ),
    },
    {
      title: '问题',
      key: 'issues',
      width: 220,
      render: (_, _r, i) => {
        const own = byRow.get(i + 1);
        return own ? (
          <Space direction="vertical" size={0} data-testid="row-issues">
            {own.map((p, k) => (
              <Typography.Text key={k} type="danger" style={{ fontSize: 12 }}>
                {p.column ? `${columnLabel(p.column)}：` : ''}
                {p.message}
              </Typography.Text>
            ))}
          </Space>
        ) : null;
      },
    },
    {
      title: '',
      key: 'delete',
      width: 48,
      render: (_, r) => (
        <Popconfirm title="删除这一行？" okText="删除" cancelText="取消" onConfirm={() => remove(r.id)}>
          <Button type="text" danger icon={<DeleteOutlined />} aria-label="删除" data-testid="edit-delete" />
        </Popconfirm>
      ),
    },
  ];

  return (
    <div data-testid="draft-editor">
      <Space wrap style={{ marginBottom: 12 }}>
        <Button icon={<PlusOutlined />} onClick={add} data-testid="draft-add">
          添加条目
        </Button>
        <Button type="primary" onClick={() => void save()} loading={busy === 'save'} disabled={busy !== null && busy !== 'save'} data-testid="draft-save">
          保存
        </Button>
        <Upload
          accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
          showUploadList={false}
          beforeUpload={(file) => {
            confirmImport(file);
            return false;
          }}
          disabled={busy !== null}
        >
          <Button icon={<UploadOutlined />} loading={busy === 'import'} data-testid="draft-import">
            导入 xlsx
          </Button>
        </Upload>
        <Button icon={<DownloadOutlined />} onClick={() => void exportFile()} loading={busy === 'export'} disabled={dirty} data-testid="draft-export">
          导出 xlsx
        </Button>
        <Popconfirm title="提交后草稿不能再修改，由审核人审核。确认提交？" okText="提交" cancelText="取消" onConfirm={() => void submit()} disabled={dirty}>
          <Button loading={busy === 'submit'} disabled={dirty || rows.length === 0} data-testid="draft-submit">
            提交审核
          </Button>
        </Popconfirm>
        {dirty ? <Typography.Text type="warning">有未保存的修改（保存后才能导出或提交）</Typography.Text> : null}
      </Space>
      {failure ? <Alert type="error" showIcon message={failure} style={{ marginBottom: 12 }} data-testid="draft-error" /> : null}
      {importIssues.length > 0 ? (
        <Alert
          type="error"
          showIcon
          closable
          onClose={() => setImportIssues([])}
          style={{ marginBottom: 12 }}
          data-testid="import-issues"
          message={`导入未完成：表格中有 ${importIssues.length} 处错误，草稿未改动。请修改表格后重新导入。`}
          description={
            <ul className="problem-list">
              {importIssues.map((i, k) => (
                <li key={k} data-testid="import-issue">
                  {cellOf(i)}：{i.message}
                </li>
              ))}
            </ul>
          }
        />
      ) : null}
      <Table<Row>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={(_, i) => (byRow.has(i + 1) ? 'row-with-issues' : '')}
        onRow={(_, i) => ({ 'data-testid': 'draft-row', 'data-row': (i ?? 0) + 1 }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: '草稿中还没有条目：添加条目，或导入 xlsx' }}
      />
    </div>
  );
}
