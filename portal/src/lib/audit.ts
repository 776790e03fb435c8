// The audit page's words and filters (审计日志): each action's name in Chinese, and a period of local
// days as the instants the API takes. Pure: unit-tested.

/** The server's audit actions in the words of the audit administrator; an unknown one shows its key. */
export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'pack.imported': '导入配置包',
  'pack.published': '发布配置包',
  'pack.draftCreated': '新建配置草稿',
  'pack.fileWritten': '修改配置文件',
  'pack.fileDeleted': '删除配置文件',
  'pack.deadlinesRecomputed': '重算临时时限',
  'city.created': '新建城市',
  'place.created': '新增区划',
  'place.updated': '修改区划',
  'unit.created': '新增单位',
  'unit.updated': '修改单位',
  'user.created': '新增用户',
  'user.updated': '修改用户',
  'user.rolesChanged': '变更角色',
  'user.locked': '账号锁定',
  'user.unlocked': '账号解锁',
  'user.disabled': '停用账号',
  'user.enabled': '启用账号',
  'user.sessionsEnded': '结束会话',
  'user.passwordChanged': '修改密码',
  'user.passwordReset': '重置密码',
  'auth.signedIn': '登录',
  'auth.signInFailed': '登录失败',
  'auth.signedOut': '退出登录',
  'ticket.registered': '受理登记',
  'ticket.callerRevealed': '查看来电人信息',
  'ticket.split': '拆分工单',
  'ticket.migrated': '工单迁移',
  'ticket.searchedByPhone': '按来电号码查询工单',
  'ticket.repeatCallLinked': '重复来电关联工单',
  'notification.retried': '重新发送提醒',
  'catalogue.draftCreated': '新建派单目录草稿',
  'catalogue.entriesReplaced': '修改派单目录',
  'catalogue.imported': '导入派单目录',
  'catalogue.entryAdded': '新增派单目录条目',
  'catalogue.submitted': '提交派单目录',
  'catalogue.rejected': '退回派单目录',
  'catalogue.published': '发布派单目录',
  'subject.processStarted': '流程对象送审',
  'subject.taskCompleted': '流程对象环节办理',
  'subject.outcome': '流程对象结果',
  'determination.requested': '提请定责',
  'determination.decided': '定责',
  'access.denied': '拒绝访问',
  'roleGrant.requested': '申请授权',
  'roleGrant.approved': '批准授权',
  'roleGrant.rejected': '驳回授权',
  'export.downloaded': '导出数据',
  'security.alertRaised': '安全告警',
  'security.alertClosed': '关闭告警',
  'assessment.run': '运行考核',
  'assessment.appealFiled': '提出考核申诉',
  'assessment.corrected': '申诉成立，更正考核结果',
  'assessment.appealRejected': '驳回考核申诉',
  'knowledge.saved': '保存知识条目',
  'knowledge.submitted': '提交知识条目审核',
  'knowledge.published': '发布知识条目',
  'knowledge.returned': '退回知识条目',
  'knowledge.flagged': '要求更新知识条目',
  'knowledge.updateSubmitted': '知识更新：已提交更新',
  'knowledge.confirmedUnchanged': '知识更新：确认无需更新',
};

export const auditActionLabel = (action: string): string => AUDIT_ACTION_LABELS[action] ?? action;

/**
 * A period of whole local days (the date pickers' `YYYY-MM-DD`) as instants: from the first day's
 * midnight to the midnight after the last, at the given offset from UTC (China: +480 minutes).
 */
export function periodInstants(fromDay: string | null, toDay: string | null, utcOffsetMinutes = 480): { from?: string; to?: string } {
  const midnight = (day: string, plusDays: number) => {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    return new Date(Date.UTC(y, m - 1, d + plusDays) - utcOffsetMinutes * 60_000).toISOString();
  };
  return { ...(fromDay ? { from: midnight(fromDay, 0) } : {}), ...(toDay ? { to: midnight(toDay, 1) } : {}) };
}
