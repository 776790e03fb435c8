// `npx tsx bench/rss/heap-profile.ts <file.heapprofile>`: what a sampling heap profile (bench:rss's
// BENCH_HEAP_PROFILE=1) says the server holds, summed by function: the bytes allocated in the function
// itself (self) and in everything it called (total), the largest first.
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: ProfileNode[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: heap-profile.ts <file.heapprofile>');
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: ProfileNode };
const self = new Map<string, number>();
const total = new Map<string, number>();
const nameOf = ({ callFrame: f }: ProfileNode) =>
  `${f.functionName || '(anonymous)'} ${f.url ? `${relative(process.cwd(), f.url.replace(/^file:\/\//, ''))}:${f.lineNumber + 1}` : ''}`.trim();

/** Sums a subtree; a function on the path more than once (recursion) counts once. */
function walk(node: ProfileNode, onPath: Set<string>): number {
  const name = nameOf(node);
  self.set(name, (self.get(name) ?? 0) + node.selfSize);
  const mine = !onPath.has(name);
  if (mine) onPath.add(name);
  const sum = node.children.reduce((acc, child) => acc + walk(child, onPath), node.selfSize);
  if (mine) {
    onPath.delete(name);
    total.set(name, (total.get(name) ?? 0) + sum);
  }
  return sum;
}

const all = walk(head, new Set());
const mb = (bytes: number) => `${(bytes / 2 ** 20).toFixed(1).padStart(8)} MB`;
const top = (map: Map<string, number>, n: number) => [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
console.log(`held (sampled): ${mb(all)}\n\nby the function that allocated (self):`);
for (const [name, bytes] of top(self, 20)) console.log(`${mb(bytes)}  ${name}`);
console.log('\nby the function whose calls allocated it (total):');
for (const [name, bytes] of top(total, 40)) console.log(`${mb(bytes)}  ${name}`);
