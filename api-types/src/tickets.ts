// What several ticket routes share: the place and matter filter of the lists.
import { Type } from 'typebox';

/** `?place=` and `?matter=` (or the same in a search's body): tickets of that place or matter and everything under it. */
export const SubjectQuery = {
  place: Type.Optional(Type.String({ minLength: 1, maxLength: 64, description: 'a place code: tickets in that place and everything under it' })),
  matter: Type.Optional(Type.String({ minLength: 1, maxLength: 32, pattern: '^[0-9]+$', description: 'a matter code: tickets of that matter and everything under it' })),
};
