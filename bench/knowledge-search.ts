// `npm run bench:knowledge-search`: 知识库检索 at registration on a city with 100,000 knowledge entries.
//
// Starts the real server in this process (embedded PostgreSQL under .data/bench-knowledge, wiped first,
// embedded engine, the shipped Tianjin pack and demo organisation), bulk-inserts BENCH_ENTRIES (100 k)
// entries straight into PostgreSQL (INSERT … SELECT generate_series): titles and contents composed of
// everyday service phrases, 90 % published and in effect, 4 % expired, 3 % not yet effective, 3 %
// drafts (which carry no bigrams and are never offered), then times the search through the API from a
// worker thread over loopback, one request at a time, and prints p50/p95 per kind of query. Goal: p95 < 100 ms.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig, startServer } from '@hotline/server';
import { freePort } from '@hotline/postgres';
import { login, measure, seconds } from './loopback';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const ENTRIES = Number(process.env.BENCH_ENTRIES ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const DATA_DIR = '.data/bench-knowledge';

const TOPICS = ['住房公积金提取', '医保报销', '居住证办理', '养老保险缴费', '供热收费标准', '计划停水', '垃圾分类投放', '公交线路调整', '不动产登记', '营业执照办理', '新生儿落户', '失业金申领', '义务教育入学', '燃气开户', '电动车上牌', '个税汇算'];
const DETAIL = ['所需材料', '办理流程', '办理时限', '收费标准', '适用条件', '常见问题解答', '线上办理渠道', '咨询电话'];
const AREAS = ['和平区', '河西区', '南开区', '河北区', '红桥区', '东丽区', '西青区', '津南区', '北辰区', '滨海新区'];
const CATEGORIES = ['pension', 'medicalInsurance', 'employment', 'housingFund', 'propertyManagement', 'transport', 'education', 'publicUtilities', 'businessServices'];

const sqlArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(',')}]`;

if (process.env.BENCH_REUSE !== '1') rmSync(join(REPO_ROOT, DATA_DIR), { recursive: true, force: true });
const env = { PORT: String(await freePort()), EMBEDDED_PG_PORT: String(await freePort()), DATA_DIR, LOG_LEVEL: 'warn' };
console.log(`bench:knowledge-search — starting the server (${DATA_DIR}) …`);
const server = await startServer(loadConfig(env));
const db = server.app.db;
try {
  const city = 'tianjin';
  const units: string[] = await db('units').where({ city_id: city }).whereNot('kind', 'centre').orderBy('code').pluck('id');
  if (units.length === 0) throw new Error('the demo organisation of Tianjin is not loaded');
  let t0 = performance.now();
  const have = Number((await db('knowledge_entries').where('city_id', city).count({ n: '*' }).first())?.n);
  if (have >= ENTRIES) console.log('reusing the seeded database of the last run');
  else {
    console.log(`seeding ${ENTRIES.toLocaleString('en')} knowledge entries …`);
    await db.raw('drop index knowledge_versions_bigrams');
    await db.transaction(async (trx) => {
      await trx.raw('create temporary table bench_units (i int primary key, id uuid) on commit drop');
      await trx('bench_units').insert(units.map((id, i) => ({ i, id })));
      await trx.raw(
        `insert into knowledge_entries (id, city_id, unit_id, published_version)
         select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, ?, (select id from bench_units where i = n % ?), case when n % 100 < 97 then 1 end
         from generate_series(1, ?) as n`,
        [city, units.length, ENTRIES],
      );
      await trx.raw(
        `insert into knowledge_versions (entry_id, version, city_id, status, category, kind, title, content, basis, classification, effective_from, expires_on, published_at, search_bigrams)
         select ('00000000-0000-4000-8000-' || lpad(to_hex(n), 12, '0'))::uuid, 1, ?,
                case when n % 100 >= 97 then 'draft' else 'published' end,
                (${sqlArray(CATEGORIES)})[1 + n % ${CATEGORIES.length}], 'serviceGuide',
                t, t || '：' || c, '《天津市政务服务条例》', 'public',
                case when n % 100 between 94 and 96 then current_date + 10 else current_date - 100 end,
                case when n % 100 between 90 and 93 then current_date - 1 else current_date + 200 end,
                now(),
                case when n % 100 >= 97 then null else text_bigrams(t || ' ' || t || '：' || c) end
         from generate_series(1, ?) as n,
              lateral (select (${sqlArray(AREAS)})[1 + (n / 3) % ${AREAS.length}] || (${sqlArray(TOPICS)})[1 + n % ${TOPICS.length}] || (${sqlArray(DETAIL)})[1 + (n / 7) % ${DETAIL.length}] || '（第' || n || '号）' as t,
                              '本条目说明' || (${sqlArray(TOPICS)})[1 + (n / 5) % ${TOPICS.length}] || '的' || (${sqlArray(DETAIL)})[1 + (n / 11) % ${DETAIL.length}] || '，申请人可通过政务服务网或窗口办理，详情请咨询有关部门。' || case when n % 5000 = 0 then '涉及窨井维护。' else '' end as c) x`,
        [city, ENTRIES],
      );
    });
    console.log(`rows in ${seconds(t0)} s; building the bigram index …`);
    t0 = performance.now();
    await db.raw(`set maintenance_work_mem = '256MB'`);
    await db.raw(`create index knowledge_versions_bigrams on knowledge_versions using gin (search_bigrams) where status = 'published'`);
    await db.raw('vacuum analyze knowledge_versions');
    await db.raw('analyze knowledge_entries');
    console.log(`  index in ${seconds(t0)} s`);
  }

  const base = server.url;
  const token = await login(base, 'tj.registrar');
  const path = `/api/cities/${city}/knowledge/searches`;
  const search = (make: (i: number) => string) => Array.from({ length: REQUESTS }, (_, i) => ({ path, body: { q: make(i) } }));
  const scenarios: Array<[string, Array<{ path: string; body: unknown }>]> = [
    ['2 characters (common: 医保, 停水 …)', search((i) => ['医保', '停水', '供热', '落户', '燃气', '个税'][i % 6]!)],
    ['a topic, 4–7 characters', search((i) => TOPICS[i % TOPICS.length]!)],
    ['topic + detail (two words)', search((i) => `${TOPICS[i % TOPICS.length]} ${DETAIL[i % DETAIL.length]}`)],
    ['area + topic (two words)', search((i) => `${AREAS[i % AREAS.length]} ${TOPICS[(i * 3) % TOPICS.length]!.slice(0, 4)}`)],
    ["rare (an entry's own number)", search((i) => `第${1 + ((i * 7919) % ENTRIES)}号`)],
    ['2 characters, rare (1 entry in 5,000)', search(() => '窨井')],
    ['no match', search(() => '航天发射')],
  ];
  // only offered entries come back (published, in effect)
  const probe = await fetch(`${base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify({ q: '第91号' }) });
  const probed = (await probe.json()) as { items: Array<{ title: string }> };
  if (probed.items.some((h) => h.title.endsWith('（第91号）'))) throw new Error('an expired entry was offered');

  console.log(`\n${'query'.padEnd(44)} ${'n'.padStart(5)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'max ms'.padStart(8)}`);
  const p95s: number[] = [];
  for (const [name, requests] of scenarios) {
    const r = await measure(base, token, requests.slice(0, 10)).then(() => measure(base, token, requests)).catch((e: Error) => e);
    if (r instanceof Error) {
      console.log(`${name.padEnd(44)} failed: ${r.message.slice(0, 300)}`);
      continue;
    }
    p95s.push(r.p95);
    console.log(`${name.padEnd(44)} ${String(r.n).padStart(5)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.max.toFixed(1).padStart(8)}`);
  }
  const worst = Math.max(...p95s);
  console.log(`\nworst p95 ${worst.toFixed(1)} ms (goal < 100 ms): ${worst < 100 ? 'met' : 'NOT met'}`);
  console.log(`${ENTRIES.toLocaleString('en')} entries, one request at a time over loopback, after 10 warm-up requests per query; 2-core machine shared with others.`);
} finally {
  await server.close();
}
