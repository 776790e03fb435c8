// Security alerts (安全告警): raised in the transaction of what caused them, each with its audit event
// `security.alertRaised`; read and closed with a note by the security administrator (安全管理员),
// the closing audited as `security.alertClosed`.
import type { Knex } from 'knex';
import { ApiError, notFoundZh } from '../../http/errors';
import { recordEvent } from '../audit/audit.repository';
import { type Actor, type AuditActor, auditActorOf } from '../auth/actor';
import * as alerts from './alerts.repository';
import { ALERT_LABELS, type AlertKind } from './reveal-watch';

export interface AlertView extends alerts.SecurityAlert {
  label: string;
}

const viewOf = (alert: alerts.SecurityAlert): AlertView => ({ ...alert, label: ALERT_LABELS[alert.kind as AlertKind] ?? alert.kind });

/**
 * Raises an alert about a person unless one of the same kind is still open for them (the
 * administrator is already looking; a flood of copies would bury other alerts). True when raised.
 */
export async function raiseAlert(
  trx: Knex.Transaction,
  by: AuditActor,
  alert: { cityId: string; userId: string; username: string; kind: AlertKind; details: Record<string, unknown> },
): Promise<boolean> {
  if (await alerts.hasOpenAlert(trx, alert.cityId, alert.userId, alert.kind)) return false;
  const id = await alerts.insertAlert(trx, alert);
  await recordEvent(trx, {
    cityId: alert.cityId,
    actor: by,
    action: 'security.alertRaised',
    subjectType: 'securityAlert',
    subjectId: id,
    details: { kind: alert.kind, person: alert.username, ...alert.details },
  });
  return true;
}

export async function listAlerts(db: Knex, actor: Actor, status: 'open' | 'closed' | undefined, limit: number): Promise<AlertView[]> {
  return (await alerts.listAlerts(db, actor.cityId, status, limit)).map(viewOf);
}

export async function closeAlert(db: Knex, actor: Actor, id: string, note: string): Promise<AlertView> {
  const why = note.trim();
  if (why.length < 2) throw new ApiError(400, 'NOTE_REQUIRED', '请填写处理说明（note）：核查了什么、结论如何', [{ where: '/note', message: '请填写处理说明', messageZh: '请填写处理说明' }]);
  await db.transaction(async (trx) => {
    const found = await alerts.findAlert(trx, actor.cityId, id);
    if (!found) throw notFoundZh(`安全告警 ${id} 不存在`);
    if (!(await alerts.closeAlert(trx, actor.cityId, id, actor.userId, why))) throw new ApiError(409, 'ALERT_CLOSED', `安全告警 ${id} 已由他人处理关闭`);
    await recordEvent(trx, {
      cityId: actor.cityId,
      actor: auditActorOf(actor),
      action: 'security.alertClosed',
      subjectType: 'securityAlert',
      subjectId: id,
      details: { kind: found.kind, person: found.person.username, note: why },
    });
  });
  return viewOf((await alerts.findAlert(db, actor.cityId, id))!);
}
