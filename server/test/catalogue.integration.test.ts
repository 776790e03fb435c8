// The dispatch catalogue on the embedded engine (the suite: support/catalogue-suite.ts).
import { lifecycleWorld } from './support/lifecycle';
import { CATALOGUE_WORLD, catalogueSuite } from './support/catalogue-suite';

catalogueSuite('embedded', () => lifecycleWorld({ kind: 'embedded' }, ['tianjin'], CATALOGUE_WORLD), { expectNoEngineErrors: true });
