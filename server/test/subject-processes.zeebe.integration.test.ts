// Subject processes (a knowledge entry's review, an assessment appeal) on the real Zeebe broker: the story
// is in support/subject-story.ts (the embedded engine's run: subject-processes.integration.test.ts).
import { inject } from 'vitest';
import { subjectProcessStory } from './support/subject-story';

subjectProcessStory('zeebe', () => {
  const { address, clockUrl } = inject('zeebe');
  return { kind: 'zeebe', address, clockUrl };
});
