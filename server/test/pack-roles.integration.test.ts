// Roles are the pack's, on the embedded engine (the suite: support/pack-roles-suite.ts).
import { lifecycleWorld } from './support/lifecycle';
import { packRolesSuite } from './support/pack-roles-suite';

packRolesSuite('embedded engine', () => lifecycleWorld({ kind: 'embedded' }, ['tianjin']), { expectNoEngineErrors: true });
