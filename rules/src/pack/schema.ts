// JSON Schemas (2020-12) for the kinds of file in a city pack folder:
//   city.json            → citySchema
//   versions/<id>.json   → ruleVersionSchema
//   calendar/<layer>-<year>.json → calendarYearSchema
//   matters.json         → mattersSchema (optional)
// Shape only; cross-file checks (declared urgencies, overlapping versions, ...) live in ./check.ts.
import {
  COUNT_FROM,
  NOTIFICATION_CHANNELS,
  NOTIFICATION_EVENTS,
  PERIOD_UNITS,
  RECIPIENT_PEOPLE,
  RECIPIENT_UNITS,
  REDIRECT_ACTIONS,
  PORTAL_PAGES,
  REVEAL_RULES,
  ROLE_SCOPES,
  WORKING_DAY_MODES,
} from './types';
import { subjectProcessesSchema } from './subject-processes';
import { assessmentSchema } from './assessment-schema';
import { knowledgeDefs, knowledgeSchema } from './knowledge';
import { analysisSchema } from './analysis';

export const SCHEMA_BASE = 'urn:hotline:city-pack';

const localDate = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$', format: 'date' } as const;
const clockTime = { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } as const;
const key = { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' } as const;
const text = { type: 'string', minLength: 1 } as const;
/** A matter's code: digits, its parent's code and then its own (checked in ./matters-check.ts). */
const matterCode = { type: 'string', pattern: '^\\d+$' } as const;
const typeList = {
  type: 'array',
  items: key,
  minItems: 1,
  uniqueItems: true,
} as const;

/** `file §article`: a seed file name, then one or more article numbers. */
const sourceRef = {
  type: 'string',
  pattern: '^[a-z0-9-]+\\.txt §\\d+',
} as const;

const sourcedProps = {
  source: sourceRef,
  assumption: text,
  note: text,
} as const;

const defs = {
  period: {
    type: 'object',
    required: ['amount', 'unit'],
    additionalProperties: false,
    properties: {
      amount: { type: 'integer', minimum: 1 },
      unit: { enum: [...PERIOD_UNITS] },
      mode: { enum: [...WORKING_DAY_MODES] },
    },
  },
  sourcedLabel: {
    type: 'object',
    required: ['key', 'label', 'source'],
    additionalProperties: false,
    properties: { key, label: text, ...sourcedProps },
  },
  deadlineRule: {
    type: 'object',
    required: ['stage', 'source'],
    additionalProperties: false,
    properties: {
      stage: key,
      types: typeList,
      urgencies: { type: 'array', items: key, minItems: 1, uniqueItems: true },
      period: { $ref: '#/$defs/period' },
      countFrom: { enum: [...COUNT_FROM] },
      notAllowed: text,
      ...sourcedProps,
    },
    oneOf: [
      { required: ['period', 'countFrom'], not: { required: ['notAllowed'] } },
      { required: ['notAllowed'], not: { anyOf: [{ required: ['period'] }, { required: ['countFrom'] }] } },
    ],
  },
  redirectCategory: {
    type: 'object',
    required: ['key', 'label', 'action', 'script', 'source'],
    additionalProperties: false,
    properties: {
      key,
      label: text,
      action: { enum: [...REDIRECT_ACTIONS] },
      transferTo: { type: 'array', items: { type: 'string', pattern: '^\\d{3,5}$' }, minItems: 1 },
      script: text,
      matters: { type: 'array', items: matterCode, minItems: 1, uniqueItems: true },
      ...sourcedProps,
    },
    if: { properties: { action: { const: 'transfer' } } },
    then: { required: ['transferTo'] },
  },
  policy: (fields: Record<string, unknown>) => ({
    type: 'object',
    required: [...Object.keys(fields), 'source'],
    additionalProperties: false,
    properties: { ...fields, ...sourcedProps },
  }),
} as const;

const nullableCount = { type: ['integer', 'null'], minimum: 0 } as const;

const RETURN_POLICY_FIELDS = {
  approvedRestartsClock: { type: 'boolean' },
  rejectedRestartsClock: { type: 'boolean' },
  requiresSuggestedUnit: { type: 'boolean' },
} as const;

/** A policy object with more fields that may be left out. */
function optionalFields(policy: ReturnType<typeof defs.policy>, fields: Record<string, unknown>) {
  return { ...policy, properties: { ...policy.properties, ...fields } };
}

export const citySchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE}/city.json`,
  title: 'City of a 12345 hotline pack',
  type: 'object',
  required: ['id', 'name', 'utcOffset', 'calendarLayers', 'ticketTypes', 'urgencyClasses'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[a-z][a-z0-9-]{1,39}$' },
    name: text,
    utcOffset: { type: 'string', pattern: '^[+-](0\\d|1[0-4]):[0-5]\\d$' },
    calendarLayers: { type: 'array', items: key, minItems: 1, uniqueItems: true },
    ticketTypes: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label'],
        additionalProperties: false,
        properties: { key, label: text, source: sourceRef, assumption: text, note: text },
      },
    },
    urgencyClasses: { type: 'array', minItems: 1, items: { $ref: '#/$defs/sourcedLabel' } },
    stages: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'label'],
        additionalProperties: false,
        properties: { key, label: text, source: sourceRef, assumption: text, note: text },
      },
    },
    roles: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label', 'scope', 'pages', 'revealCaller'],
        additionalProperties: false,
        properties: {
          key,
          label: text,
          scope: { enum: [...ROLE_SCOPES] },
          pages: { type: 'array', items: { enum: [...PORTAL_PAGES] }, uniqueItems: true },
          revealCaller: { enum: [...REVEAL_RULES] },
          source: sourceRef,
          assumption: text,
          note: text,
        },
      },
    },
    revealReasons: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label'],
        additionalProperties: false,
        properties: { key, label: text, source: sourceRef, assumption: text, note: text },
      },
    },
    notificationRecipients: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'label', 'people', 'unit', 'source'],
        additionalProperties: false,
        properties: {
          key,
          label: text,
          people: { enum: [...RECIPIENT_PEOPLE] },
          roles: typeList,
          unit: { enum: [...RECIPIENT_UNITS] },
          ...sourcedProps,
        },
        if: { properties: { people: { const: 'roles' } } },
        then: { required: ['roles'] },
        else: { not: { required: ['roles'] } },
      },
    },
    subjectProcesses: subjectProcessesSchema,
    repeatCalls: {
      type: 'object',
      required: ['minShare', 'pool', 'minContentChars', 'minPhoneDigits', 'minAddressChars', 'maxCandidates', 'source', 'assumption'],
      additionalProperties: false,
      properties: {
        minShare: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
        pool: { type: 'integer', minimum: 1, maximum: 5000 },
        minContentChars: { type: 'integer', minimum: 2, maximum: 200 },
        minPhoneDigits: { type: 'integer', minimum: 3, maximum: 20 },
        minAddressChars: { type: 'integer', minimum: 2, maximum: 50 },
        maxCandidates: { type: 'integer', minimum: 1, maximum: 50 },
        ...sourcedProps,
      },
    },
    analysis: analysisSchema,
  },
  $defs: { sourcedLabel: defs.sourcedLabel },
} as const;

export const ruleVersionSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE}/rule-version.json`,
  title: 'One version of a city hotline rule set',
  type: 'object',
  required: [
    'id',
    'name',
    'effectiveFrom',
    'documents',
    'workingDayMode',
    'officeHours',
    'channels',
    'deadlines',
    'redirectCategories',
    'rating',
    'policies',
    'supervisionTriggers',
  ],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    id: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9._-]*$' },
    name: text,
    effectiveFrom: localDate,
    effectiveTo: localDate,
    draft: { type: 'boolean' },
    assumption: text,
    note: text,
    documents: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['file', 'title', 'inForce'],
        additionalProperties: false,
        properties: { file: { type: 'string', pattern: '^[a-z0-9-]+\\.txt$' }, title: text, inForce: text, note: text },
      },
    },
    workingDayMode: { enum: [...WORKING_DAY_MODES] },
    officeHours: {
      type: 'object',
      required: ['periods', 'source'],
      additionalProperties: false,
      properties: {
        periods: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['start', 'end'],
            additionalProperties: false,
            properties: { start: clockTime, end: clockTime },
          },
        },
        ...sourcedProps,
      },
    },
    channels: { type: 'array', minItems: 1, items: { $ref: '#/$defs/sourcedLabel' } },
    deadlines: { type: 'array', minItems: 1, items: { $ref: '#/$defs/deadlineRule' } },
    redirectCategories: { type: 'array', items: { $ref: '#/$defs/redirectCategory' } },
    rating: {
      type: 'object',
      required: ['levels', 'notRatedTypes', 'source'],
      additionalProperties: false,
      properties: {
        levels: {
          type: 'array',
          minItems: 2,
          items: {
            type: 'object',
            required: ['key', 'label', 'triggersRework'],
            additionalProperties: false,
            properties: { key, label: text, triggersRework: { type: 'boolean' }, negative: { type: 'boolean' } },
          },
        },
        notRatedTypes: { type: 'array', items: key, uniqueItems: true },
        ...sourcedProps,
      },
    },
    policies: {
      type: 'object',
      required: ['extension', 'return', 'designation', 'rework', 'multiUnit', 'completionReview'],
      additionalProperties: false,
      properties: {
        extension: {
          type: 'object',
          required: ['maxCount', 'source'],
          additionalProperties: false,
          properties: {
            maxCount: nullableCount,
            maxTotal: { $ref: '#/$defs/period' },
            requestLeadTime: { $ref: '#/$defs/period' },
            lateRequestRefusal: { type: 'string', minLength: 1 },
            informCaller: defs.policy({ by: { enum: ['unit', 'centre'] } }),
            ...sourcedProps,
          },
          dependentRequired: { requestLeadTime: ['lateRequestRefusal'] },
        },
        return: optionalFields(defs.policy(RETURN_POLICY_FIELDS), { complexPeriod: { $ref: '#/$defs/period' } }),
        designation: defs.policy({
          afterReturns: { type: ['integer', 'null'], minimum: 1 },
          designatedUnitMayReturn: { type: 'boolean' },
        }),
        rework: defs.policy({
          maxCount: { type: 'integer', minimum: 0 },
          extensionAllowed: { type: 'boolean' },
          countingRating: { enum: ['first', 'last'] },
        }),
        multiUnit: defs.policy({
          modes: {
            type: 'array',
            minItems: 1,
            uniqueItems: true,
            items: { enum: ['split', 'leadAndAssist'] },
          },
        }),
        completionReview: defs.policy({ required: { type: 'boolean' } }),
        dispatch: defs.policy({
          grassroots: defs.policy({
            unitKinds: { type: 'array', items: key, minItems: 1, uniqueItems: true },
            refusal: text,
          }),
          overrideReasonRequired: { type: 'boolean' },
        }),
        supervisionOrder: optionalFields(
          defs.policy({
            responsePeriod: { $ref: '#/$defs/period' },
            repeatedFrom: { type: 'integer', minimum: 2 },
          }),
          { escalationPeriod: { $ref: '#/$defs/period' } },
        ),
        dutyStatement: defs.policy({ offered: { type: 'boolean' } }),
        unsolvableFiling: defs.policy({ offered: { type: 'boolean' } }),
      },
    },
    supervisionTriggers: { type: 'array', items: { $ref: '#/$defs/sourcedLabel' } },
    assessment: assessmentSchema,
    knowledge: knowledgeSchema,
    warnings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'stage', 'fraction', 'label', 'trigger', 'source'],
        additionalProperties: false,
        properties: {
          key,
          stage: key,
          fraction: { type: 'number', exclusiveMinimum: 0, exclusiveMaximum: 1 },
          label: text,
          trigger: key,
          ...sourcedProps,
        },
      },
    },
    notifications: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'on', 'to', 'channels', 'title', 'message', 'source'],
        additionalProperties: false,
        properties: {
          key,
          on: { enum: [...NOTIFICATION_EVENTS] },
          forms: typeList,
          warnings: typeList,
          triggers: typeList,
          to: { oneOf: [key, typeList] },
          channels: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: [...NOTIFICATION_CHANNELS] } },
          title: text,
          message: text,
          ...sourcedProps,
        },
      },
    },
  },
  $defs: {
    period: defs.period,
    sourcedLabel: defs.sourcedLabel,
    deadlineRule: defs.deadlineRule,
    redirectCategory: defs.redirectCategory,
    ...knowledgeDefs,
  },
} as const;

const calendarEntry = {
  type: 'object',
  required: ['date', 'name'],
  additionalProperties: false,
  properties: { date: localDate, name: text },
} as const;

export const calendarYearSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE}/calendar-year.json`,
  title: 'One year of a working-day calendar layer',
  type: 'object',
  required: ['layer', 'year', 'source', 'holidays', 'workdays'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    layer: key,
    year: { type: 'integer', minimum: 1990, maximum: 2200 },
    source: text,
    assumption: text,
    holidays: { type: 'array', items: calendarEntry },
    workdays: { type: 'array', items: calendarEntry },
  },
} as const;

export const mattersSchema = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  $id: `${SCHEMA_BASE}/matters.json`,
  title: 'Matter taxonomy (诉求事项分类) of a hotline',
  type: 'object',
  required: ['matters'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    standard: text,
    source: text,
    assumption: text,
    note: text,
    matters: { type: 'array', minItems: 1, items: { $ref: '#/$defs/matter' } },
  },
  $defs: {
    matter: {
      type: 'object',
      required: ['code', 'label'],
      additionalProperties: false,
      properties: {
        code: matterCode,
        // Blank labels are reported by the cross-check, in words of its own.
        label: { type: 'string' },
        functional: { type: 'boolean' },
        disputed: { type: 'boolean' },
        children: { type: 'array', minItems: 1, items: { $ref: '#/$defs/matter' } },
      },
    },
  },
} as const;
