// 交接信息 (hand-off context): what a task kind's form file declares its person needs from earlier
// steps, resolved in words (forms' resolveHandoffContext); on GET tasks/:id and GET tickets/:id/record.
import { type Static, Type } from 'typebox';
import { Nullable, StrictObject } from './schemas';

export const ContextFieldBody = StrictObject({ label: Type.String(), value: Nullable(Type.String()) });
export type ContextField = Static<typeof ContextFieldBody>;

export const ContextRecordEntryBody = StrictObject({ at: Type.String(), actor: Nullable(Type.String()), title: Type.String(), fields: Type.Array(ContextFieldBody) });
export type ContextRecordEntry = Static<typeof ContextRecordEntryBody>;

export const ContextItemBody = StrictObject({
  label: Type.String(),
  value: Nullable(Type.String()),
  /** The step the value came from. */
  from: Type.Optional(StrictObject({ taskName: Type.String(), at: Type.String(), actor: Nullable(Type.String()) })),
  /** For `record: true`: every completed step with its fields in words. */
  record: Type.Optional(Type.Array(ContextRecordEntryBody)),
});
export type ContextItem = Static<typeof ContextItemBody>;

export const HandoffContextBody = StrictObject({ title: Type.String(), items: Type.Array(ContextItemBody) });
export type HandoffContext = Static<typeof HandoffContextBody>;
