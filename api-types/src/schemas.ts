// The building blocks every shape uses: a strict object (responses reject unknown fields, so a column
// that should stay inside cannot leak out), a value or null, an instant and a local day.
import { type TProperties, Type } from 'typebox';

export const StrictObject = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

/** A value or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Timestamp = Type.String({ format: 'date-time' });
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });

/** A unit as a list or a ticket names it. */
export const UnitRefBody = StrictObject({ code: Type.String(), name: Type.String() });
