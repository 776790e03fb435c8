// The schema part of a rule version's `assessment` (unit assessment 考核, see rules/src/assessment and
// VOCABULARY.md "Assessment"): indicators over named facts, their scoring, grades and unit categories.
// Shape only; the cross-checks (keys, bounds, levels and types named) are in ./assessment-check.ts.
const key = { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' } as const;
const text = { type: 'string', minLength: 1 } as const;
const sourced = {
  source: { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' },
  assumption: text,
  note: text,
} as const;
const factValue = { type: ['string', 'number', 'boolean', 'null'] } as const;

const filter = {
  type: 'object',
  required: ['fact'],
  additionalProperties: false,
  minProperties: 2,
  properties: {
    fact: key,
    equals: factValue,
    in: { type: 'array', items: factValue, minItems: 1 },
    notIn: { type: 'array', items: factValue, minItems: 1 },
    lt: { type: 'number' },
    lte: { type: 'number' },
    gt: { type: 'number' },
    gte: { type: 'number' },
    present: { type: 'boolean' },
  },
} as const;
const filters = { type: 'array', items: filter } as const;

const measure = {
  type: 'object',
  required: ['kind', 'of'],
  properties: { kind: { enum: ['ratio', 'count', 'sum', 'change'] }, of: key },
  oneOf: [
    {
      required: ['numerator', 'denominator'],
      additionalProperties: false,
      properties: { kind: { const: 'ratio' }, of: key, numerator: filters, denominator: filters },
    },
    { required: ['where'], additionalProperties: false, properties: { kind: { const: 'count' }, of: key, where: filters } },
    { required: ['fact', 'where'], additionalProperties: false, properties: { kind: { const: 'sum' }, of: key, fact: key, where: filters } },
    {
      required: ['where', 'comparedWith'],
      additionalProperties: false,
      properties: { kind: { const: 'change' }, of: key, where: filters, comparedWith: { const: 'previousYear' } },
    },
  ],
} as const;

const score = {
  type: 'object',
  required: ['kind', 'points'],
  properties: { kind: { enum: ['linear', 'perUnit'] }, points: { type: 'number' } },
  oneOf: [
    { required: ['from', 'to'], additionalProperties: false, properties: { kind: { const: 'linear' }, from: { type: 'number' }, to: { type: 'number' }, points: { type: 'number', exclusiveMinimum: 0 } } },
    { required: ['cap'], additionalProperties: false, properties: { kind: { const: 'perUnit' }, points: { type: 'number' }, cap: { type: 'number', exclusiveMinimum: 0 } } },
  ],
} as const;

export const assessmentSchema = {
  type: 'object',
  required: ['indicators', 'grades', 'source'],
  additionalProperties: false,
  properties: {
    indicators: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label', 'format', 'measure', 'score', 'whenNoData', 'source'],
        additionalProperties: false,
        properties: {
          key,
          label: text,
          format: { enum: ['percent', 'count', 'change'] },
          measure,
          exclude: {
            type: 'array',
            items: { type: 'object', required: ['reason', 'where', 'source'], additionalProperties: false, properties: { reason: text, where: { ...filters, minItems: 1 }, ...sourced } },
          },
          score,
          whenNoData: { type: 'number' },
          ...sourced,
        },
      },
    },
    grades: {
      type: 'array',
      minItems: 1,
      items: { type: 'object', required: ['key', 'label', 'minScore', 'source'], additionalProperties: false, properties: { key, label: text, minScore: { type: 'number' }, ...sourced } },
    },
    categories: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label', 'unitKinds', 'source'],
        additionalProperties: false,
        properties: { key, label: text, unitKinds: { type: 'array', items: key, minItems: 1, uniqueItems: true }, ...sourced },
      },
    },
    ...sourced,
  },
} as const;
