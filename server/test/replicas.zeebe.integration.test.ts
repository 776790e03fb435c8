// Two server replicas on one database and one Zeebe broker (the suite: support/replicas-suite.ts).
import { inject } from 'vitest';
import { replicasSuite } from './support/replicas-suite';

replicasSuite('Zeebe', () => ({ kind: 'zeebe', ...inject('zeebe') }), 200);
