// Row ids are UUIDs: a value that is not one names no row, and is answered as "not found" before
// PostgreSQL would refuse it as malformed.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);
