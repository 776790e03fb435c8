// 承办单位: the city's units as the organisation tree (区 › 街道 › 社区, departments at the top), searched
// by name. The choices are the form's (`x-options: "units"`); the tree comes with them from the server
// (`ui:options.optionParents`), so the widget needs nothing but the resolved form.
import type { WidgetProps } from '@rjsf/utils';
import { useMemo } from 'react';
import { unitTree } from './path-choices';
import { TreeChoice } from './tree-choice';

export function UnitWidget(props: WidgetProps) {
  const parents = props.options.optionParents as Record<string, string> | undefined;
  const tree = useMemo(() => unitTree(props.options.enumOptions ?? [], parents), [props.options.enumOptions, parents]);
  return <TreeChoice widget={props} testId="unit-picker" placeholder="输入单位名称查找，或展开区、街道选择" treeData={tree} />;
}
