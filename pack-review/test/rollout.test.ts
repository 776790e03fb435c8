// The roll-out checklist: calendars for this year and the next, assumptions with their JSON paths, the
// copied-pack note of `hotline city new`, process names, units and people per role.
import { describe, expect, it } from 'vitest';
import { COPIED_NOTE, assumptionsOf, checklistSummary, organisationChecklist, packChecklist, rolesInProcesses } from '../src/rollout/checklist';
import { json, miniCity, miniPackFiles, miniVersion } from './fixtures/mini-pack';

const PROCESS = { path: 'processes/ticket.bpmn', text: '<bpmn:process id="ticket-mini" isExecutable="true"><bpmn:userTask id="t"><zeebe:assignmentDefinition candidateGroups="registrar,dispatcher" /></bpmn:userTask><bpmn:userTask><zeebe:assignmentDefinition candidateGroups="unitHandler"/></bpmn:userTask></bpmn:process>' };

describe('packChecklist', () => {
  it('asks for this year’s and next year’s calendar of every layer', () => {
    const items = packChecklist(miniPackFiles(), { today: '2026-11-21' });
    expect(items.filter((i) => i.group === 'calendar').map((i) => [i.key, i.status])).toEqual([
      ['calendar:national:2026', 'ok'],
      ['calendar:national:2027', 'missing'],
    ]);
  });

  it('lists every assumption with its file and JSON path, and the note a copied pack carries', () => {
    const note = "Copied from turpan's rules: every value still cites turpan's regulations. Replace them with mini's own and remove this note.";
    const version = miniVersion({ assumption: note });
    (version.deadlines as Array<Record<string, unknown>>)[1]!.assumption = '1 working day assumed';
    const items = packChecklist(miniPackFiles({ version, city: { ...miniCity(), name: 'mini（新城市，待填写）' } }), { today: '2026-11-21' });
    expect(items.find((i) => i.key === 'copied:versions/v1.json')).toMatchObject({ group: 'copy', status: 'todo', path: '/assumption', title: expect.stringContaining('复制自 turpan') });
    expect(items.find((i) => i.key === 'assumption:versions/v1.json:/deadlines/1')).toMatchObject({ status: 'todo', file: 'versions/v1.json', path: '/deadlines/1/assumption', detail: '1 working day assumed' });
    expect(items.find((i) => i.key === 'city-name')).toMatchObject({ status: 'todo', file: 'city.json', path: '/name' });
    expect(COPIED_NOTE.exec(note)?.[1]).toBe('turpan');
  });

  it('flags a process still named after another city', () => {
    const items = packChecklist([...miniPackFiles(), { path: 'processes/ticket.bpmn', text: '<bpmn:process id="ticket-turpan" isExecutable="true"/>' }], { today: '2026-01-01' });
    expect(items.find((i) => i.group === 'processes')).toMatchObject({ key: 'process:processes/ticket.bpmn:ticket-turpan', status: 'todo' });
    expect(packChecklist([...miniPackFiles(), PROCESS], { today: '2026-01-01' }).find((i) => i.group === 'processes')?.status).toBe('ok');
  });

  it('finds assumptions at any depth', () => {
    expect(assumptionsOf({ a: [{ assumption: 'x' }, { b: { assumption: 'y' } }] })).toEqual([
      { path: '/a/0', text: 'x' },
      { path: '/a/1/b', text: 'y' },
    ]);
  });
});

describe('organisationChecklist', () => {
  it('wants a centre, handling units, and someone for every role the processes name plus policy and admin', () => {
    const files = [{ path: 'city.json', text: json(miniCity()) }, PROCESS];
    expect(rolesInProcesses(files)).toEqual(['dispatcher', 'registrar', 'unitHandler']);
    const items = organisationChecklist(files, { units: [{ kind: 'centre' }], places: 0, usersByRole: { admin: 1, registrar: 2 } });
    expect(items.map((i) => [i.key, i.status])).toEqual([
      ['units:centre', 'ok'],
      ['units:handling', 'missing'],
      ['places', 'missing'],
      ['role:dispatcher', 'missing'],
      ['role:registrar', 'ok'],
      ['role:unitHandler', 'missing'],
      ['role:policy', 'missing'],
      ['role:admin', 'ok'],
    ]);
    expect(checklistSummary(items)).toEqual({ missing: 5, todo: 0, ok: 3 });
  });
});
