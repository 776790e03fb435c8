// One id per attempt to complete a task: a retry of the same attempt (a lost response, a double
// click) sends the same id and the server does the work once.
export function newRequestId(): string {
  const c = globalThis.crypto;
  if (c && typeof c.randomUUID === 'function') return c.randomUUID();
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
