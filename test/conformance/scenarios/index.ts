// Every scenario, in the order they run on each engine (one clock per engine: one after the other).
import type { Scenario } from '../scenario';
import { hangzhouScenarios } from './hangzhou';
import { tianjinScenarios } from './tianjin';
import { turpanScenarios } from './turpan';
import { subjectScenarios } from './subjects';

export const scenarios: Scenario[] = [...tianjinScenarios, ...hangzhouScenarios, ...turpanScenarios, ...subjectScenarios];
