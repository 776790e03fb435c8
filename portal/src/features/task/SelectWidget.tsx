// @rjsf/antd's select, searching by what staff read. The theme's own widget passes antd 6's
// `showSearch: { filterOption }`, which antd 5 takes as a plain "searchable" and then matches the
// typed text against the option's internal value (its index): typing 电话 found nothing.
import {
  ariaDescribedByIds,
  enumOptionSelectedValue,
  enumOptionValueDecoder,
  enumOptionValueEncoder,
  getOptionValueFormat,
  type WidgetProps,
} from '@rjsf/utils';
import { Select } from 'antd';
import { useMemo } from 'react';

interface Item {
  value: string;
  label: string;
  disabled?: boolean;
}

export function SelectWidget({ autofocus, disabled, id, htmlName, multiple, onBlur, onChange, onFocus, options, placeholder, readonly, value, schema }: WidgetProps) {
  const { enumOptions, enumDisabled, emptyValue } = options;
  const format = getOptionValueFormat(options);
  const decode = (next: unknown) => enumOptionValueDecoder(next as string, enumOptions, format, emptyValue);
  const items = useMemo<Item[]>(() => {
    const list: Item[] = (enumOptions ?? []).map(({ value: v, label }, index) => ({
      value: String(enumOptionValueEncoder(v, index, format)),
      label: String(label),
      disabled: Array.isArray(enumDisabled) && enumDisabled.includes(v),
    }));
    return list;
  }, [enumOptions, enumDisabled, format]);
  const selected = enumOptionSelectedValue(value, enumOptions, !!multiple, format, emptyValue);
  return (
    <Select
      id={id}
      {...({ name: htmlName || id } as object)}
      autoFocus={autofocus}
      disabled={disabled || readonly}
      mode={multiple ? 'multiple' : undefined}
      value={selected === '' || selected === undefined ? undefined : selected}
      placeholder={placeholder || (schema.default === undefined ? '请选择' : undefined)}
      allowClear={!multiple}
      showSearch
      optionFilterProp="label"
      options={items}
      style={{ width: '100%' }}
      getPopupContainer={(node: HTMLElement) => node.parentElement ?? document.body}
      onChange={(next) => onChange(next === undefined ? emptyValue : decode(next))}
      onBlur={() => onBlur(id, decode(selected))}
      onFocus={() => onFocus(id, decode(selected))}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}
