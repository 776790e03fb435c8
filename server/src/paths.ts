import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The monorepo's root folder: `.data/` and the shipped packs are found from here. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
