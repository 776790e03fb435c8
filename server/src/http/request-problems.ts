// A request the route's schema refuses, said in Chinese for a person: each problem names the field by
// the `title` its schema gives it ("请填写说明"), at the field's JSON pointer, as a form's errors are.
// A route whose schema gives no titles keeps fastify's English message.
import type { FastifyRequest, FastifySchemaValidationError } from 'fastify';
import { ajvToMessages } from '@hotline/rules';

type ErrorObject = Parameters<typeof ajvToMessages>[0][number];

export interface FieldProblem {
  path: string;
  message: string;
  messageZh: string;
}

type SchemaNode = { title?: unknown; properties?: Record<string, SchemaNode>; items?: SchemaNode; anyOf?: SchemaNode[]; oneOf?: SchemaNode[] };

const branches = (node: SchemaNode): SchemaNode[] => [node, ...(node.anyOf ?? []), ...(node.oneOf ?? [])];

/** The schema of the value at a JSON pointer (through objects, arrays and unions such as a nullable). */
function schemaAt(root: SchemaNode, pointer: string): SchemaNode | undefined {
  let nodes = [root];
  for (const part of pointer.split('/').slice(1)) {
    const key = part.replace(/~1/g, '/').replace(/~0/g, '~');
    nodes = nodes.flatMap(branches).flatMap((n) => {
      const next = n.properties?.[key] ?? (/^\d+$/.test(key) ? n.items : undefined);
      return next ? [next] : [];
    });
  }
  return nodes.flatMap(branches).find((n) => typeof n.title === 'string');
}

/** "第 3 条" for each list the field is in (the portal lists entries from 1). */
const positions = (pointer: string): string =>
  pointer
    .split('/')
    .filter((p) => /^\d+$/.test(p))
    .map((p) => `第 ${Number(p) + 1} 条`)
    .join('');

const EMPTY = new Set(['required', 'minLength', 'minItems']);

const PARTS = { body: 'body', querystring: 'query', params: 'params', headers: 'headers' } as const;

/** The problems with Chinese field names; undefined when any field has no title (fastify's message then). */
export function titledRequestProblems(request: FastifyRequest, validation: readonly FastifySchemaValidationError[], context: string | undefined): FieldProblem[] | undefined {
  const part = PARTS[(context ?? 'body') as keyof typeof PARTS];
  const root = (request.routeOptions.schema as Record<string, unknown> | undefined)?.[context ?? 'body'] as SchemaNode | undefined;
  if (!part || !root) return undefined;
  const data = (request as unknown as Record<string, unknown>)[part];
  const problems: FieldProblem[] = [];
  for (const error of validation as unknown as ErrorObject[]) {
    for (const said of ajvToMessages([error], data)) {
      const title = schemaAt(root, said.path)?.title as string | undefined;
      if (title === undefined) return undefined;
      const field = `${positions(said.path)}${title}`;
      problems.push({ path: said.path, message: `${said.path} ${said.message}`, messageZh: EMPTY.has(error.keyword) ? `请填写${field}` : `${field}${said.messageZh}` });
    }
  }
  return problems.length > 0 ? problems : undefined;
}
