// What the registrar tells a repeat caller about the open ticket their call repeats (Tianjin 2024
// §13(5)): its number, who handles it and by when, in one Chinese sentence. Pure: unit-tested.
import { spokenInstant } from '../workflow/timeline';

export interface TicketProgress {
  number: string;
  registeredAt: string;
  status: string;
  unitName: string | null;
  dueAt: string | null;
}

export function tellCaller(t: TicketProgress): string {
  const day = t.registeredAt.slice(0, 10);
  const registered = `您反映的问题已于 ${day} 登记，工单编号 ${t.number}`;
  if (t.status !== 'open') return `${registered}，已办结。`;
  const who = t.unitName ? `目前由${t.unitName}办理` : '目前正在派单';
  // before a unit has it, the open task's deadline is the centre's own (派单), not the handling's
  const due = t.unitName && t.dueAt ? `，办理时限至 ${spokenInstant(t.dueAt)}` : '';
  return `${registered}，${who}${due}。我们已将您本次来电记入该工单，请耐心等待答复。`;
}
