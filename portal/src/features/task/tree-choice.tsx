// The rjsf wiring both tree pickers share (承办单位, 事发区划): an antd TreeSelect searched by title,
// holding one key of the form's choices, emptied to the field's empty value.
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { TreeSelect, type TreeSelectProps } from 'antd';

export function TreeChoice({ widget, testId, placeholder, ...tree }: { widget: WidgetProps; testId: string; placeholder: string } & TreeSelectProps) {
  const { id, htmlName, disabled, readonly, autofocus, value, onChange, onBlur, onFocus, options } = widget;
  return (
    <TreeSelect
      {...tree}
      id={id}
      {...({ name: htmlName || id } as object)}
      data-testid={`${testId}-${id}`}
      autoFocus={autofocus}
      disabled={disabled || readonly}
      value={typeof value === 'string' && value !== '' ? value : undefined}
      showSearch
      treeNodeFilterProp="title"
      allowClear
      placeholder={widget.placeholder || placeholder}
      style={{ width: '100%' }}
      getPopupContainer={(node: HTMLElement) => node.parentElement ?? document.body}
      onChange={(next: string | undefined) => onChange(next ?? options.emptyValue)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}
