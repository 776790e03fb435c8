import { describe, expect, it } from 'vitest';
import type { RJSFSchema } from '@rjsf/utils';
import { interpretingValidator } from '../src/features/task/schema-validator';

// A form with a conditional part, as the packs write them: a redirect needs its category.
const schema: RJSFSchema = {
  type: 'object',
  properties: {
    outcome: { type: 'string', oneOf: [{ const: 'dispatch', title: '派单' }, { const: 'redirect', title: '转办' }] },
    category: { type: 'string', minLength: 1 },
    caller: { type: 'object', properties: { phone: { type: 'string', pattern: '^1\\d{10}$' } } },
  },
  required: ['outcome'],
  if: { properties: { outcome: { const: 'redirect' } }, required: ['outcome'] },
  then: { required: ['category'] },
};

describe('the portal’s validator (no code compiled, for the Content-Security-Policy)', () => {
  it('tells @rjsf which branch of a conditional the data is in', () => {
    expect(interpretingValidator.isValid(schema.if as RJSFSchema, { outcome: 'redirect' }, schema)).toBe(true);
    expect(interpretingValidator.isValid(schema.if as RJSFSchema, { outcome: 'dispatch' }, schema)).toBe(false);
    expect(interpretingValidator.isValid({ $ref: '#/$defs/phone' }, '13812345678', { ...schema, $defs: { phone: { type: 'string', pattern: '^1\\d{10}$' } } })).toBe(true);
  });

  it('reports what is wrong under the field it concerns', () => {
    const { errors, errorSchema } = interpretingValidator.validateFormData({ outcome: 'redirect', caller: { phone: '12' } }, schema);
    expect(errors.map((e) => [e.name, e.property])).toEqual(expect.arrayContaining([['required', '.category'], ['pattern', '.caller.phone']]));
    expect(errorSchema.caller?.phone?.__errors).toHaveLength(1);
    expect(errorSchema.category?.__errors).toHaveLength(1);
    expect(interpretingValidator.validateFormData({ outcome: 'dispatch' }, schema).errors).toEqual([]);
    expect(interpretingValidator.rawValidation(schema, { outcome: 'dispatch' })).toEqual({});
  });
});
