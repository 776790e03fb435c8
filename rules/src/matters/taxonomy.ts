// The matter taxonomy (诉求事项分类) of a pack as the platform reads it: classes by code, their label
// paths, the inherited functional/disputed marks, and the registrar's search (label, code, pinyin).
import { pinyin } from 'pinyin-pro';
import type { CityPack, MatterNode, MatterTaxonomyFile } from '../pack/types';

/** One class of the taxonomy with what it inherits. */
export interface Matter {
  code: string;
  label: string;
  /** Labels from the top-level field down to this class. */
  path: string[];
  /** Its own mark, or the nearest ancestor's: a functional department's matter (never to grassroots). */
  functional: boolean;
  /** Its own mark, or the nearest ancestor's: responsibility disputed (always to a determination). */
  disputed: boolean;
  leaf: boolean;
}

/** What the search compares, worked out once per taxonomy. */
interface SearchKey {
  matter: Matter;
  depth: number;
  /** Per level, root first: lower-case label, full pinyin without spaces, pinyin initials. */
  levels: Array<{ label: string; full: string; initials: string }>;
}

export const PATH_SEPARATOR = ' › ';

const cache = new WeakMap<object, MatterTaxonomy>();
const EMPTY: readonly MatterNode[] = [];

function pinyinOf(label: string): { full: string; initials: string } {
  const syllables = pinyin(label, { toneType: 'none', type: 'array', nonZh: 'consecutive' });
  const words = syllables.map((s) => s.toLowerCase().replace(/\s+/g, ''));
  return { full: words.join(''), initials: words.map((w) => w.charAt(0)).join('') };
}

export class MatterTaxonomy {
  private readonly matters = new Map<string, Matter>();
  private readonly parents = new Map<string, string>();
  private readonly ordered: Matter[] = [];
  private keys: SearchKey[] | undefined;

  constructor(roots: readonly MatterNode[]) {
    const visit = (nodes: readonly MatterNode[], parent: Matter | null) => {
      for (const node of nodes) {
        const matter: Matter = {
          code: node.code,
          label: node.label,
          path: [...(parent?.path ?? []), node.label],
          functional: node.functional ?? parent?.functional ?? false,
          disputed: node.disputed ?? parent?.disputed ?? false,
          leaf: (node.children ?? []).length === 0,
        };
        this.matters.set(node.code, matter);
        this.ordered.push(matter);
        if (parent) this.parents.set(node.code, parent.code);
        visit(node.children ?? EMPTY, matter);
      }
    };
    visit(roots, null);
  }

  /** The taxonomy of a pack (empty when it has none), built once per pack. */
  static of(pack: Pick<CityPack, 'matters'>): MatterTaxonomy {
    let taxonomy = cache.get(pack);
    if (!taxonomy) {
      taxonomy = new MatterTaxonomy(pack.matters?.matters ?? EMPTY);
      cache.set(pack, taxonomy);
    }
    return taxonomy;
  }

  get size(): number {
    return this.ordered.length;
  }

  byCode(code: string): Matter | undefined {
    return this.matters.get(code);
  }

  /** Labels root → the class; empty for an unknown code. */
  pathOf(code: string): string[] {
    return this.matters.get(code)?.path ?? [];
  }

  /** "城乡建设 › 市容环境 › 占道经营"; the code itself when the taxonomy does not know it. */
  label(code: string): string {
    const matter = this.matters.get(code);
    return matter ? matter.path.join(PATH_SEPARATOR) : code;
  }

  /** Codes of the classes above, nearest first. */
  ancestorsOf(code: string): string[] {
    const out: string[] = [];
    for (let p = this.parents.get(code); p !== undefined; p = this.parents.get(p)) out.push(p);
    return out;
  }

  /** Every class in the file's order (depth first). */
  all(): Matter[] {
    return [...this.ordered];
  }

  leaves(): Matter[] {
    return this.ordered.filter((m) => m.leaf);
  }

  isFunctional(code: string): boolean {
    return this.matters.get(code)?.functional ?? false;
  }

  isDisputed(code: string): boolean {
    return this.matters.get(code)?.disputed ?? false;
  }

  /** The top-level field (领域) a class belongs to. */
  fieldOf(code: string): string | undefined {
    if (!this.matters.has(code)) return undefined;
    return this.ancestorsOf(code).at(-1) ?? code;
  }

  /**
   * Classes matching what a registrar types: part of a label, a code prefix, the full pinyin or the
   * pinyin initials of any level ("zdjy" → 占道经营). Best first: a match on the class's own label
   * before one on an ancestor's, leaves before their parents, then in code order.
   */
  search(query: string, limit = 20): Matter[] {
    const q = query.trim().toLowerCase().replace(/\s+/g, '');
    if (q === '' || limit <= 0) return [];
    const hits: Array<{ matter: Matter; rank: number }> = [];
    if (/^\d+$/.test(q)) {
      for (const m of this.ordered) if (m.code.startsWith(q)) hits.push({ matter: m, rank: m.code === q ? 0 : m.code.length });
    } else {
      for (const key of this.searchKeys()) {
        const rank = rankOf(key, q);
        if (rank !== null) hits.push({ matter: key.matter, rank });
      }
    }
    return hits
      .sort((a, b) => a.rank - b.rank || Number(b.matter.leaf) - Number(a.matter.leaf) || a.matter.code.localeCompare(b.matter.code))
      .slice(0, limit)
      .map((h) => h.matter);
  }

  private searchKeys(): SearchKey[] {
    if (!this.keys) {
      const levelCache = new Map<string, { label: string; full: string; initials: string }>();
      const level = (label: string) => {
        let l = levelCache.get(label);
        if (!l) {
          l = { label: label.toLowerCase(), ...pinyinOf(label) };
          levelCache.set(label, l);
        }
        return l;
      };
      this.keys = this.ordered.map((matter) => ({ matter, depth: matter.path.length, levels: matter.path.map(level) }));
    }
    return this.keys;
  }
}

/**
 * How well a class matches (lower is better), or null. The class's own level counts most; an
 * ancestor's match brings in its whole subtree after the direct hits.
 */
function rankOf(key: SearchKey, q: string): number | null {
  let best: number | null = null;
  key.levels.forEach((level, i) => {
    const own = i === key.levels.length - 1;
    const r = levelRank(level, q);
    if (r === null) return;
    const rank = own ? r : 10 + r + (key.depth - 1 - i);
    if (best === null || rank < best) best = rank;
  });
  return best;
}

function levelRank(level: { label: string; full: string; initials: string }, q: string): number | null {
  if (level.label === q) return 0;
  if (level.label.startsWith(q)) return 1;
  if (level.initials === q || level.full === q) return 1;
  if (level.initials.startsWith(q) || level.full.startsWith(q)) return 2;
  if (level.label.includes(q)) return 3;
  if (q.length >= 2 && (level.initials.includes(q) || level.full.includes(q))) return 4;
  return null;
}

/**
 * The pack's matters.json after an import: the standard it follows stays, the classes and where they
 * come from are the imported table's; an assumption is kept only when the import restates it.
 */
export function withImportedMatters(
  previous: Partial<MatterTaxonomyFile>,
  matters: MatterNode[],
  about: { source: string; assumption?: string | undefined },
): MatterTaxonomyFile {
  return {
    ...(previous.standard !== undefined ? { standard: previous.standard } : {}),
    source: about.source,
    ...(about.assumption !== undefined ? { assumption: about.assumption } : {}),
    matters,
  };
}
