// A catalogue version's entries, read-only: searchable (matter, place, units, basis, codes) and
// filterable by place scope and lead unit.
import { Input, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { type HTMLAttributes, useMemo, useState } from 'react';
import type { EntryView } from '../../api/catalogue-types';
import { entryFilter } from '../../lib/catalogue';
import { useSession } from '../../app/session';
import { EmptyState } from '../../app/states';

const distinct = (values: Array<[string, string]>) =>
  [...new Map(values).entries()].sort((a, b) => a[1].localeCompare(b[1], 'zh-CN')).map(([value, text]) => ({ value, text }));

export function entryColumns(): ColumnsType<EntryView> {
  return [
    { title: '行', dataIndex: 'row', width: 56 },
    {
      title: '诉求事项',
      key: 'matter',
      render: (_, e) => (
        <Space direction="vertical" size={0}>
          <span data-testid="entry-matter">{e.matterLabel}</span>
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {e.matter}
          </Typography.Text>
        </Space>
      ),
    },
    { title: '区划', key: 'place', width: 140, render: (_, e) => e.placeName ?? '全市' },
    { title: '主办单位', key: 'lead', width: 150, render: (_, e) => <span data-testid="entry-lead">{e.leadUnitName}</span> },
    { title: '协办单位', key: 'assisting', width: 170, render: (_, e) => (e.assistingUnitNames.length > 0 ? e.assistingUnitNames.join('、') : '—') },
    { title: '权责清单依据', dataIndex: 'basis', ellipsis: true },
    { title: '生效日期', dataIndex: 'effectiveFrom', width: 110 },
    { title: '失效日期', key: 'to', width: 110, render: (_, e) => e.effectiveTo ?? '长期' },
  ];
}

export function EntriesTable({ entries, testId, empty }: { entries: EntryView[]; testId: string; empty: string }) {
  const [query, setQuery] = useState('');
  const columns = useMemo(() => {
    const places = distinct(entries.map((e) => [e.place ?? '', e.placeName ?? '全市']));
    const leads = distinct(entries.map((e) => [e.leadUnit, e.leadUnitName]));
    return entryColumns().map((c) => {
      if (c.key === 'place') return { ...c, filters: places, onFilter: (v: unknown, e: EntryView) => (e.place ?? '') === v };
      if (c.key === 'lead') return { ...c, filters: leads, filterSearch: true, onFilter: (v: unknown, e: EntryView) => e.leadUnit === v };
      return c;
    }) as ColumnsType<EntryView>;
  }, [entries]);
  const { pack } = useSession();
  // matters also by pinyin and its initials, as the registration picker finds them
  const shown = useMemo(() => entries.filter(entryFilter(query, pack?.matters)), [entries, query, pack]);
  return (
    <div data-testid={testId}>
      <Input.Search
        allowClear
        placeholder="搜索诉求事项（可用拼音首字母）、区划、单位、依据或编码"
        style={{ width: 360, marginBottom: 12 }}
        onChange={(e) => setQuery(e.target.value)}
        data-testid="entries-search"
      />
      <Table<EntryView>
        rowKey={(e) => `${e.row}`}
        size="small"
        columns={columns}
        dataSource={shown}
        onRow={(e) => ({ 'data-testid': 'entry-row', 'data-matter': e.matter }) as HTMLAttributes<HTMLElement>}
        locale={{ emptyText: <EmptyState testId="entries-empty" description={entries.length === 0 ? empty : '没有符合条件的条目'} /> }}
        pagination={{ pageSize: 50, showTotal: (t) => `共 ${t} 条`, hideOnSinglePage: true }}
      />
    </div>
  );
}
