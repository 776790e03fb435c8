// The knowledge base's rules in a rule version (`knowledge`): the category tree 知识库目录, the kinds of
// entry with their longest validity (Tianjin 2025 §16, §19), how long a unit has to update an entry the
// centre flags (§17: 2 working days, 1 calendar day for emergencies), how early a policy change is
// reported (§18: 12 hours), and how early an expiring entry flags itself.
import type { Period, Sourced } from './types';

export interface KnowledgeCategory {
  key: string;
  label: string;
  children?: KnowledgeCategory[];
}

export interface KnowledgeKind {
  key: string;
  label: string;
  /** The longest validity of an entry of this kind, in months (§19). */
  maxValidityMonths: number;
}

export interface KnowledgePolicy extends Sourced {
  categories: KnowledgeCategory[];
  kinds: KnowledgeKind[];
  /** A flagged entry is due this long after the flag (§17). */
  updatePeriod: Period;
  /** … or this long for an emergency 突发事件 (§17: 1 day, working days or not). */
  emergencyUpdatePeriod: Period;
  /** A policy change is reported this long before it is published (§18). */
  policyNoticeLead: Period;
  /** An entry flags itself for update this many calendar days before it expires. */
  expiryNoticeDays: number;
}

const key = { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' } as const;
const text = { type: 'string', minLength: 1 } as const;
const period = { $ref: '#/$defs/period' } as const;

const category: Record<string, unknown> = {
  type: 'object',
  required: ['key', 'label'],
  additionalProperties: false,
  properties: { key, label: text, children: { type: 'array', minItems: 1, items: { $ref: '#/$defs/knowledgeCategory' } } },
};

/** The JSON Schema of `knowledge` in versions/<id>.json (its `$defs` entry joins the version schema's). */
export const knowledgeSchema = {
  type: 'object',
  required: ['categories', 'kinds', 'updatePeriod', 'emergencyUpdatePeriod', 'policyNoticeLead', 'expiryNoticeDays', 'source'],
  additionalProperties: false,
  properties: {
    categories: { type: 'array', minItems: 1, items: { $ref: '#/$defs/knowledgeCategory' } },
    kinds: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['key', 'label', 'maxValidityMonths'],
        additionalProperties: false,
        properties: { key, label: text, maxValidityMonths: { type: 'integer', minimum: 1, maximum: 120 } },
      },
    },
    updatePeriod: period,
    emergencyUpdatePeriod: period,
    policyNoticeLead: period,
    expiryNoticeDays: { type: 'integer', minimum: 0, maximum: 365 },
    source: { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' },
    assumption: text,
    note: text,
  },
} as const;

export const knowledgeDefs = { knowledgeCategory: category } as const;
