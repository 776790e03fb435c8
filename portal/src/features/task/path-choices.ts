// Choices labelled by their path ("和平区 › 劝业场街道", "城乡建设 › 市容环境 › 占道经营"), as a form's
// tree-like option sources give them. Pure: unit-tested.
import { PATH_SEPARATOR, type MatterNode } from '@hotline/rules';

export { PATH_SEPARATOR };

export interface PathChoice {
  value: string;
  /** The whole path, joined. */
  label: string;
  path: string[];
}

/** @rjsf's enum options (const → value, title → label) as path choices. */
export function choicesOf(enumOptions: ReadonlyArray<{ value: unknown; label: unknown }> | undefined): PathChoice[] {
  return (enumOptions ?? []).map(({ value, label }) => ({ value: String(value), label: String(label), path: String(label).split(PATH_SEPARATOR) }));
}

/**
 * The matter taxonomy behind a form's matter choices (its leaves, labelled by path): each level's code
 * is its parent's plus two digits (issue 15 §1), so the classes above a leaf are its code's prefixes.
 */
export function matterNodes(choices: readonly PathChoice[]): MatterNode[] {
  const roots: MatterNode[] = [];
  const byCode = new Map<string, MatterNode>();
  for (const { value: code, path } of choices) {
    let siblings = roots;
    path.forEach((label, depth) => {
      const own = depth === path.length - 1 ? code : code.slice(0, 2 * (depth + 1));
      let node = byCode.get(own);
      if (!node) {
        node = { code: own, label, children: [] };
        byCode.set(own, node);
        siblings.push(node);
      }
      siblings = node.children!;
    });
  }
  return roots;
}

export interface TreeChoice {
  value: string;
  /** The unit's own name: what the tree shows and the search matches. */
  title: string;
  children: TreeChoice[];
  /** A unit the form may not be completed with (the grassroots guard): shown, not choosable. */
  disabled?: boolean;
}

/** What a refused unit's node says after its name: why it cannot be chosen, in short. */
export const REFUSED_MARK = '（基层单位，不得分派）';

/**
 * The units a form offers as the organisation tree (区 › 街道 › 社区; departments at the top): a unit
 * hangs under its parent when the parent is offered too, else at the top. Order kept.
 */
export function unitTree(
  choices: ReadonlyArray<{ value: unknown; label: unknown }>,
  parents: Readonly<Record<string, string>> = {},
  refused: Readonly<Record<string, string>> = {},
): TreeChoice[] {
  const nodes = new Map<string, TreeChoice>();
  for (const c of choices) {
    const value = String(c.value);
    const no = value in refused;
    nodes.set(value, { value, title: `${String(c.label)}${no ? REFUSED_MARK : ''}`, children: [], ...(no ? { disabled: true } : {}) });
  }
  const roots: TreeChoice[] = [];
  for (const node of nodes.values()) {
    const parent = parents[node.value];
    const above = parent === undefined ? undefined : nodes.get(parent);
    (above && above !== node ? above.children : roots).push(node);
  }
  return roots;
}
