// The demo's knowledge base: a few published entries of the demo organisation's departments
// (server/demo/knowledge/<city>.json), loaded once when the city has none; an entry that does not fit
// the pack in force (its category, kind, or §20's refusals) is reported and the file skipped.
import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import { knowledgeProblems, latestExpiry } from '@hotline/rules';
import { chinaToday } from '../../local-day';
import { recordEvent } from '../audit/audit.repository';
import { SYSTEM } from '../auth/actor';
import type { PackCatalog } from '../workflow/pack-catalog';

interface DemoEntry {
  unit: string;
  category: string;
  kind: string;
  title: string;
  content: string;
  basis: string;
}

export async function seedDemoKnowledge(db: Knex, catalog: PackCatalog, cityId: string, file: string, log: FastifyBaseLogger): Promise<void> {
  if (await db('knowledge_entries').where({ city_id: cityId }).first('id')) return;
  const pack = await catalog.inForce(cityId);
  const policy = pack?.rules.versionAt(Date.now()).knowledge;
  if (!pack || !policy) return;
  const today = chinaToday();
  const entries = (JSON.parse(readFileSync(file, 'utf8')) as { entries: DemoEntry[] }).entries.map((e) => {
    const months = policy.kinds.find((k) => k.key === e.kind)?.maxValidityMonths ?? 1;
    return { ...e, classification: 'public' as const, effectiveFrom: today, expiresOn: latestExpiry(today, months) };
  });
  const units = new Map((await db('units').where({ city_id: cityId }).select('id', 'code')).map((u: { id: string; code: string }) => [u.code, u.id]));
  const problems = entries.flatMap((e, i) => [...knowledgeProblems(e, policy).map((p) => `entry ${i + 1} ${p.where}: ${p.message}`), ...(units.has(e.unit) ? [] : [`entry ${i + 1}: no unit ${e.unit}`])]);
  if (problems.length > 0) {
    log.warn({ city: cityId, problems }, `the demo knowledge base of ${cityId} does not fit its pack and was not loaded`);
    return;
  }
  await db.transaction(async (trx) => {
    for (const e of entries) {
      const [row] = await trx('knowledge_entries').insert({ city_id: cityId, unit_id: units.get(e.unit), published_version: 1 }).returning(['id', 'code']);
      await trx('knowledge_versions').insert({
        entry_id: row.id,
        version: 1,
        city_id: cityId,
        status: 'published',
        category: e.category,
        kind: e.kind,
        title: e.title,
        content: e.content,
        basis: e.basis,
        classification: 'public',
        effective_from: e.effectiveFrom,
        expires_on: e.expiresOn,
        published_at: new Date(),
        published_by: SYSTEM.name,
        search_bigrams: trx.raw(`text_bigrams(? || ' ' || ?)`, [e.title, e.content]),
      });
      await recordEvent(trx, { cityId, actor: SYSTEM, action: 'knowledge.published', subjectType: 'knowledgeEntry', subjectId: row.code, details: { demo: true, version: 1 } });
    }
  });
  log.info({ city: cityId, entries: entries.length }, `loaded the demo knowledge base of ${cityId}`);
}
