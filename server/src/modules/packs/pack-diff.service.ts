// Two versions of a city's pack compared (the modeler's diff view): the same diffPacks the modeler
// runs on unsaved edits, over the stored files, with the server's BPMN reader.
import type { Knex } from 'knex';
import { type PackDiff, createBpmnReader, diffPacks } from '@hotline/pack-review';
import type { PackVersion } from './packs.repository';
import { versionFiles } from './packs.service';

export interface VersionDiff {
  from: PackVersion;
  to: PackVersion;
  diff: PackDiff;
}

export async function diffVersions(db: Knex, cityId: string, from: number, to: number): Promise<VersionDiff> {
  const before = await versionFiles(db, cityId, from);
  const after = await versionFiles(db, cityId, to);
  return { from: before.version, to: after.version, diff: await diffPacks(before.files, after.files, createBpmnReader()) };
}
