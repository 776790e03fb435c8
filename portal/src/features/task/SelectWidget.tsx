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
import { type ComponentType, useMemo } from 'react';
import { MatterWidget } from './MatterWidget';
import { REFUSED_MARK } from './path-choices';
import { PlaceWidget } from './PlaceWidget';
import { UnitWidget } from './UnitWidget';

interface Item {
  value: string;
  label: string;
  disabled?: boolean;
}

/** Pickers for the tree-like option sources (the resolver marks their fields `ui:options.optionSource`). */
const PICKERS: Record<string, ComponentType<WidgetProps>> = { places: PlaceWidget, matters: MatterWidget, units: UnitWidget };

export function SelectWidget(props: WidgetProps) {
  const Picker = typeof props.options.optionSource === 'string' && !props.multiple ? PICKERS[props.options.optionSource] : undefined;
  return Picker ? <Picker {...props} /> : <ListSelect {...props} />;
}

/**
 * Choices the rules refuse for this task (the grassroots guard's units): the field's own
 * `ui:options.refusedOptions`, or its items' for a list of several (协办单位).
 */
function refusedOf(props: Pick<WidgetProps, 'options' | 'uiSchema'>): Record<string, string> {
  const items = (props.uiSchema?.items as { 'ui:options'?: { refusedOptions?: Record<string, string> } } | undefined)?.['ui:options'];
  return (props.options.refusedOptions as Record<string, string> | undefined) ?? items?.refusedOptions ?? {};
}

function ListSelect({ autofocus, disabled, id, htmlName, multiple, onBlur, onChange, onFocus, options, placeholder, readonly, value, schema, uiSchema }: WidgetProps) {
  const { enumOptions, enumDisabled, emptyValue } = options;
  const refused = refusedOf({ options, uiSchema });
  const format = getOptionValueFormat(options);
  const decode = (next: unknown) => enumOptionValueDecoder(next as string, enumOptions, format, emptyValue);
  const items = useMemo<Item[]>(() => {
    const list: Item[] = (enumOptions ?? []).map(({ value: v, label }, index) => ({
      value: String(enumOptionValueEncoder(v, index, format)),
      label: `${String(label)}${String(v) in refused ? REFUSED_MARK : ''}`,
      disabled: (Array.isArray(enumDisabled) && enumDisabled.includes(v)) || String(v) in refused,
    }));
    return list;
  }, [enumOptions, enumDisabled, format, refused]);
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
