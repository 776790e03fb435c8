// What the catalogue, review and determination pages share: the matter, place and unit pickers,
// a version's status tag with who did what when, the city's places, a download.
import { PATH_SEPARATOR } from '@hotline/rules';
import { Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { CatalogueVersion } from '../../api/catalogue-types';
import type { Place } from '../../api/types';
import { CATALOGUE_STATUS, placePaths, versionEvents } from '../../lib/catalogue';
import { formatInstant } from '../../lib/due';
import { useSession } from '../../app/session';
import { useAsync } from '../../app/use-async';

export interface CityPlaces {
  places: Place[];
  /** The place's path (和平区 › 劝业场街道); the code itself when unknown; 全市 for none. */
  pathOf(code: string | null): string;
}

/** The city's divisions (区划); none while loading or when the server has none. */
export function usePlaces(): CityPlaces {
  const { api, city } = useSession();
  const result = useAsync(() => api.places(city).catch(() => ({ places: [] as Place[] })), [city]);
  return useMemo(() => {
    const places = result.data?.places ?? [];
    const paths = placePaths(places);
    return { places, pathOf: (code) => (code === null || code === '' ? '全市' : (paths.get(code) ?? code)) };
  }, [result.data]);
}

/** A unit's name by its code (the code when unknown). */
export function useUnitName(): (code: string) => string {
  const { units } = useSession();
  return useMemo(() => {
    const names = new Map(units.map((u) => [u.code, u.name]));
    return (code: string) => names.get(code) ?? code;
  }, [units]);
}

/** Controlled, or inside an antd Form.Item (which passes value and onChange). */
interface PickerProps<T> {
  value?: T;
  onChange?(value: T): void;
  status?: 'error';
  testId?: string;
  disabled?: boolean;
}

/**
 * A class of the pack's matter taxonomy (an entry may cover a whole class), found as registrars find
 * it: by label, code prefix, pinyin or its initials ("zdjy" → 占道经营).
 */
export function MatterSelect({ value, onChange, status, testId, disabled }: PickerProps<string>) {
  const { pack } = useSession();
  const [query, setQuery] = useState('');
  const options = useMemo(() => {
    const taxonomy = pack?.matters;
    if (!taxonomy) return [];
    const found = query.trim() ? taxonomy.search(query, 50) : taxonomy.all();
    const chosen = value && !found.some((m) => m.code === value) ? taxonomy.byCode(value) : undefined;
    return [...(chosen ? [chosen] : []), ...found].map((m) => ({ value: m.code, label: `${m.path.join(PATH_SEPARATOR)}（${m.code}）` }));
  }, [pack, query, value]);
  return (
    <Select
      showSearch
      filterOption={false}
      onSearch={setQuery}
      onBlur={() => setQuery('')}
      style={{ width: '100%', minWidth: 220 }}
      placeholder="选择诉求事项"
      value={value || undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? '')}
      options={options}
      status={status}
      disabled={disabled}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
}

/** A division (区划), or none = the whole city. */
export function PlaceSelect({ value, onChange, status, testId, disabled, places }: PickerProps<string | null> & { places: CityPlaces }) {
  const options = useMemo(() => places.places.map((p) => ({ value: p.code, label: places.pathOf(p.code) })), [places]);
  return (
    <Select
      showSearch
      allowClear
      optionFilterProp="label"
      style={{ width: '100%', minWidth: 160 }}
      placeholder="全市"
      value={value ?? undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? null)}
      options={options}
      status={status}
      disabled={disabled}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
}

/** One unit of the city (主办单位), found by its name. */
export function UnitSelect({ value, onChange, status, testId, disabled }: PickerProps<string>) {
  const { units } = useSession();
  return (
    <Select
      showSearch
      optionFilterProp="label"
      style={{ width: '100%', minWidth: 160 }}
      placeholder="选择单位"
      value={value || undefined}
      onChange={(v: string | undefined) => onChange?.(v ?? '')}
      options={units.map((u) => ({ value: u.code, label: u.name }))}
      status={status}
      disabled={disabled}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
}

/** Several units of the city (协办单位). */
export function UnitsSelect({ value, onChange, status, testId, disabled }: PickerProps<string[]>) {
  const { units } = useSession();
  return (
    <Select
      mode="multiple"
      showSearch
      optionFilterProp="label"
      style={{ width: '100%', minWidth: 180 }}
      placeholder="无"
      value={value}
      onChange={(v: string[]) => onChange?.(v)}
      options={units.map((u) => ({ value: u.code, label: u.name }))}
      status={status}
      disabled={disabled}
      data-testid={testId}
      popupMatchSelectWidth={false}
    />
  );
}

export function StatusTag({ version }: { version: CatalogueVersion }) {
  const s = CATALOGUE_STATUS[version.status];
  return (
    <Tag color={s.colour} data-testid="catalogue-status" data-status={version.status}>
      {s.label}
    </Tag>
  );
}

/** Who did what to a version, and when, in the order it happened. */
export function VersionHistory({ version }: { version: CatalogueVersion }) {
  return (
    <Space direction="vertical" size={0} data-testid="version-history">
      {versionEvents(version).map((e) => (
        <Typography.Text key={`${e.at}-${e.text}`} type="secondary">
          {formatInstant(e.at, true)} {e.text}
        </Typography.Text>
      ))}
    </Space>
  );
}

/** Hands a file to the browser's download. */
export function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
