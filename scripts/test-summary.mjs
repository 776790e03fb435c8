// Adds up the JSON reports every package's vitest wrote and prints one closing line a person (and CI)
// can read: "tests: N passed, N failed". Fails when no test ran at all.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'test-results';
let passed = 0;
let failed = 0;
let skipped = 0;
const reports = readdirSync(dir).filter((f) => f.endsWith('.json'));
for (const file of reports) {
  const report = JSON.parse(readFileSync(join(dir, file), 'utf8'));
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
}
console.log(`packages reporting: ${reports.map((f) => f.replace(/\.json$/, '')).join(', ')}`);
console.log(`tests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`);
if (passed === 0 || failed > 0 || skipped > 0) process.exit(1);
