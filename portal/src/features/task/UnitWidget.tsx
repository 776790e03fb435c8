// 承办单位: the city's units as the organisation tree (区 › 街道 › 社区, departments at the top), searched
// by name. The choices are the form's (`x-options: "units"`); the tree comes with them from the server
// (`ui:options.optionParents`), and so do the units the rules refuse for this ticket
// (`ui:options.refusedOptions`: a functional department's matter never to a grassroots unit, Tianjin
// 2025 §8), shown disabled with the rule's sentence. The widget needs nothing but the resolved form.
import type { WidgetProps } from '@rjsf/utils';
import { Space, Typography } from 'antd';
import { useMemo } from 'react';
import { unitTree } from './path-choices';
import { TreeChoice } from './tree-choice';

export function UnitWidget(props: WidgetProps) {
  const parents = props.options.optionParents as Record<string, string> | undefined;
  const refused = props.options.refusedOptions as Record<string, string> | undefined;
  const tree = useMemo(() => unitTree(props.options.enumOptions ?? [], parents, refused), [props.options.enumOptions, parents, refused]);
  const reasons = [...new Set(Object.values(refused ?? {}))];
  const picker = <TreeChoice widget={props} testId="unit-picker" placeholder="输入单位名称查找，或展开区、街道选择" treeData={tree} />;
  if (reasons.length === 0) return picker;
  return (
    <Space direction="vertical" size={4} style={{ width: '100%' }}>
      {picker}
      <Typography.Text type="warning" data-testid="unit-refusal">
        本工单的诉求事项属职能部门事项，街道、社区等基层单位不可选：{reasons.join('；')}
      </Typography.Text>
    </Space>
  );
}
