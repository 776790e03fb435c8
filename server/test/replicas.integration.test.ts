// Two server replicas on one database, each with its own embedded engine (the suite:
// support/replicas-suite.ts): 200 lifecycles (≈ 100 s on a 2-core machine at load 3; the bpmn-engine core
// managed 4 in 96 s). REPLICA_LIFECYCLES sets another number.
import { replicasSuite } from './support/replicas-suite';

replicasSuite('embedded engine', () => ({ kind: 'embedded' }), 200);
