// Ticket events that arrive together are written together (worker-sink.ts): what a job handler notices
// is only that its own write is done, or failed, whatever else was in its group.
import { describe, expect, it } from 'vitest';
import { GroupWrite } from '../src/modules/workflow/group-write';

/** A stand-in for the database: records each transaction's items; an item named "bad" fails its transaction. */
function fakeDatabase() {
  const transactions: string[][] = [];
  let release: (() => void) | undefined;
  const writeAll = async (items: string[]) => {
    if (transactions.length === 0) await new Promise<void>((resolve) => (release = resolve)); // the first one is slow
    if (items.includes('bad')) throw new Error('violates a constraint');
    transactions.push(items);
  };
  return { transactions, writeAll, releaseFirst: () => release?.() };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('group write', () => {
  it('writes what arrives during a transaction together in the next one, each caller told when its own is written', async () => {
    const db = fakeDatabase();
    const group = new GroupWrite(db.writeAll);
    const first = group.write('a');
    await tick();
    const later = ['b', 'c', 'd'].map((item) => group.write(item));
    await tick();
    db.releaseFirst();
    await Promise.all([first, ...later]);
    expect(db.transactions).toEqual([['a'], ['b', 'c', 'd']]);
  });

  it('fails only the write that failed; the others of its group are written on their own', async () => {
    const db = fakeDatabase();
    const group = new GroupWrite(db.writeAll);
    const first = group.write('a');
    await tick();
    const results = await Promise.allSettled(['b', 'bad', 'c'].map((item) => group.write(item)).concat(tick().then(() => db.releaseFirst())));
    await first;
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
    expect(db.transactions.flat().sort()).toEqual(['a', 'b', 'c']);
  });
});
