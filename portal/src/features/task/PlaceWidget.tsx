// 事发区划: the city's places as a tree (区 › 街道 › 社区), searched by name and shown by path once
// chosen. The choices are the form's (`x-options: "places"`, labelled by path); the tree is read
// back from those paths, so the widget needs nothing but the resolved form.
import type { WidgetProps } from '@rjsf/utils';
import { placeOptions } from '@hotline/forms';
import type { Place } from '../../api/types';
import { useMemo } from 'react';
import { PATH_SEPARATOR, type PathChoice, choicesOf } from './path-choices';
import { TreeChoice } from './tree-choice';

interface PlaceNode {
  value: string;
  /** The place's own name: what the search matches and the tree shows. */
  title: string;
  /** Its path, shown in the field once chosen. */
  path: string;
  children: PlaceNode[];
}

/** The city's places as the tree's choices, labelled by path. */
export function placeChoices(places: readonly Place[]): PathChoice[] {
  return choicesOf(placeOptions(places).map((o) => ({ value: o.key, label: o.label })));
}

/** The choices as a tree: a place hangs under the choice whose path is its own less the last name. */
export function placeTree(choices: readonly PathChoice[]): PlaceNode[] {
  const byPath = new Map<string, PlaceNode>();
  const roots: PlaceNode[] = [];
  for (const choice of choices) byPath.set(choice.label, { value: choice.value, title: choice.path.at(-1) ?? choice.label, path: choice.label, children: [] });
  for (const choice of choices) {
    const node = byPath.get(choice.label)!;
    const parent = byPath.get(choice.path.slice(0, -1).join(PATH_SEPARATOR));
    (parent && parent !== node ? parent.children : roots).push(node);
  }
  return roots;
}

export function PlaceWidget(props: WidgetProps) {
  const tree = useMemo(() => placeTree(choicesOf(props.options.enumOptions)), [props.options.enumOptions]);
  return <TreeChoice widget={props} testId="place-picker" placeholder="输入区、街道或社区名称查找" treeData={tree} treeNodeLabelProp="path" treeDefaultExpandAll />;
}
