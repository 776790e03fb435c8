// Subject processes (a knowledge entry's review, an assessment appeal) on the embedded engine: the story is
// in support/subject-story.ts (on Zeebe the processes run in the conformance suite, test/conformance).
import { subjectProcessStory } from './support/subject-story';

subjectProcessStory('embedded', () => ({ kind: 'embedded' }));
