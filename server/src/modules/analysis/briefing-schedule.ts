// The scheduled briefings (周报, 月报: the pack's analysis.briefings): a server job that brings the
// dashboard's counts up to date and, once a period has ended and its run time has come, writes the
// period's briefing (xlsx and PDF, the whole city) and keeps the newest `keep` of each kind for download.
import type { Knex } from 'knex';
import type { Logger } from 'pino';
import { type BriefingDefinition, formatInstant, formatLocalDate, localDayOf } from '@hotline/rules';
import type { Briefing } from '@hotline/api-types';
import type { PackCatalog } from '../workflow/pack-catalog';
import { analysisContext, dashboard, refreshAnalysis } from './analysis.service';
import { briefingPdf, briefingWorkbook } from './briefing';

const DAY_MS = 86_400_000;

/**
 * The period whose briefing is due at `now` (the latest one that ended and whose run time has come), as
 * local days. Pure: the local day and minute of `now` in the city's offset.
 */
export function duePeriod(definition: Pick<BriefingDefinition, 'period' | 'runAt'>, now: number, offsetMinutes: number): { from: string; to: string } {
  const today = localDayOf(now, offsetMinutes);
  const minuteOfDay = Math.floor((now + offsetMinutes * 60_000 - today * DAY_MS) / 60_000);
  const [h, m] = definition.runAt.time.split(':').map(Number) as [number, number];
  const runMinute = h * 60 + m;
  const hasRun = (runDay: number) => runDay < today || (runDay === today && minuteOfDay >= runMinute);
  if (definition.period === 'week') {
    const monday = today - ((new Date(today * DAY_MS).getUTCDay() + 6) % 7);
    let start = monday - 7;
    if (!hasRun(start + 7 + definition.runAt.day - 1)) start -= 7;
    return { from: formatLocalDate(start), to: formatLocalDate(start + 6) };
  }
  const date = new Date(today * DAY_MS);
  const monthStart = (y: number, mo: number) => Date.UTC(y, mo, 1) / DAY_MS;
  let year = date.getUTCFullYear();
  let month = date.getUTCMonth() - 1;
  if (!hasRun(monthStart(year, month + 1) + definition.runAt.day - 1)) month -= 1;
  if (month < 0) {
    month += 12;
    year -= 1;
  }
  return { from: formatLocalDate(monthStart(year, month)), to: formatLocalDate(monthStart(year, month + 1) - 1) };
}

export async function listBriefings(db: Knex, cityId: string): Promise<Briefing[]> {
  const rows: Array<{ id: string; key: string; label: string; from: string; to: string; trigger: 'schedule' | 'demand'; created_at: Date }> = await db('analysis_briefings')
    .where({ city_id: cityId })
    .orderBy([{ column: 'period_from', order: 'desc' }, { column: 'id', order: 'desc' }])
    .limit(200)
    .select('id', 'key', 'label', db.raw(`to_char(period_from, 'YYYY-MM-DD') as "from"`), db.raw(`to_char(period_to, 'YYYY-MM-DD') as "to"`), 'trigger', 'created_at');
  return rows.map((r) => ({ id: Number(r.id), key: r.key, label: r.label, from: r.from, to: r.to, trigger: r.trigger, createdAt: r.created_at.toISOString() }));
}

/** Writes every briefing that is due and not yet written, for every city; returns how many were written. */
export async function writeDueBriefings(db: Knex, catalog: PackCatalog, now: number, log?: Logger, stopping: () => boolean = () => false): Promise<number> {
  let written = 0;
  for (const cityId of (await db('cities').pluck('id')) as string[]) {
    if (stopping()) break;
    const entry = await catalog.inForce(cityId);
    if (!entry) continue;
    const offset = entry.rules.offsetMinutes;
    const { policy } = await analysisContext(db, catalog, cityId);
    for (const definition of policy.briefings) {
      if (stopping()) break;
      const period = duePeriod(definition, now, offset);
      const exists = await db('analysis_briefings').where({ city_id: cityId, key: definition.key, trigger: 'schedule', period_from: period.from }).first('id');
      if (exists) continue;
      const figures = await dashboard(db, catalog, cityId, null, period);
      const doc = { label: definition.label, dashboard: figures, producedAt: formatInstant(now, offset).slice(0, 16).replace('T', ' ') };
      const [xlsx, pdf] = [await briefingWorkbook(doc), await briefingPdf(doc)];
      await db.transaction(async (trx) => {
        const inserted = await trx.raw(
          `insert into analysis_briefings (city_id, key, label, period_from, period_to, trigger, xlsx, pdf)
           values (?, ?, ?, ?, ?, 'schedule', ?, ?) on conflict (city_id, key, period_from) where trigger = 'schedule' do nothing returning id`,
          [cityId, definition.key, definition.label, period.from, period.to, xlsx, pdf],
        );
        if (inserted.rows.length === 0) return;
        written += 1;
        // keep the newest `keep` of this kind
        await trx.raw(
          `delete from analysis_briefings where city_id = ? and key = ? and trigger = 'schedule'
             and id not in (select id from analysis_briefings where city_id = ? and key = ? and trigger = 'schedule' order by period_from desc limit ?)`,
          [cityId, definition.key, cityId, definition.key, definition.keep],
        );
      });
      log?.info({ city: cityId, briefing: definition.key, ...period }, 'briefing written');
    }
  }
  return written;
}

export interface AnalysisJob {
  /** One round now: refresh the counts, write what is due (tests and the first round call it). */
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Every `intervalMs` (ANALYSIS_REFRESH_MS, 5 minutes by default; the first round 10 s after the start, so
 * that a server started for a moment does no analysis work): refresh the counts, write due briefings.
 * Stopping waits for the round in progress, which gives up between briefings.
 */
export function startAnalysisJob(db: Knex, catalog: PackCatalog, clock: () => Promise<number>, log: Logger, intervalMs = Number(process.env.ANALYSIS_REFRESH_MS ?? 300_000)): AnalysisJob {
  let running: Promise<void> = Promise.resolve();
  let stopped = false;
  const round = async () => {
    try {
      const { tookMs } = await refreshAnalysis(db, catalog);
      log.debug({ tookMs }, 'analysis counts refreshed');
      if (!stopped) await writeDueBriefings(db, catalog, await clock(), log, () => stopped);
    } catch (e) {
      if (!stopped) log.warn({ err: e }, 'analysis round failed; the next round tries again');
    }
  };
  const runOnce = () => (running = running.then(round));
  const first = setTimeout(() => void runOnce(), 10_000);
  const timer = setInterval(() => void runOnce(), intervalMs);
  first.unref();
  timer.unref();
  return {
    runOnce,
    stop: async () => {
      stopped = true;
      clearTimeout(first);
      clearInterval(timer);
      await running;
    },
  };
}
