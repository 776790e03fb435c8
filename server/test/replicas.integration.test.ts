// Two server replicas on one database, each with its own embedded engine (the suite:
// support/replicas-suite.ts). 4 lifecycles on the bpmn-engine core (about 25 s each on a busy 2-core
// machine); raise it once the compiled engine lands. REPLICA_LIFECYCLES sets another number.
import { replicasSuite } from './support/replicas-suite';

replicasSuite('embedded engine', () => ({ kind: 'embedded' }), 4);
