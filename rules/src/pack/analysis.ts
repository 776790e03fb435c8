// The data analysis part of a city pack (city.json `analysis`): what the centre's dashboard and its
// briefings count as on time and satisfied, which matters are watched as sensitive, how many tickets
// about one matter at one place make a concentrated matter (公众集中反映事项, Tianjin 2025 §27), how
// many hot topics are shown, and which briefings (周报, 月报) are written on a schedule.
import type { Sourced } from './types';

export interface SensitiveMatter extends Sourced {
  /** A matter code of matters.json: the class and every class below it. */
  matter: string;
  label: string;
}

export interface BriefingDefinition extends Sourced {
  key: string;
  label: string;
  period: 'week' | 'month';
  /** When the briefing of the period just ended is written: day (1 = Monday for a week, day of month for a month) and local time. */
  runAt: { day: number; time: string };
  /** How many of the newest briefings of this key are kept for download. */
  keep: number;
}

export interface AnalysisPolicy {
  /** Stages whose overdue supervision makes a ticket's acceptance late. */
  onTime: { acceptStages: string[]; completeStages: string[] } & Sourced;
  /** The rating levels that count as satisfied (of every rule version's scale). */
  satisfaction: { satisfiedLevels: string[] } & Sourced;
  /** Matters raised by many: at least `minTickets` tickets about one matter at one place within the period. */
  concentrated: { minTickets: number } & Sourced;
  /** How many matters and places the hot-topic lists show. */
  hotTopics: { top: number } & Sourced;
  sensitiveMatters: SensitiveMatter[];
  briefings: BriefingDefinition[];
}

const sourceRef = { type: 'string', pattern: '^[a-z0-9-]+\\.txt §\\d+' } as const;
const text = { type: 'string', minLength: 1 } as const;
const key = { type: 'string', pattern: '^[a-z][A-Za-z0-9]*$' } as const;
const sourced = { source: sourceRef, assumption: text, note: text } as const;
const keys = { type: 'array', items: key, minItems: 1, uniqueItems: true } as const;

/** The JSON Schema of city.json `analysis` (hooked into citySchema). */
export const analysisSchema = {
  type: 'object',
  required: ['onTime', 'satisfaction', 'concentrated', 'hotTopics', 'sensitiveMatters', 'briefings'],
  additionalProperties: false,
  properties: {
    onTime: { type: 'object', required: ['acceptStages', 'completeStages', 'source'], additionalProperties: false, properties: { acceptStages: keys, completeStages: keys, ...sourced } },
    satisfaction: { type: 'object', required: ['satisfiedLevels', 'source'], additionalProperties: false, properties: { satisfiedLevels: keys, ...sourced } },
    concentrated: { type: 'object', required: ['minTickets', 'source'], additionalProperties: false, properties: { minTickets: { type: 'integer', minimum: 2, maximum: 10000 }, ...sourced } },
    hotTopics: { type: 'object', required: ['top', 'source'], additionalProperties: false, properties: { top: { type: 'integer', minimum: 1, maximum: 50 }, ...sourced } },
    sensitiveMatters: {
      type: 'array',
      items: { type: 'object', required: ['matter', 'label', 'source'], additionalProperties: false, properties: { matter: { type: 'string', pattern: '^\\d+$' }, label: text, ...sourced } },
    },
    briefings: {
      type: 'array',
      items: {
        type: 'object',
        required: ['key', 'label', 'period', 'runAt', 'keep', 'source'],
        additionalProperties: false,
        properties: {
          key,
          label: text,
          period: { enum: ['week', 'month'] },
          runAt: {
            type: 'object',
            required: ['day', 'time'],
            additionalProperties: false,
            properties: { day: { type: 'integer', minimum: 1, maximum: 28 }, time: { type: 'string', pattern: '^([01]\\d|2[0-3]):[0-5]\\d$' } },
          },
          keep: { type: 'integer', minimum: 1, maximum: 520 },
          ...sourced,
        },
      },
    },
  },
} as const;

/** A pack without `analysis`: nothing sensitive, no scheduled briefing, the core stages. */
export const DEFAULT_ANALYSIS: AnalysisPolicy = {
  onTime: { acceptStages: ['accept'], completeStages: ['handle', 'designatedHandle', 'rework'], source: '', assumption: 'platform default' },
  satisfaction: { satisfiedLevels: ['satisfied', 'basicallySatisfied'], source: '', assumption: 'platform default' },
  concentrated: { minTickets: 5, source: '', assumption: 'platform default' },
  hotTopics: { top: 10, source: '', assumption: 'platform default' },
  sensitiveMatters: [],
  briefings: [],
};

export function analysisOf(city: { analysis?: AnalysisPolicy | undefined }): AnalysisPolicy {
  return city.analysis ?? DEFAULT_ANALYSIS;
}

type Report = (file: string, path: string, message: string, messageZh: string) => void;

/** Cross-file checks of city.json `analysis`: its matters in the taxonomy, its levels in a rating scale, briefing keys once. */
export function checkAnalysis(city: { analysis?: AnalysisPolicy | undefined }, ratingLevels: ReadonlySet<string>, matterCodes: ReadonlySet<string>, hasTaxonomy: boolean, report: Report): void {
  const analysis = city.analysis;
  if (!analysis) return;
  if (hasTaxonomy) {
    analysis.sensitiveMatters.forEach((s, i) => {
      if (!matterCodes.has(s.matter)) report('city.json', `/analysis/sensitiveMatters/${i}/matter`, `matter ${s.matter} is not in matters.json`, `敏感事项的事项编码 ${s.matter} 不在诉求事项分类（matters.json）中`);
    });
  }
  analysis.satisfaction.satisfiedLevels.forEach((level, i) => {
    if (!ratingLevels.has(level)) {
      report('city.json', `/analysis/satisfaction/satisfiedLevels/${i}`, `"${level}" is a level of no rule version's rating scale`, `“${level}”不是任何规则版本回访评价（rating.levels）中的等级`);
    }
  });
  const seen = new Set<string>();
  analysis.briefings.forEach((b, i) => {
    if (seen.has(b.key)) report('city.json', `/analysis/briefings/${i}/key`, `declares briefing "${b.key}" twice`, `简报“${b.key}”声明了两次`);
    seen.add(b.key);
  });
}
