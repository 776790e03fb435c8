// Checks of matters.json a JSON Schema cannot express, and of the rule versions' references to it.
// Runs only on files that passed their schema.
import type { MatterNode, MatterTaxonomyFile, RuleVersion } from './types';

type Report = (file: string, path: string, message: string, messageZh: string) => void;

export const MATTERS_FILE = 'matters.json';

/**
 * Unique codes, each starting with its parent's and longer than it, siblings' codes of one length (so
 * that a code's prefix only ever means its own classes below: `?matter=011` must not match a sibling
 * `0110`), and a label on every class.
 */
export function checkMatters(taxonomy: MatterTaxonomyFile, report: Report): void {
  const seen = new Map<string, string>();
  const visit = (nodes: readonly MatterNode[], parent: MatterNode | null, at: string) =>
    nodes.forEach((node, i) => {
      const path = `${at}/${i}`;
      const width = nodes[0]!.code.length;
      if (node.code.length !== width) {
        report(
          MATTERS_FILE,
          `${path}/code`,
          `code ${node.code} is ${node.code.length} digits long, its siblings' ${width}`,
          `编码 ${node.code} 为 ${node.code.length} 位，同级的编码为 ${width} 位：同级编码位数应一致`,
        );
      }
      if (node.label.trim() === '') {
        report(MATTERS_FILE, `${path}/label`, `matter ${node.code} has an empty label`, `事项 ${node.code} 的名称为空`);
      }
      const first = seen.get(node.code);
      if (first !== undefined) {
        report(MATTERS_FILE, `${path}/code`, `code ${node.code} is already used at ${first}`, `编码 ${node.code} 重复：已用于 ${first}`);
      } else seen.set(node.code, path);
      if (parent !== null && !(node.code.startsWith(parent.code) && node.code.length > parent.code.length)) {
        report(
          MATTERS_FILE,
          `${path}/code`,
          `code ${node.code} does not start with its parent's code ${parent.code} (${parent.label})`,
          `编码 ${node.code} 没有以上级“${parent.label}”的编码 ${parent.code} 开头`,
        );
      }
      if (node.children) visit(node.children, node, `${path}/children`);
    });
  visit(taxonomy.matters, null, '/matters');
}

/** Every code of a taxonomy, for the checks of files that refer to it. */
export function matterCodes(taxonomy: MatterTaxonomyFile | undefined): Set<string> {
  const codes = new Set<string>();
  const visit = (nodes: readonly MatterNode[]) =>
    nodes.forEach((n) => {
      codes.add(n.code);
      if (n.children) visit(n.children);
    });
  if (taxonomy) visit(taxonomy.matters);
  return codes;
}

/** A redirect category's `matters` name classes of the pack's taxonomy. */
export function checkRedirectMatters(file: string, version: RuleVersion, codes: ReadonlySet<string>, hasTaxonomy: boolean, report: Report): void {
  version.redirectCategories.forEach((category, i) =>
    category.matters?.forEach((code, j) => {
      if (codes.has(code)) return;
      const path = `/redirectCategories/${i}/matters/${j}`;
      if (hasTaxonomy) {
        report(file, path, `matter ${code} is not in ${MATTERS_FILE}`, `事项编码 ${code} 不在诉求事项分类（${MATTERS_FILE}）中`);
      } else {
        report(file, path, `names matter ${code}, but the pack has no ${MATTERS_FILE}`, `引用了事项编码 ${code}，但城市包没有诉求事项分类（${MATTERS_FILE}）`);
      }
    }),
  );
}
