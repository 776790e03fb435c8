import { createRequire } from 'node:module';
const require = createRequire(import.meta.url + '/../../server/');
const pg = require('pg');
const counts = new Map();
const orig = pg.Client.prototype.query;
pg.Client.prototype.query = function (config, ...rest) {
  const text = typeof config === 'string' ? config : config?.text;
  if (text) { const k = text.replace(/\$\d+/g, '?').replace(/\s+/g, ' ').slice(0, 140); counts.set(k, (counts.get(k) ?? 0) + 1); }
  return orig.call(this, config, ...rest);
};
process.on('exit', () => {
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  console.error('SQL total', total);
  for (const [k, v] of [...counts.entries()].sort((a, b) => b[1] - a[1]).slice(0, 45)) console.error(String(v).padStart(6), k);
});
