// JSON Schemas shared by every route: the error body, the city in the path, and a strict object
// (responses reject unknown fields, so a column that should stay inside cannot leak out).
import { type TProperties, Type } from 'typebox';

export const StrictObject = <T extends TProperties>(properties: T, description?: string) =>
  Type.Object(properties, { additionalProperties: false, ...(description ? { description } : {}) });

const ErrorBody = StrictObject({
  error: StrictObject({
    code: Type.String(),
    message: Type.String(),
    issues: Type.Optional(Type.Array(StrictObject({ where: Type.String(), message: Type.String(), messageZh: Type.Optional(Type.String()) }))),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** Every route can answer with an error body; listed once here, spread into each route's responses. */
export const errorResponses = { '4XX': ErrorBody, '5XX': ErrorBody } as const;

export const CityParams = StrictObject({ city: Type.String({ pattern: '^[a-z][a-z0-9-]{1,39}$' }) });

/** A value or null. */
export const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(schema: T) => Type.Union([schema, Type.Null()]);

export const Timestamp = Type.String({ format: 'date-time' });
export const LocalDate = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' });
