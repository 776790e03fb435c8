// Prints the production bundle: every file under dist/assets with its size and gzip size, the
// total, and what the first page load fetches (index.html's scripts and styles).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const assets = join(dist, 'assets');
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;
const rows = readdirSync(assets)
  .filter((f) => statSync(join(assets, f)).isFile())
  .map((f) => {
    const bytes = readFileSync(join(assets, f));
    return { file: f, size: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  })
  .sort((a, b) => b.size - a.size);
const width = Math.max(...rows.map((r) => r.file.length), 10);
console.log(`\nportal bundle (${assets}):`);
console.log(`${'file'.padEnd(width)}  ${'size'.padStart(10)}  ${'gzip'.padStart(10)}`);
for (const r of rows) console.log(`${r.file.padEnd(width)}  ${kb(r.size).padStart(10)}  ${kb(r.gzip).padStart(10)}`);
const total = rows.reduce((s, r) => ({ size: s.size + r.size, gzip: s.gzip + r.gzip }), { size: 0, gzip: 0 });
console.log(`${'total'.padEnd(width)}  ${kb(total.size).padStart(10)}  ${kb(total.gzip).padStart(10)}`);
const html = readFileSync(join(dist, 'index.html'), 'utf8');
const initial = new Set([...html.matchAll(/(?:src|href)="\/?assets\/([^"]+)"/g)].map((m) => m[1]));
const first = rows.filter((r) => initial.has(r.file)).reduce((s, r) => ({ size: s.size + r.size, gzip: s.gzip + r.gzip }), { size: 0, gzip: 0 });
console.log(`first load (index.html's ${initial.size} files): ${kb(first.size)}, gzip ${kb(first.gzip)}\n`);
