#!/usr/bin/env node
// `npx hotline …`: runs the TypeScript sources directly through tsx, so a fresh clone needs no build.
import { register } from 'tsx/esm/api';

register();
const { runCli, processIo } = await import('../src/index.ts');
process.exitCode = await runCli(process.argv.slice(2), processIo());
