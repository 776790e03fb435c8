// Drafts: how policy staff change a city's pack in the browser. A draft is a new pack version holding a
// copy of another version's files; only drafts change (the database refuses any write to a validated or
// published version's files). Publishing a draft checks the whole pack (rules, forms, processes),
// deploys its processes on the engine in use, then marks it validated and published, with the audit
// event, in one transaction: a pack that fails any step publishes nothing.
import type { Knex } from 'knex';
import { HotlineError, type PackFile, parseLocalDate } from '@hotline/rules';
import { type ApiError, InputRejectedError, conflict, notFound } from '../../http/errors';
import { forbiddenInFiles, forbiddenTextError } from '../../http/text-input';
import { recordEvent } from '../audit/audit.repository';
import type { AuditActor } from '../auth/actor';
import { checkPackForPublish, unsafePath } from './pack-checks';
import * as packs from './packs.repository';
import type { PackVersion } from './packs.repository';
import { contentHash } from './packs.service';
import { type DeploymentResult, NO_DEPLOYER, type PackProcessDeployer } from './process-deployment';

const subject = (cityId: string, number: number) => `${cityId}/${number}`;

function checkPath(path: string): void {
  if (unsafePath(path)) {
    throw new InputRejectedError('PACK_PATH_INVALID', `the file path "${path}"`, [
      { where: '/path', message: 'is not a relative path inside the pack folder (use a/b.json, no "..", no "\\")' },
    ]);
  }
}

function notDraft(version: PackVersion): ApiError {
  return conflict(
    'PACK_NOT_DRAFT',
    `pack version ${subject(version.cityId, version.number)} is ${version.status}${version.effectiveFrom ? ` (effective ${version.effectiveFrom})` : ''} and cannot change: create a draft from it`,
  );
}

async function lockDraft(trx: Knex.Transaction, cityId: string, number: number): Promise<PackVersion> {
  const version = await packs.lockVersion(trx, cityId, number);
  if (!version) throw notFound(`pack version ${subject(cityId, number)}`);
  if (version.status !== 'draft') throw notDraft(version);
  return version;
}

/** A new draft: the next number, a copy of `from`'s files, `source: "draft from <from>"`. */
export async function createDraft(db: Knex, cityId: string, from: number, actor: AuditActor): Promise<PackVersion> {
  return db.transaction(async (trx) => {
    // the city's row lock makes the next number unique, as for imports
    if (!(await trx('cities').where('id', cityId).forUpdate().first('id'))) throw notFound(`city "${cityId}"`);
    const source = await packs.findVersion(trx, cityId, from);
    if (!source) throw notFound(`pack version ${subject(cityId, from)}`);
    const files = await packs.readFiles(trx, source.id);
    const draft = await packs.insertDraft(trx, { cityId, contentHash: source.contentHash, source: `draft from ${from}`, createdBy: actor.name });
    await packs.insertFiles(trx, draft.id, files);
    await recordEvent(trx, {
      cityId,
      actor,
      action: 'pack.draftCreated',
      subjectType: 'packVersion',
      subjectId: subject(cityId, draft.number),
      details: { number: draft.number, from, files: files.length },
    });
    return draft;
  });
}

export async function readVersionFile(db: Knex, cityId: string, number: number, path: string): Promise<PackFile> {
  const version = await packs.findVersion(db, cityId, number);
  if (!version) throw notFound(`pack version ${subject(cityId, number)}`);
  const file = await packs.readFile(db, version.id, path);
  if (!file) throw notFound(`file ${path} of pack version ${subject(cityId, number)}`);
  return file;
}

async function refreshHash(trx: Knex.Transaction, version: PackVersion): Promise<void> {
  await packs.updateContentHash(trx, version.id, contentHash(await packs.readFiles(trx, version.id)));
}

/** Creates or replaces one file of a draft. */
export async function writeDraftFile(db: Knex, cityId: string, number: number, file: PackFile, actor: AuditActor): Promise<{ file: PackFile; created: boolean }> {
  checkPath(file.path);
  const forbidden = forbiddenInFiles([file]);
  if (forbidden.length > 0) throw forbiddenTextError(forbidden);
  return db.transaction(async (trx) => {
    const draft = await lockDraft(trx, cityId, number);
    const before = await packs.readFile(trx, draft.id, file.path);
    if (before && before.text === file.text) return { file, created: false };
    const created = await packs.upsertFile(trx, draft.id, file);
    await refreshHash(trx, draft);
    await recordEvent(trx, {
      cityId,
      actor,
      action: 'pack.fileWritten',
      subjectType: 'packVersion',
      subjectId: subject(cityId, number),
      details: { path: file.path, created, characters: file.text.length },
    });
    return { file, created };
  });
}

export async function deleteDraftFile(db: Knex, cityId: string, number: number, path: string, actor: AuditActor): Promise<void> {
  checkPath(path);
  await db.transaction(async (trx) => {
    const draft = await lockDraft(trx, cityId, number);
    if (!(await packs.deleteFile(trx, draft.id, path))) throw notFound(`file ${path} of pack version ${subject(cityId, number)}`);
    await refreshHash(trx, draft);
    await recordEvent(trx, { cityId, actor, action: 'pack.fileDeleted', subjectType: 'packVersion', subjectId: subject(cityId, number), details: { path } });
  });
}

export interface PublishOptions {
  /** Deploys the version's processes on the engine in use; absent, publishing says so in `deployment`. */
  deployer?: PackProcessDeployer | undefined;
}

export interface PublishResult {
  version: PackVersion;
  deployment: (DeploymentResult & { deployed: true }) | { deployed: false; reason: string };
}

/** One issue per line of the engine's reason; `<file>: element '<id>' (<type>): why` names the element. */
export function engineIssues(reason: string): Array<{ where: string; message: string }> {
  return reason
    .split('\n')
    .map((line) => line.trim())
    .filter(Boolean)
    .map((line) => {
      const element = /^(processes\/[^:]+\.bpmn): element '([^']+)' \(([^)]+)\): (.*)$/.exec(line);
      return element ? { where: `${element[1]}#${element[2]}`, message: `${element[4]} (${element[3]})` } : { where: 'processes', message: line };
    });
}

/** An engine's refusal of a process (EngineError DEPLOY_REJECTED), as the issues of a 422. */
function engineRefusal(error: unknown, version: PackVersion): never {
  const code = (error as { code?: unknown } | null)?.code;
  if (error instanceof Error && code === 'DEPLOY_REJECTED') {
    throw new InputRejectedError(
      'PROCESS_REJECTED',
      `the publication of pack version ${subject(version.cityId, version.number)} (the workflow engine cannot run its processes)`,
      engineIssues(error.message),
    );
  }
  throw error;
}

/**
 * Publishes a draft or a validated (imported) version from an effective date. A draft is checked
 * whole first (checkPackForPublish: 422 PACK_INVALID with every issue); then the processes go to
 * the engine (422 PROCESS_REJECTED with the engine's reason); then status, date and audit event
 * are written together. Running tickets keep the version they started under; tickets registered
 * from the effective date on take this one.
 */
export async function publishPackVersion(db: Knex, cityId: string, number: number, effectiveFrom: string, actor: AuditActor, options: PublishOptions = {}): Promise<PublishResult> {
  if (parseLocalDate(effectiveFrom) === null) throw new HotlineError('BAD_DATE', `effective date "${effectiveFrom}" is not a date (YYYY-MM-DD)`);
  return db.transaction(async (trx) => {
    const version = await packs.lockVersion(trx, cityId, number);
    if (!version) throw notFound(`pack version ${subject(cityId, number)}`);
    if (version.status === 'published') {
      throw conflict('PACK_PUBLISHED', `pack version ${subject(cityId, number)} is already published (effective ${version.effectiveFrom}) and cannot change`);
    }
    const wasDraft = version.status === 'draft';
    if (wasDraft) {
      const files = await packs.readFiles(trx, version.id);
      const check = await checkPackForPublish(files, cityId);
      if (!check.ok) throw new InputRejectedError('PACK_INVALID', `pack version ${subject(cityId, number)}`, check.issues);
      await packs.updateContentHash(trx, version.id, contentHash(files));
      await packs.markValidated(trx, version.id);
    }
    let deployment: PublishResult['deployment'];
    if (options.deployer) {
      const result = await options.deployer.deploy({ id: version.id, cityId, number }).catch((e: unknown) => engineRefusal(e, version));
      deployment = { deployed: true, ...result };
    } else {
      deployment = { deployed: false, reason: NO_DEPLOYER };
    }
    const published = await packs.markPublished(trx, version.id, effectiveFrom, actor.name);
    await recordEvent(trx, {
      cityId,
      actor,
      action: 'pack.published',
      subjectType: 'packVersion',
      subjectId: subject(cityId, number),
      details: {
        number,
        effectiveFrom,
        from: wasDraft ? 'draft' : 'validated',
        source: version.source,
        contentHash: published.contentHash,
        deployment: deployment.deployed ? { engine: deployment.engine, processes: deployment.processes } : { engine: null, reason: deployment.reason },
      },
    });
    return { version: published, deployment };
  });
}

/**
 * A folder or an archive uploaded in the modeler, as a new draft of the city (not validated yet: the
 * modeler shows its issues, and publishing checks it whole). The files must be this city's pack.
 */
export async function importDraft(db: Knex, cityId: string, files: readonly PackFile[], source: string, actor: AuditActor): Promise<PackVersion> {
  const unsafe = files.filter((f) => unsafePath(f.path));
  if (unsafe.length > 0) {
    throw new InputRejectedError('PACK_INVALID', 'the uploaded pack', unsafe.map((f) => ({ where: f.path, message: 'is not a relative path inside the pack folder (use a/b.json, no "..")' })));
  }
  const forbidden = forbiddenInFiles(files);
  if (forbidden.length > 0) throw forbiddenTextError(forbidden);
  const cityFile = files.find((f) => f.path === 'city.json');
  let packCity: unknown;
  try {
    packCity = cityFile ? (JSON.parse(cityFile.text) as { id?: unknown }).id : undefined;
  } catch {
    packCity = undefined; // not JSON: the draft shows the issue
  }
  if (!cityFile) throw new InputRejectedError('PACK_INVALID', 'the uploaded pack', [{ where: 'city.json', message: 'is missing: upload the pack folder itself (the one holding city.json)' }]);
  if (typeof packCity === 'string' && packCity !== cityId) {
    throw new InputRejectedError('PACK_OTHER_CITY', 'the uploaded pack', [
      { where: 'city.json at /id', message: `is "${packCity}": this is another city's pack; to start a new city from it, use “新建城市” (POST /api/cities)` },
    ]);
  }
  return db.transaction(async (trx) => {
    if (!(await trx('cities').where('id', cityId).forUpdate().first('id'))) throw notFound(`city "${cityId}"`);
    const draft = await packs.insertDraft(trx, { cityId, contentHash: contentHash(files), source, createdBy: actor.name });
    await packs.insertFiles(trx, draft.id, files);
    await recordEvent(trx, {
      cityId,
      actor,
      action: 'pack.draftCreated',
      subjectType: 'packVersion',
      subjectId: subject(cityId, draft.number),
      details: { number: draft.number, from: source, files: files.length },
    });
    return draft;
  });
}
