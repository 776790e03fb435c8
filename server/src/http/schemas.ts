// JSON Schemas shared by every route: the error body, the city in the path, and a strict object
// (responses reject unknown fields, so a column that should stay inside cannot leak out).
import { Type } from 'typebox';
import { StrictObject } from '@hotline/api-types';

export { LocalDate, Nullable, StrictObject, Timestamp } from '@hotline/api-types';

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
