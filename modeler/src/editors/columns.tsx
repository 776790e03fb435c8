// Columns the list editors (roles, stages, warnings, triggers) share: a text field of the row with its
// issues under it, and the row's delete button. A row is the list item with its index.
import { DeleteOutlined } from '@ant-design/icons';
import { Button, Input, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { messagesFor } from '../state/issues';
import { Citation, IssueList } from './common';

export type Row = Record<string, unknown> & { index: number };
export type Fields = Map<string, string[]>;
export const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A text column: the input (a `key` is trimmed; a `source` shows its citation), the field's issues under it (a label's also the item's own). */
export function textColumn(title: ReactNode, field: string, width: number, prefix: string, fieldsOf: (i: number) => Fields, change: (i: number, value: string) => void) {
  return {
    title,
    width,
    render: (_: unknown, row: Row) => (
      <>
        <Input data-testid={`${prefix}-${row.index}-${field}`} value={text(row[field])} onChange={(e) => change(row.index, field === 'key' ? e.target.value.trim() : e.target.value)} />
        {field === 'source' && <Citation source={row.source} testId={`${prefix}-${row.index}-citation`} />}
        <IssueList messages={messagesFor(fieldsOf(row.index), field, ...(field === 'label' ? [''] : []))} />
      </>
    ),
  };
}

export function deleteColumn(prefix: string, tooltip: string, remove: (i: number) => void) {
  return {
    title: '',
    width: 50,
    render: (_: unknown, row: Row) => (
      <Tooltip title={tooltip}>
        <Button size="small" type="text" danger icon={<DeleteOutlined />} data-testid={`${prefix}-${row.index}-delete`} onClick={() => remove(row.index)} />
      </Tooltip>
    ),
  };
}
