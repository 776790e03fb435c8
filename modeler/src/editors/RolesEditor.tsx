// 角色与阶段: city.json's roles (whose tickets each works on, which portal pages it has, when it may see
// a caller) and the pack's own deadline stages beyond the core ones. A pack without `roles` shows the
// default roles and writes them out on the first edit.
import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Checkbox, Select, Table, Tooltip } from 'antd';
import type { HTMLAttributes } from 'react';
import { PORTAL_PAGES, REVEAL_RULES, ROLE_SCOPES, STAGES } from '@hotline/rules';
import { PORTAL_PAGE_LABELS, REVEAL_RULE_LABELS, ROLE_SCOPE_LABELS } from '../i18n/labels';
import { itemIssues, messagesFor } from '../state/issues';
import { addRole, addStage, patchRole, patchStage, removeRole, removeStage, roleRows, stageRows } from '../state/vocabulary';
import { deleteColumn, textColumn, type Fields, type Row } from './columns';
import { IssueBanner, IssueList } from './common';
import { useEditor, useJsonFile } from './editor-context';

const CITY = 'city.json';

export function RolesEditor() {
  const { issues } = useEditor();
  const { read, edit } = useJsonFile<unknown>(CITY);
  if (read === null || !read.ok) return <IssueBanner messages={[read?.message ?? '无法读取']} />;
  const city = read.value;
  const declared = Array.isArray((city as { roles?: unknown }).roles);
  const roles: Row[] = roleRows(city).map((r, index) => ({ ...r, index }));
  const stages: Row[] = stageRows(city).map((s, index) => ({ ...s, index }));
  const byRole = itemIssues(issues, CITY, '/roles');
  const byStage = itemIssues(issues, CITY, '/stages');
  const roleFields = (i: number): Fields => byRole.get(i) ?? new Map();
  const stageFields = (i: number): Fields => byStage.get(i) ?? new Map();
  const changeRole = (i: number, field: string, value: unknown) => edit((c) => patchRole(c, i, { [field]: value }));
  const changeStage = (i: number, field: string, value: unknown) => edit((c) => patchStage(c, i, { [field]: value }));

  return (
    <div data-testid="roles-editor">
      <Card size="small" title="角色" style={{ marginBottom: 12 }}>
        {!declared && (
          <Alert data-testid="roles-default" type="info" showIcon style={{ marginBottom: 8 }} message="本城市包未声明角色，下面是平台的默认角色；修改任何一项后，角色将写入 city.json。" />
        )}
        <IssueBanner testId="roles-list-issues" messages={messagesFor(roleFields(-1), '')} />
        <Table<Row>
          data-testid="role-table"
          size="small"
          rowKey="index"
          pagination={false}
          dataSource={roles}
          scroll={{ x: 1250 }}
          onRow={(row) => ({ 'data-testid': `role-row-${row.index}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            textColumn('名称', 'label', 160, 'role', roleFields, (i, v) => changeRole(i, 'label', v)),
            textColumn(<Tooltip title="流程中用户任务的候选组（candidateGroups）以此代码指派">代码</Tooltip>, 'key', 150, 'role', roleFields, (i, v) => changeRole(i, 'key', v)),
            {
              title: '职责范围',
              width: 170,
              render: (_, row) => (
                <>
                  <Select
                    data-testid={`role-${row.index}-scope`}
                    style={{ width: '100%' }}
                    value={row.scope as string | undefined}
                    options={ROLE_SCOPES.map((s) => ({ value: s, label: ROLE_SCOPE_LABELS[s] }))}
                    onChange={(scope: string) => changeRole(row.index, 'scope', scope)}
                  />
                  <IssueList messages={messagesFor(roleFields(row.index), 'scope')} />
                </>
              ),
            },
            {
              title: <Tooltip title="“我的待办”人人都有；这些页面属于热线工作机构">门户页面</Tooltip>,
              width: 300,
              render: (_, row) => (
                <>
                  <Checkbox.Group
                    data-testid={`role-${row.index}-pages`}
                    value={Array.isArray(row.pages) ? (row.pages as string[]) : []}
                    options={PORTAL_PAGES.map((p) => ({ value: p, label: <span data-testid={`role-${row.index}-page-${p}`}>{PORTAL_PAGE_LABELS[p]}</span> }))}
                    // in the portal's order, whatever order they were ticked in
                    onChange={(checked) => changeRole(row.index, 'pages', PORTAL_PAGES.filter((p) => checked.includes(p)))}
                  />
                  <IssueList messages={messagesFor(roleFields(row.index), 'pages')} />
                </>
              ),
            },
            {
              title: '查看诉求人信息',
              width: 200,
              render: (_, row) => (
                <>
                  <Select
                    data-testid={`role-${row.index}-revealCaller`}
                    style={{ width: '100%' }}
                    value={row.revealCaller as string | undefined}
                    options={REVEAL_RULES.map((r) => ({ value: r, label: REVEAL_RULE_LABELS[r] }))}
                    onChange={(revealCaller: string) => changeRole(row.index, 'revealCaller', revealCaller)}
                  />
                  <IssueList messages={messagesFor(roleFields(row.index), 'revealCaller')} />
                </>
              ),
            },
            textColumn('依据条款', 'source', 230, 'role', roleFields, (i, v) => changeRole(i, 'source', v)),
            deleteColumn('role', '删除此角色', (i) => edit((c) => removeRole(c, i))),
          ]}
        />
        <Button data-testid="role-add" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => edit(addRole)}>
          新增角色
        </Button>
      </Card>

      <Card size="small" title={<Tooltip title={`平台的核心阶段（${STAGES.join('、')}）之外，本市法规规定了时限的阶段；时限规则和预警可以选用`}>自定义阶段</Tooltip>}>
        <IssueBanner testId="stages-list-issues" messages={messagesFor(stageFields(-1), '')} />
        <Table<Row>
          data-testid="stage-table"
          size="small"
          rowKey="index"
          pagination={false}
          dataSource={stages}
          locale={{ emptyText: '没有自定义阶段：时限规则只用平台的核心阶段' }}
          onRow={(row) => ({ 'data-testid': `stage-row-${row.index}` }) as HTMLAttributes<HTMLElement>}
          columns={[
            textColumn('名称', 'label', 200, 'stage', stageFields, (i, v) => changeStage(i, 'label', v)),
            textColumn(<Tooltip title="时限规则和流程中的 hotline.deadline 任务以此代码引用">代码</Tooltip>, 'key', 180, 'stage', stageFields, (i, v) => changeStage(i, 'key', v)),
            textColumn('依据条款', 'source', 300, 'stage', stageFields, (i, v) => changeStage(i, 'source', v)),
            deleteColumn('stage', '删除此阶段', (i) => edit((c) => removeStage(c, i))),
          ]}
        />
        <Button data-testid="stage-add" icon={<PlusOutlined />} style={{ marginTop: 8 }} onClick={() => edit(addStage)}>
          新增阶段
        </Button>
      </Card>
    </div>
  );
}
