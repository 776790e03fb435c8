// What every pack editor needs: the draft's files, its issues, and a way to change one file.
import { createContext, useContext } from 'react';
import type { CityInfo, PackFile, PackIssue } from '@hotline/rules';
import { editJson, readJson, type JsonRead } from '../state/pack-files';

export interface EditorContextValue {
  files: PackFile[];
  /** Issues of the JSON files (pack schema and checks, form files), recomputed on every edit. */
  issues: PackIssue[];
  update(edit: (files: PackFile[]) => PackFile[]): void;
  /** The rule version file the version-level editors show (`versions/2025.json`). */
  ruleVersionPath: string | null;
  setRuleVersionPath(path: string): void;
}

export const EditorContext = createContext<EditorContextValue | null>(null);

export function useEditor(): EditorContextValue {
  const value = useContext(EditorContext);
  if (value === null) throw new Error('useEditor outside an EditorContext');
  return value;
}

/** One JSON file of the draft, parsed, with a setter that writes the whole file back. */
export function useJsonFile<T = Record<string, unknown>>(path: string | null): { read: JsonRead<T> | null; edit: (change: (value: T) => unknown) => void } {
  const { files, update } = useEditor();
  const read = path === null ? null : readJson<T>(files, path);
  return {
    read,
    edit: (change) => {
      if (path !== null) update((current) => editJson(current, path, (v) => change(v as T)));
    },
  };
}

/** city.json as far as it parses (its lists are used for selects even while other fields are wrong). */
export function useCity(): Partial<CityInfo> {
  const { files } = useEditor();
  const read = readJson<Partial<CityInfo>>(files, 'city.json');
  return read.ok && read.value !== null && typeof read.value === 'object' ? read.value : {};
}
