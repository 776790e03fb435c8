// The FEEL expressions written in a BPMN file: every attribute value and element text that starts
// with `=` (element text trimmed, as the engine reads expression bodies). For the differential test
// of compiled FEEL and `bench:feel`, so that an expression added to a pack is covered without a list.
const ATTRIBUTE = /\s[\w:.-]+\s*=\s*(?:"(=[^"]*)"|'(=[^']*)')/g;
const TEXT = />([^<]*)</g;
const ENTITIES: Record<string, string> = { quot: '"', apos: "'", lt: '<', gt: '>', amp: '&' };

function decode(xml: string): string {
  return xml.replace(/&(#x[0-9a-f]+|#\d+|quot|apos|lt|gt|amp);/gi, (entity, name: string) => {
    if (name.startsWith('#x') || name.startsWith('#X')) return String.fromCodePoint(parseInt(name.slice(2), 16));
    if (name.startsWith('#')) return String.fromCodePoint(parseInt(name.slice(1), 10));
    return ENTITIES[name.toLowerCase()] ?? entity;
  });
}

/** Distinct `=expr` strings in the file, in order of appearance. */
export function feelExpressionsInBpmn(xml: string): string[] {
  const found = new Set<string>();
  for (const [, double, single] of xml.matchAll(ATTRIBUTE)) found.add(decode((double ?? single) as string));
  for (const [, text] of xml.matchAll(TEXT)) {
    const body = decode(text as string).trim();
    if (body.startsWith('=')) found.add(body);
  }
  return [...found];
}
