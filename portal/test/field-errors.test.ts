import { describe, expect, it } from 'vitest';
import { decodePointer, problemInWords, problemsOfMessage, schemaHasPath, splitProblems } from '../src/lib/field-errors';
import { resolved } from './fixtures';

describe('the server’s field problems on the form’s fields', () => {
  const reply = resolved('turpan', 'reply', { ticket: { type: 'complaint', urgency: 'general' } }).schema;

  it('decodes JSON pointers', () => {
    expect(decodePointer('/caseFiling/caseNumber')).toEqual(['caseFiling', 'caseNumber']);
    expect(decodePointer('/a~1b/c~0d')).toEqual(['a/b', 'c~d']);
    expect(decodePointer('')).toEqual([]);
  });

  it('finds fields inside if/then branches', () => {
    expect(schemaHasPath(reply, ['caseFiling', 'caseNumber'])).toBe(true);
    expect(schemaHasPath(reply, ['caseFiling', 'notFiledReason'])).toBe(true);
    expect(schemaHasPath(reply, ['nonsense'])).toBe(false);
  });

  it('puts each problem under its field, and the rest above the form', () => {
    const split = splitProblems(
      [
        { path: '/caseFiling/caseNumber', message: '立案编号：必须填写' },
        { path: '/caseFiling/caseNumber', message: '立案编号：过短' },
        { path: '/result', message: '办理结果：必须填写' },
        { path: '', message: '表单不完整' },
        { path: '/unknownField', message: '不认识的字段' },
      ],
      reply,
    );
    expect(split.tree).toEqual({
      caseFiling: { caseNumber: { __errors: ['立案编号：必须填写', '立案编号：过短'] } },
      result: { __errors: ['办理结果：必须填写'] },
    });
    expect(split.general.map((p) => p.message)).toEqual(['表单不完整', '不认识的字段']);
    expect(split.onFields).toBe(3);
  });
});

describe('the schema @rjsf renders', () => {
  it('leaves out alternatives that only say which fields are required, and nothing else', async () => {
    const { renderableSchema } = await import('../src/lib/form-schema');
    const schema = {
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string', oneOf: [{ const: 'x', title: 'X' }] } },
      anyOf: [{ title: '甲', required: ['a'] }, { title: '乙', required: ['b'] }],
      allOf: [{ if: { required: ['a'] }, then: { anyOf: [{ required: ['b'] }] } }],
    };
    expect(renderableSchema(schema)).toEqual({
      type: 'object',
      properties: { a: { type: 'string' }, b: { type: 'string', oneOf: [{ const: 'x', title: 'X' }] } },
      allOf: [{ if: { required: ['a'] }, then: {} }],
    });
  });
});

describe('problems in the person’s words', () => {
  const schema = { type: 'object', properties: { caller: { type: 'object', properties: { phone: { type: 'string', title: '联系电话' } } }, content: { type: 'string', title: '诉求内容' } } };

  it('reads fastify’s sentence into problems at pointers', () => {
    expect(problemsOfMessage("body/caller/phone must match pattern \"^x$\", body must have required property 'content'")).toEqual([
      { path: '/caller/phone', message: 'must match pattern "^x$"' },
      { path: '/content', message: "must have required property 'content'" },
    ]);
    expect(problemsOfMessage('请填写诉求内容')).toEqual([]);
  });

  it('names the field by its title', () => {
    expect(problemInWords({ path: '/caller/phone', message: 'must match pattern "^x$"' }, schema).message).toBe('联系电话格式不正确，请核对后重新填写');
    expect(problemInWords({ path: '/content', message: "must have required property 'content'" }, schema).message).toBe('请填写诉求内容');
    expect(problemInWords({ path: '/content', message: 'String is too long (3001 > 3000).' }, schema, 'maxLength').message).toBe('诉求内容不能超过 3000 个字');
    expect(problemInWords({ path: '/content', message: '已有中文' }, schema).message).toBe('已有中文');
  });
});
