// The dispatch catalogue on the real Zeebe broker (the suite: support/catalogue-suite.ts).
import { inject } from 'vitest';
import { lifecycleWorld } from './support/lifecycle';
import { CATALOGUE_WORLD, catalogueSuite } from './support/catalogue-suite';

catalogueSuite('Zeebe', () => lifecycleWorld({ kind: 'zeebe', ...inject('zeebe') }, ['tianjin'], CATALOGUE_WORLD), { expectNoEngineErrors: false });
