// 承办单位: the city's units as the organisation tree (区 › 街道 › 社区, departments at the top), searched
// by name. The choices are the form's (`x-options: "units"`); the tree comes with them from the server
// (`ui:options.optionParents`), so the widget needs nothing but the resolved form.
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { TreeSelect } from 'antd';
import { useMemo } from 'react';
import { unitTree } from './path-choices';

export function UnitWidget({ id, htmlName, disabled, readonly, autofocus, value, onChange, onBlur, onFocus, options, placeholder }: WidgetProps) {
  const parents = options.optionParents as Record<string, string> | undefined;
  const tree = useMemo(() => unitTree(options.enumOptions ?? [], parents), [options.enumOptions, parents]);
  return (
    <TreeSelect
      id={id}
      {...({ name: htmlName || id } as object)}
      data-testid={`unit-picker-${id}`}
      autoFocus={autofocus}
      disabled={disabled || readonly}
      value={typeof value === 'string' && value !== '' ? value : undefined}
      treeData={tree}
      showSearch
      treeNodeFilterProp="title"
      allowClear
      placeholder={placeholder || '输入单位名称查找，或展开区、街道选择'}
      style={{ width: '100%' }}
      getPopupContainer={(node: HTMLElement) => node.parentElement ?? document.body}
      onChange={(next: string | undefined) => onChange(next ?? options.emptyValue)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}
