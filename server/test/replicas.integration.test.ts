// Two server replicas on one database, each with its own embedded engine (the suite:
// support/replicas-suite.ts). REPLICA_LIFECYCLES sets how many lifecycles run (default 4 on the bpmn-engine core; raise it once the compiled engine lands).
import { replicasSuite } from './support/replicas-suite';

replicasSuite('embedded engine', () => ({ kind: 'embedded' }));
