// The pack being edited: which city and pack version, the files as loaded and as edited, and the
// source calls that save a draft and publish it.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { PackFile } from '@hotline/rules';
import type { PackVersion, PublishedVersion } from '../api';
import type { CitySummary, PackSource } from '../pack-source';
import { diffFiles, hasChanges, restoreUnchanged, type PackChanges } from '../state/pack-files';

export interface PackSession {
  cities: CitySummary[];
  city: string | null;
  versions: PackVersion[];
  version: PackVersion | null;
  /** The files as the source holds them. */
  base: PackFile[];
  /** The files as edited. */
  files: PackFile[];
  changes: PackChanges;
  dirty: boolean;
  busy: boolean;
  /** The last failure of a source call (sign-in needed, refused publish, ...). */
  error: unknown;
  selectCity(city: string): void;
  selectVersion(version: number): void;
  update(edit: (files: PackFile[]) => PackFile[]): void;
  revert(): void;
  /** Writes the edits into a draft (a new one when the current version is not a draft); returns it. */
  save(): Promise<PackVersion | null>;
  /** Saves first when there are edits; the published version, or the error that stopped it (also in `error`). */
  publish(effectiveFrom: string): Promise<{ published: PublishedVersion | null; error: unknown }>;
  reload(): void;
}

/** The version to open first: the newest draft, else the newest version. */
export function initialVersion(versions: readonly PackVersion[]): PackVersion | null {
  const drafts = versions.filter((v) => v.status === 'draft');
  const pick = drafts.length > 0 ? drafts : versions;
  return pick.reduce<PackVersion | null>((a, v) => (a === null || v.number > a.number ? v : a), null);
}

export function usePackSession(source: PackSource, preferredCity?: string): PackSession {
  const [cities, setCities] = useState<CitySummary[]>([]);
  const [city, setCity] = useState<string | null>(null);
  const [versions, setVersions] = useState<PackVersion[]>([]);
  const [version, setVersion] = useState<PackVersion | null>(null);
  const [base, setBase] = useState<PackFile[]>([]);
  const [files, setFiles] = useState<PackFile[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [generation, setGeneration] = useState(0);
  const latest = useRef(0);
  const baseRef = useRef(base);
  baseRef.current = base;

  const run = useCallback(async <T,>(work: () => Promise<T>): Promise<T | null> => {
    setBusy(true);
    setError(null);
    try {
      return await work();
    } catch (e) {
      setError(e);
      return null;
    } finally {
      setBusy(false);
    }
  }, []);

  useEffect(() => {
    void run(async () => {
      const list = await source.listCities();
      setCities(list);
      setCity((current) => current ?? list.find((c) => c.id === preferredCity)?.id ?? list[0]?.id ?? null);
    });
  }, [source, preferredCity, run, generation]);

  const open = useCallback(
    async (cityId: string, number: number | null) => {
      const ticket = ++latest.current;
      const list = await source.listVersions(cityId);
      const chosen = number === null ? initialVersion(list) : (list.find((v) => v.number === number) ?? null);
      const loaded = chosen ? await source.readVersion(cityId, chosen.number) : [];
      if (ticket !== latest.current) return;
      setVersions(list);
      setVersion(chosen);
      setBase(loaded);
      setFiles(loaded);
    },
    [source],
  );

  useEffect(() => {
    if (city !== null) void run(() => open(city, null));
  }, [city, open, run, generation]);

  const changes = useMemo(() => diffFiles(base, files), [base, files]);
  const dirty = hasChanges(changes);

  const save = useCallback(async (): Promise<PackVersion | null> => {
    if (city === null || version === null) return null;
    return run(async () => {
      let target = version;
      if (target.status !== 'draft') target = await source.createDraft(city, version.number);
      const current = diffFiles(target.number === version.number ? base : await source.readVersion(city, target.number), files);
      for (const path of [...current.added, ...current.changed]) {
        await source.writeFile(city, target.number, path, files.find((f) => f.path === path)!.text);
      }
      for (const path of current.removed) await source.deleteFile(city, target.number, path);
      const list = await source.listVersions(city);
      setVersions(list);
      setVersion(list.find((v) => v.number === target.number) ?? target);
      setBase(files);
      return target;
    });
  }, [city, version, base, files, source, run]);

  const publish = useCallback(
    async (effectiveFrom: string): Promise<{ published: PublishedVersion | null; error: unknown }> => {
      if (city === null || version === null) return { published: null, error: new Error('没有打开的版本') };
      let target: PackVersion | null = version;
      let failure: unknown = null;
      if (dirty) target = await save();
      if (target === null) return { published: null, error: new Error('保存草稿失败，未发布') };
      const number = target.number;
      const published = await run(async () => {
        try {
          const result = await source.publish(city, number, effectiveFrom);
          const list = await source.listVersions(city);
          setVersions(list);
          setVersion(list.find((v) => v.number === number) ?? result);
          return result;
        } catch (e) {
          failure = e;
          throw e;
        }
      });
      return { published, error: failure };
    },
    [city, version, dirty, save, source, run],
  );

  return {
    cities,
    city,
    versions,
    version,
    base,
    files,
    changes,
    dirty,
    busy,
    error,
    selectCity: (c) => setCity(c),
    selectVersion: (n) => {
      if (city !== null) void run(() => open(city, n));
    },
    update: (edit) => setFiles((current) => restoreUnchanged(baseRef.current, edit(current))),
    revert: () => setFiles(base),
    save,
    publish,
    reload: () => setGeneration((g) => g + 1),
  };
}
