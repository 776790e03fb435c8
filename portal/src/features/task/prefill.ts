// What the registrar typed on the registration page, handed to the ticket's first task (kept for
// this tab only, used once).
const key = (ticketNumber: string, form: string) => `hotline.portal.prefill.${ticketNumber}.${form}`;

export function keepPrefill(ticketNumber: string, form: string, data: unknown): void {
  try {
    window.sessionStorage.setItem(key(ticketNumber, form), JSON.stringify(data));
  } catch {
    // storage full or off: the form starts empty
  }
}

/** A task with no form (the server's `form: null`) has nothing typed for it. */
export function takePrefill(ticketNumber: string, form: string | null): unknown {
  if (form === null) return undefined;
  try {
    const text = window.sessionStorage.getItem(key(ticketNumber, form));
    if (text === null) return undefined;
    window.sessionStorage.removeItem(key(ticketNumber, form));
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
