// A ticket's status as staff say it (the ticket page, search results).
export const TICKET_STATUS_LABELS: Record<string, string> = { open: '办理中', closed: '已办结', cancelled: '已撤销' };
