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
