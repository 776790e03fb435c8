// Roles are the pack's, on the real Zeebe broker (the suite: support/pack-roles-suite.ts).
import { inject } from 'vitest';
import { lifecycleWorld } from './support/lifecycle';
import { packRolesSuite } from './support/pack-roles-suite';

packRolesSuite('Zeebe', () => lifecycleWorld({ kind: 'zeebe', ...inject('zeebe') }, ['tianjin']), { expectNoEngineErrors: false });
