import { describe, expect, it } from 'vitest';
import { type PackFile, subjectProcessesOf, validatePack } from '../src/index';
import { miniCity, miniPackFiles } from './fixtures/mini-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const BPMN = (ids: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<bpmn:definitions xmlns:bpmn="http://www.omg.org/spec/BPMN/20100524/MODEL" id="d">\n${ids
    .map((id) => `  <bpmn:process id="${id}" isExecutable="true"><bpmn:startEvent id="s" /></bpmn:process>`)
    .join('\n')}\n</bpmn:definitions>\n`;

const review = { kind: 'knowledgeEntry', label: '知识库条目审核', process: 'processes/knowledge-entry.bpmn', source: 'mini-rules.txt §15', assumption: 'the centre reviews' };

function pack(declarations: Json[], processes: Record<string, string> = { 'processes/knowledge-entry.bpmn': BPMN(['knowledge-entry-mini']) }): PackFile[] {
  const city = miniCity() as Json;
  city.subjectProcesses = declarations;
  return [...miniPackFiles({ city }), ...Object.entries(processes).map(([path, text]) => ({ path, text }))];
}

function issuesOf(files: PackFile[]) {
  const result = validatePack(files);
  return result.ok ? [] : result.issues;
}

describe('city.json subjectProcesses (processes about knowledge entries, assessment appeals)', () => {
  it('a declared process file that is there and holds one executable process is taken', () => {
    const result = validatePack(pack([review]));
    expect(result.ok).toBe(true);
    if (result.ok) expect(subjectProcessesOf(result.pack.city)).toEqual([review]);
  });

  it.each([
    { why: 'a missing file', files: pack([review], {}), path: '/subjectProcesses/0/process', says: /does not have/, zh: /不在城市包中/ },
    { why: 'a file that is not BPMN', files: pack([review], { 'processes/knowledge-entry.bpmn': 'hello' }), path: '/subjectProcesses/0/process', says: /not a BPMN file/, zh: /不是可解析的 BPMN/ },
    { why: 'two processes in the file', files: pack([review], { 'processes/knowledge-entry.bpmn': BPMN(['a', 'b']) }), path: '/subjectProcesses/0/process', says: /defines 2 executable processes/, zh: /恰好包含一个/ },
    { why: 'a kind declared twice', files: pack([review, { ...review, label: '又一个' }]), path: '/subjectProcesses/1/kind', says: /twice/, zh: /声明了两次/ },
    { why: "the ticket's own process", files: pack([{ ...review, process: 'processes/ticket.bpmn' }], { 'processes/ticket.bpmn': BPMN(['t']) }), path: '/subjectProcesses/0/process', says: /ticket's process/, zh: /工单流程/ },
    { why: 'no source', files: pack([{ kind: 'x', label: 'x', process: 'processes/knowledge-entry.bpmn' }]), path: '/subjectProcesses/0/source', says: /missing/, zh: /必须填写/ },
    { why: 'a file outside processes/', files: pack([{ ...review, process: 'forms/knowledge.bpmn' }]), path: '/subjectProcesses/0/process', says: /pattern|match/, zh: /./ },
  ])('$why is refused in city.json at its JSON path', ({ files, path, says, zh }) => {
    const issues = issuesOf(files);
    const found = issues.find((i) => i.file === 'city.json' && i.path === path);
    expect(found, JSON.stringify(issues)).toBeDefined();
    expect(found?.message).toMatch(says);
    expect(found?.messageZh).toMatch(zh);
  });
});
