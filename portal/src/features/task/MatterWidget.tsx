// 诉求事项: the pack's matters (leaves of its taxonomy, `x-options: "matters"`), found by what a
// registrar types fast — label, code, full pinyin or its initials ("zdjy" finds 占道经营) — through the
// taxonomy's own search, and shown by path.
import { MatterTaxonomy } from '@hotline/rules';
import { ariaDescribedByIds, type WidgetProps } from '@rjsf/utils';
import { Select } from 'antd';
import { useMemo, useState } from 'react';
import { choicesOf, matterNodes } from './path-choices';

export function MatterWidget({ id, htmlName, disabled, readonly, autofocus, value, onChange, onBlur, onFocus, options, placeholder }: WidgetProps) {
  const choices = useMemo(() => choicesOf(options.enumOptions), [options.enumOptions]);
  const taxonomy = useMemo(() => new MatterTaxonomy(matterNodes(choices)), [choices]);
  const [query, setQuery] = useState('');
  const shown = useMemo(() => {
    const offered = new Set(choices.map((c) => c.value));
    const found = query.trim() === '' ? choices.map((c) => c.value) : taxonomy.search(query.trim(), 50).flatMap((m) => (m.leaf ? [m.code] : taxonomy.leaves().filter((l) => l.code.startsWith(m.code)).map((l) => l.code)));
    const labels = new Map(choices.map((c) => [c.value, c.label]));
    return [...new Set(found)].filter((code) => offered.has(code)).map((code) => ({ value: code, label: labels.get(code)! }));
  }, [choices, taxonomy, query]);
  return (
    <Select
      id={id}
      {...({ name: htmlName || id } as object)}
      data-testid={`matter-picker-${id}`}
      autoFocus={autofocus}
      disabled={disabled || readonly}
      value={typeof value === 'string' && value !== '' ? value : undefined}
      options={shown}
      showSearch
      filterOption={false}
      searchValue={query}
      onSearch={setQuery}
      allowClear
      placeholder={placeholder || '输入事项名称、编码或拼音首字母（如 zdjy）'}
      notFoundContent="没有匹配的诉求事项"
      style={{ width: '100%' }}
      getPopupContainer={(node: HTMLElement) => node.parentElement ?? document.body}
      onChange={(next: string | undefined) => {
        setQuery('');
        onChange(next ?? options.emptyValue);
      }}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      aria-describedby={ariaDescribedByIds(id)}
    />
  );
}
