// Why a ticket is on the supervision board, in one line. Pure: unit-tested.
import type { SupervisionReason } from '../api/types';
import { formatInstant } from './due';

const STAGE_LABELS: Record<string, string> = {
  dispatch: '派单',
  accept: '签收',
  return: '退回申请',
  handle: '办理',
  extension: '延期',
  rework: '重办',
  returnVisit: '回访',
  designatedHandle: '指定承办后办理',
};

export function describeReason(reason: SupervisionReason | string): string {
  if (typeof reason === 'string') return reason;
  const parts = [reason.label || reason.trigger];
  if (reason.stage) parts.push(`${STAGE_LABELS[reason.stage] ?? reason.stage}环节`);
  if (reason.due) parts.push(`时限 ${formatInstant(reason.due, true)}`);
  return parts.join(' · ');
}

/** The due instant the board shows: the ticket's own, else the one the supervision names. */
export function boardDue(reason: SupervisionReason | string, ticketDue: string | null | undefined): string | null {
  if (ticketDue) return ticketDue;
  return typeof reason === 'string' ? null : reason.due;
}
