// Before `npm start`: build the portal and the modeler once, so a fresh clone serves them with no extra
// step. A rebuild is `npm run build --workspace portal` (or modeler).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

for (const app of ['portal', 'modeler']) {
  if (existsSync(new URL(`../${app}/dist/index.html`, import.meta.url))) continue;
  console.log(`building ${app} (first start)…`);
  execFileSync('npm', ['run', '--silent', 'build', '--workspace', app], { stdio: 'inherit' });
}
