// 政策: extension, return, designation, rework, multi-unit and completion-review policies of a rule version.
import { Card, Col, Empty, Form, Row } from 'antd';
import { fieldIssues } from '../state/issues';
import { getAt, setAt } from '../state/json-pointer';
import { IssueBanner, RuleVersionPicker } from './common';
import { useEditor, useJsonFile } from './editor-context';
import { Fields, SOURCED_FIELDS, type FieldSpec } from './fields';

const POLICIES: Array<{ key: string; title: string; specs: FieldSpec[] }> = [
  {
    key: 'extension',
    title: '延期',
    specs: [
      { kind: 'nullableInt', key: 'maxCount', label: '最多申请次数', min: 0, nullLabel: '不限次数' },
      { kind: 'period', key: 'maxTotal', label: '累计延期上限', tooltip: '法规规定延期总长上限时填写（如吐鲁番 30 个工作日）；不填表示无上限' },
      { kind: 'period', key: 'requestLeadTime', label: '至少提前申请', tooltip: '办理期限届满前多久须提出申请' },
      { kind: 'text', key: 'lateRequestRefusal', label: '逾期申请时的拒绝理由', tooltip: '晚于上述时间申请延期时，经办人看到的法规原文（填写“至少提前申请”时必填）' },
    ],
  },
  {
    key: 'return',
    title: '退回',
    specs: [
      { kind: 'bool', key: 'approvedRestartsClock', label: '同意退回后重新派单并重新计时' },
      { kind: 'bool', key: 'rejectedRestartsClock', label: '不同意退回时重新计时' },
      { kind: 'bool', key: 'requiresSuggestedUnit', label: '退回须提出建议承办单位' },
      { kind: 'period', key: 'complexPeriod', label: '疑难复杂事项退回期限', tooltip: '承办单位声明疑难复杂时可申请退回的期限（如天津 2 个工作日）；不填表示所有事项同一期限' },
    ],
  },
  {
    key: 'designation',
    title: '指定承办',
    specs: [
      { kind: 'nullableInt', key: 'afterReturns', label: '退回几次后指定承办', min: 1, nullLabel: '不自动指定' },
      { kind: 'bool', key: 'designatedUnitMayReturn', label: '被指定单位可以退回' },
    ],
  },
  {
    key: 'rework',
    title: '重办',
    specs: [
      { kind: 'int', key: 'maxCount', label: '最多重办次数', min: 0 },
      { kind: 'bool', key: 'extensionAllowed', label: '重办可以延期' },
      {
        kind: 'enum',
        key: 'countingRating',
        label: '以哪次评价为准',
        options: [
          { value: 'first', label: '首次评价' },
          { value: 'last', label: '重办后的评价' },
        ],
      },
    ],
  },
  {
    key: 'multiUnit',
    title: '多个承办单位',
    specs: [
      {
        kind: 'multi',
        key: 'modes',
        label: '方式',
        options: [
          { value: 'split', label: '拆分为每单位一张工单' },
          { value: 'leadAndAssist', label: '主办单位牵头、会办单位协办' },
        ],
      },
    ],
  },
  { key: 'completionReview', title: '办结审核', specs: [{ kind: 'bool', key: 'required', label: '承办单位答复须经中心审核后办结' }] },
];

export function PoliciesEditor() {
  const { ruleVersionPath, issues } = useEditor();
  const { read, edit } = useJsonFile<unknown>(ruleVersionPath);
  if (ruleVersionPath === null) return <Empty description="城市包中没有规则版本" />;
  if (read === null || !read.ok) return <IssueBanner messages={[read?.message ?? '无法读取']} />;
  return (
    <div data-testid="policies-editor">
      <RuleVersionPicker />
      <Row gutter={[12, 12]}>
        {POLICIES.map((p) => {
          const pointer = `/policies/${p.key}`;
          return (
            <Col key={p.key} xs={24} lg={12}>
              <Card size="small" title={p.title} data-testid={`policy-${p.key}`}>
                <Form layout="horizontal" labelCol={{ span: 9 }} wrapperCol={{ span: 15 }} size="small">
                  <Fields
                    testId={`policy-${p.key}`}
                    value={getAt(read.value, pointer)}
                    specs={[...p.specs, ...SOURCED_FIELDS]}
                    issues={fieldIssues(issues, ruleVersionPath, pointer)}
                    onChange={(next) => edit((v) => setAt(v, pointer, next))}
                  />
                </Form>
              </Card>
            </Col>
          );
        })}
      </Row>
    </div>
  );
}
