// Subject processes (a knowledge entry's review, an assessment appeal) on the embedded engine: the story is
// in support/subject-story.ts (Zeebe: subject-processes.zeebe.integration.test.ts).
import { subjectProcessStory } from './support/subject-story';

subjectProcessStory('embedded', () => ({ kind: 'embedded' }));
