// 工作日历: the pack's working-day calendar — calendar layers in order (national first, then a
// region's overlay such as Xinjiang's), and for each layer and year the official notice: holidays
// and make-up working days (调休). Staff enter next year's notice here when it is published.
import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, DatePicker, Empty, Form, Input, InputNumber, Popconfirm, Radio, Row, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import type { CalendarEntry, CalendarYear } from '@hotline/rules';
import {
  addCalendarEntries,
  calendarPath,
  editCalendarEntry,
  newCalendarYear,
  parseCalendarPath,
  parseNoticeLines,
  removeCalendarEntry,
  weekdayLabel,
  type CalendarList,
} from '../state/calendar';
import { fieldIssues, itemIssues, messagesFor } from '../state/issues';
import { insertAt, moveAt, removeAt, setAt } from '../state/json-pointer';
import { editJson, readJson, removeFile, writeJson } from '../state/pack-files';
import { IssueBanner, IssueList, issueStatus } from './common';
import { useEditor } from './editor-context';

const LIST_LABELS: Record<CalendarList, string> = { holidays: '放假日', workdays: '调休上班日' };

export function CalendarEditor() {
  const { files, issues, update } = useEditor();
  const city = readJson<{ calendarLayers?: unknown }>(files, 'city.json');
  const layers = city.ok && Array.isArray(city.value.calendarLayers) ? (city.value.calendarLayers as string[]) : [];
  const years = files.flatMap((f) => {
    const at = parseCalendarPath(f.path);
    return at ? [{ ...at, path: f.path }] : [];
  });
  const [layer, setLayer] = useState<string | null>(null);
  const currentLayer = layer !== null && layers.includes(layer) ? layer : (layers[0] ?? null);
  const layerYears = years.filter((y) => y.layer === currentLayer).sort((a, b) => a.year - b.year);
  const [path, setPath] = useState<string | null>(null);
  const currentPath = path !== null && layerYears.some((y) => y.path === path) ? path : (layerYears[layerYears.length - 1]?.path ?? null);
  const [newLayer, setNewLayer] = useState('');
  const [newYear, setNewYear] = useState<number | null>(null);
  const editCity = (edit: (v: unknown) => unknown) => update((f) => editJson(f, 'city.json', edit));
  const layerIssues = itemIssues(issues, 'city.json', '/calendarLayers');

  return (
    <div data-testid="calendar-editor">
      <Card size="small" title="日历层（按顺序叠加：先全国，再地方）" style={{ marginBottom: 12 }}>
        <IssueBanner messages={messagesFor(layerIssues.get(-1) ?? new Map(), '')} />
        <Space wrap>
          {layers.map((l, i) => (
            <Space key={l} size={2} className="layer-chip" data-testid={`layer-${l}`}>
              <Tag color={l === currentLayer ? 'blue' : undefined} style={{ cursor: 'pointer' }} onClick={() => setLayer(l)}>
                {i + 1}. {l}
              </Tag>
              <Button size="small" type="text" icon={<ArrowUpOutlined />} disabled={i === 0} onClick={() => editCity((v) => moveAt(v, '/calendarLayers', i, i - 1))} />
              <Button size="small" type="text" icon={<ArrowDownOutlined />} disabled={i === layers.length - 1} onClick={() => editCity((v) => moveAt(v, '/calendarLayers', i, i + 1))} />
              <Popconfirm title={`从 city.json 移除日历层 ${l}？（该层的年份文件保留）`} onConfirm={() => editCity((v) => removeAt(v, '/calendarLayers', i))}>
                <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`layer-${l}-delete`} />
              </Popconfirm>
              <IssueList messages={messagesFor(layerIssues.get(i) ?? new Map(), '')} />
            </Space>
          ))}
          <Space.Compact>
            <Input data-testid="layer-new-name" placeholder="新日历层，如 xinjiang" value={newLayer} onChange={(e) => setNewLayer(e.target.value.trim())} style={{ width: 200 }} />
            <Button
              data-testid="layer-add"
              icon={<PlusOutlined />}
              disabled={!newLayer || layers.includes(newLayer)}
              onClick={() => {
                editCity((v) => insertAt(v, '/calendarLayers', layers.length, newLayer));
                setLayer(newLayer);
                setNewLayer('');
              }}
            >
              添加地方日历层
            </Button>
          </Space.Compact>
        </Space>
      </Card>

      {currentLayer === null ? (
        <Empty description="city.json 没有日历层" />
      ) : (
        <Card
          size="small"
          title={`日历层 ${currentLayer} 的年度安排`}
          extra={
            <Space.Compact>
              <InputNumber data-testid="calendar-new-year" placeholder="年份" min={1990} max={2200} value={newYear} onChange={(y) => setNewYear(typeof y === 'number' ? y : null)} />
              <Button
                data-testid="calendar-add-year"
                icon={<PlusOutlined />}
                disabled={newYear === null || years.some((y) => y.layer === currentLayer && y.year === newYear)}
                onClick={() => {
                  if (newYear === null) return;
                  const target = calendarPath(currentLayer, newYear);
                  update((f) => writeJson(f, target, newCalendarYear(currentLayer, newYear)));
                  setPath(target);
                  setNewYear(null);
                }}
              >
                录入新一年的通知
              </Button>
            </Space.Compact>
          }
        >
          <Radio.Group
            data-testid="calendar-year-select"
            value={currentPath}
            onChange={(e) => setPath(e.target.value as string)}
            optionType="button"
            options={layerYears.map((y) => ({ value: y.path, label: `${y.year}${issues.some((i) => i.file === y.path) ? ' ⚠' : ''}` }))}
            style={{ marginBottom: 12 }}
          />
          {currentPath === null ? <Empty description="此日历层还没有年份" /> : <CalendarYearEditor path={currentPath} />}
        </Card>
      )}
    </div>
  );
}

function CalendarYearEditor({ path }: { path: string }) {
  const { files, issues, update } = useEditor();
  const read = readJson<CalendarYear>(files, path);
  const [list, setList] = useState<CalendarList>('holidays');
  const [date, setDate] = useState<string | null>(null);
  const [name, setName] = useState('');
  const [bulk, setBulk] = useState('');
  if (!read.ok) return <IssueBanner messages={[read.message]} />;
  const year = read.value;
  const save = (next: unknown) => update((f) => writeJson(f, path, next));
  const top = fieldIssues(issues, path, '');
  const parsed = parseNoticeLines(bulk);

  return (
    <div data-testid="calendar-year-editor">
      <IssueBanner messages={messagesFor(top, '', 'layer', 'year')} />
      <Form layout="horizontal" labelCol={{ span: 3 }} wrapperCol={{ span: 19 }} size="small">
        <Form.Item label="通知名称（文号）" required {...issueStatus(messagesFor(top, 'source'))}>
          <Input
            data-testid="calendar-source"
            placeholder="国务院办公厅关于2027年部分节假日安排的通知（国办发明电〔2026〕×号）"
            value={year.source ?? ''}
            onChange={(e) => save(setAt(year, '/source', e.target.value))}
          />
        </Form.Item>
        <Form.Item label="假设说明" {...issueStatus(messagesFor(top, 'assumption'))}>
          <Input.TextArea
            data-testid="calendar-assumption"
            autoSize={{ minRows: 1, maxRows: 4 }}
            value={year.assumption ?? ''}
            onChange={(e) => save(setAt(year, '/assumption', e.target.value || undefined))}
          />
        </Form.Item>
      </Form>
      <Row gutter={12}>
        {(['holidays', 'workdays'] as const).map((l) => {
          const entryIssues = itemIssues(issues, path, `/${l}`);
          const rows = (Array.isArray(year[l]) ? year[l] : []).map((e, index) => ({ ...e, index }));
          return (
            <Col key={l} xs={24} lg={12}>
              <Typography.Title level={5}>
                {LIST_LABELS[l]}（{rows.length}）
              </Typography.Title>
              <Table<CalendarEntry & { index: number }>
                data-testid={`calendar-${l}`}
                size="small"
                rowKey="index"
                pagination={false}
                dataSource={rows}
                columns={[
                  {
                    title: '日期',
                    width: 170,
                    render: (_, e) => (
                      <>
                        <Input
                          data-testid={`calendar-${l}-${e.index}-date`}
                          value={e.date}
                          onChange={(ev) => save(editCalendarEntry(year, l, e.index, { date: ev.target.value }))}
                          suffix={<Typography.Text type="secondary">{weekdayLabel(e.date)}</Typography.Text>}
                        />
                        <IssueList messages={messagesFor(entryIssues.get(e.index) ?? new Map(), '')} />
                      </>
                    ),
                  },
                  {
                    title: '名称',
                    render: (_, e) => <Input data-testid={`calendar-${l}-${e.index}-name`} value={e.name} onChange={(ev) => save(editCalendarEntry(year, l, e.index, { name: ev.target.value }))} />,
                  },
                  {
                    title: '',
                    width: 40,
                    render: (_, e) => <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`calendar-${l}-${e.index}-delete`} onClick={() => save(removeCalendarEntry(year, l, e.index))} />,
                  },
                ]}
              />
            </Col>
          );
        })}
      </Row>
      <Card size="small" title="添加日期" style={{ marginTop: 12 }}>
        <Space direction="vertical" style={{ width: '100%' }}>
          <Radio.Group data-testid="calendar-entry-list" value={list} onChange={(e) => setList(e.target.value as CalendarList)} optionType="button" options={[{ value: 'holidays', label: '放假日' }, { value: 'workdays', label: '调休上班日' }]} />
          <Space.Compact>
            <DatePicker data-testid="calendar-entry-date" onChange={(d) => setDate(d ? d.format('YYYY-MM-DD') : null)} />
            <Input data-testid="calendar-entry-name" placeholder="名称，如 春节" value={name} onChange={(e) => setName(e.target.value)} style={{ width: 200 }} />
            <Button
              data-testid="calendar-entry-add"
              icon={<PlusOutlined />}
              disabled={!date || !name.trim()}
              onClick={() => {
                if (date) save(addCalendarEntries(year, list, [{ date, name: name.trim() }]));
              }}
            >
              添加
            </Button>
          </Space.Compact>
          <Input.TextArea
            data-testid="calendar-bulk"
            autoSize={{ minRows: 3, maxRows: 10 }}
            placeholder={'按通知逐行录入，例如：\n2027-01-01 元旦\n2027-02-06~2027-02-13 春节'}
            value={bulk}
            onChange={(e) => setBulk(e.target.value)}
          />
          {parsed.errors.length > 0 && <Alert type="warning" showIcon message={<IssueList messages={parsed.errors.map((e) => e.message)} />} />}
          <Button
            data-testid="calendar-bulk-add"
            disabled={parsed.entries.length === 0 || parsed.errors.length > 0}
            onClick={() => {
              save(addCalendarEntries(year, list, parsed.entries));
              setBulk('');
            }}
          >
            加入{LIST_LABELS[list]}（{parsed.entries.length} 天）
          </Button>
        </Space>
      </Card>
      <Popconfirm title={`删除 ${path}？`} onConfirm={() => update((f) => removeFile(f, path))}>
        <Button danger style={{ marginTop: 12 }} data-testid="calendar-delete-year">
          删除这一年
        </Button>
      </Popconfirm>
    </div>
  );
}
