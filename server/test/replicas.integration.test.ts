// Two server replicas on one database, each with its own embedded engine (the suite:
// support/replicas-suite.ts). 4 lifecycles on the bpmn-engine core (96 s for the 4 on a 2-core machine at
// load 11); raise it once the compiled engine lands. REPLICA_LIFECYCLES sets another number.
import { replicasSuite } from './support/replicas-suite';

replicasSuite('embedded engine', () => ({ kind: 'embedded' }), 4);
