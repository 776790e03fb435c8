import { describe, expect, it } from 'vitest';
import { DEFAULT_ROLES } from '@hotline/rules';
import { validateDraft } from '../../src/state/issues';
import { editJson, readJson } from '../../src/state/pack-files';
import {
  actionRows,
  addAction,
  addRole,
  addStage,
  addTrigger,
  addWarning,
  fractionPercent,
  mappingOf,
  mappingRows,
  patchAction,
  patchRole,
  patchStage,
  patchTrigger,
  patchWarning,
  percentFraction,
  removeAction,
  removeRole,
  removeStage,
  removeWarning,
  roleRows,
  setGuards,
  setPrimaryAction,
} from '../../src/state/vocabulary';
import { miniPackFiles } from '../../../pack-review/test/fixtures/mini-pack';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const VERSION = 'versions/v1.json';
const FORM = 'forms/accept.json';
const valueOf = (files: ReturnType<typeof miniPackFiles>, path: string): Json => {
  const read = readJson<Json>(files, path);
  if (!read.ok) throw new Error(read.message);
  return read.value;
};
const issuesAt = (files: ReturnType<typeof miniPackFiles>, file: string) => validateDraft(files).filter((i) => i.file === file).map((i) => i.path);

describe('roles of city.json', () => {
  it('shows the default roles of a pack that declares none, and writes them out with the first edit', () => {
    const files = miniPackFiles();
    expect(valueOf(files, 'city.json').roles).toBeUndefined();
    expect(roleRows(valueOf(files, 'city.json')).map((r) => r.key)).toEqual(DEFAULT_ROLES.map((r) => r.key));

    const edited = editJson(files, 'city.json', (c) => patchRole(c, 1, { label: '派单员' }));
    const roles = valueOf(edited, 'city.json').roles as Json[];
    expect(roles).toHaveLength(DEFAULT_ROLES.length);
    expect(roles[1]).toMatchObject({ key: 'dispatcher', label: '派单员', scope: 'centre' });
    expect(roles[0]).toEqual(DEFAULT_ROLES[0]);
    expect(issuesAt(edited, 'city.json')).toEqual([]);
  });

  it('adds a role the validation asks to name, and removes one', () => {
    let files = editJson(miniPackFiles(), 'city.json', addRole);
    const added = (valueOf(files, 'city.json').roles as Json[]).at(-1);
    expect(added).toEqual({ key: 'role1', label: '', scope: 'centre', pages: [], revealCaller: 'never' });
    expect(issuesAt(files, 'city.json')).toContain(`/roles/${DEFAULT_ROLES.length}/label`);

    files = editJson(files, 'city.json', (c) => patchRole(c, DEFAULT_ROLES.length, { label: '知识库管理', pages: ['supervision'], source: '' }));
    expect(issuesAt(files, 'city.json')).toEqual([]);
    expect((valueOf(files, 'city.json').roles as Json[]).at(-1)).not.toHaveProperty('source');

    files = editJson(files, 'city.json', (c) => removeRole(c, 0));
    expect((valueOf(files, 'city.json').roles as Json[]).map((r) => r.key)).not.toContain('registrar');
  });

  it('refuses a unit role with centre pages under the pages field', () => {
    const files = editJson(miniPackFiles(), 'city.json', (c) => patchRole(c, 5, { pages: ['dispatch'] }));
    expect(issuesAt(files, 'city.json')).toEqual(['/roles/5/pages']);
  });
});

describe('the pack\'s own stages', () => {
  it('adds a stage a warning may then use, and removing the last one removes the list', () => {
    let files = editJson(miniPackFiles(), 'city.json', addStage);
    expect(valueOf(files, 'city.json').stages).toEqual([{ key: 'stage1', label: '' }]);
    expect(issuesAt(files, 'city.json')).toEqual(['/stages/0/label']);
    files = editJson(files, 'city.json', (c) => patchStage(c, 0, { key: 'answer', label: '答复求助', source: '' }));
    expect(valueOf(files, 'city.json').stages).toEqual([{ key: 'answer', label: '答复求助' }]);
    // a warning of the stage fires only once a rule gives the stage a period
    files = editJson(files, VERSION, (v) => patchWarning(addWarning(v, 'answer'), 0, { label: '答复时限过半', source: 'mini-rules.txt §13' }));
    expect(issuesAt(files, VERSION)).toEqual(['/warnings/0/stage']);
    const rule = { stage: 'answer', period: { amount: 1, unit: 'hour' }, countFrom: 'registration', source: 'mini-rules.txt §4' };
    files = editJson(files, VERSION, (v) => ({ ...(v as Json), deadlines: [...(v as Json).deadlines, rule] }));
    expect(issuesAt(files, VERSION)).toEqual([]);

    files = editJson(files, 'city.json', (c) => removeStage(c, 0));
    expect(valueOf(files, 'city.json')).not.toHaveProperty('stages');
    expect(issuesAt(files, VERSION).sort()).toEqual(['/deadlines/7/stage', '/warnings/0/stage']);
  });
});

describe('warnings and supervision triggers of a rule version', () => {
  it('adds a 75 % warning under the first trigger, complete once it has a label and a source', () => {
    let files = editJson(miniPackFiles(), VERSION, (v) => addWarning(v));
    expect(valueOf(files, VERSION).warnings).toEqual([{ key: 'warning1', stage: 'handle', fraction: 0.75, label: '', trigger: 'overdue', source: '' }]);
    expect(issuesAt(files, VERSION).sort()).toEqual(['/warnings/0/label', '/warnings/0/source']);

    files = editJson(files, VERSION, (v) => patchWarning(v, 0, { label: '办理时限已过四分之三', source: 'mini-rules.txt §13', fraction: percentFraction(80) }));
    expect(issuesAt(files, VERSION)).toEqual([]);
    expect(valueOf(files, VERSION).warnings[0].fraction).toBe(0.8);

    files = editJson(files, VERSION, (v) => removeWarning(v, 0));
    expect(valueOf(files, VERSION)).not.toHaveProperty('warnings');
  });

  it('converts between percent and fraction without float noise', () => {
    expect(percentFraction(7)).toBe(0.07);
    expect(percentFraction(75)).toBe(0.75);
    expect(fractionPercent(0.07)).toBe(7);
    expect(fractionPercent(0.575)).toBe(57.5);
    expect(fractionPercent('x')).toBeNull();
  });

  it('renaming a trigger carries its warnings along; a warning under an undeclared trigger is refused there', () => {
    let files = editJson(miniPackFiles(), VERSION, (v) => patchWarning(addWarning(addTrigger(v)), 0, { label: '将要超期', source: 'mini-rules.txt §13' }));
    expect(valueOf(files, VERSION).supervisionTriggers[1]).toEqual({ key: 'trigger1', label: '', source: '' });
    expect(issuesAt(files, VERSION).sort()).toEqual(['/supervisionTriggers/1/label', '/supervisionTriggers/1/source']);
    files = editJson(files, VERSION, (v) => patchTrigger(v, 1, { label: '即将超期', source: 'mini-rules.txt §13' }));
    expect(issuesAt(files, VERSION)).toEqual([]);
    files = editJson(files, VERSION, (v) => patchTrigger(v, 0, { key: 'nearlyOverdue' }));
    expect(valueOf(files, VERSION).warnings[0].trigger).toBe('nearlyOverdue');

    files = editJson(files, VERSION, (v) => patchWarning(v, 0, { trigger: 'nothing' }));
    expect(issuesAt(files, VERSION)).toContain('/warnings/0/trigger');
  });
});

describe('actions and variables of a form', () => {
  it('a form without actions offers 提交; adding one writes 提交 out beside it', () => {
    const form = valueOf(miniPackFiles(), FORM);
    expect(actionRows(form)).toEqual([{ key: 'complete', label: '提交', primary: true }]);
    const files = editJson(miniPackFiles(), FORM, (f) => patchAction(addAction(f), 1, { label: '申请退回', set: { replyAction: '"return"' } }));
    expect(valueOf(files, FORM).actions).toEqual([
      { key: 'complete', label: '提交', primary: true },
      { key: 'action1', label: '申请退回', set: { replyAction: '"return"' } },
    ]);
    expect(issuesAt(files, FORM)).toEqual([]);

    const none = editJson(files, FORM, (f) => removeAction(removeAction(f, 1), 0));
    expect(valueOf(none, FORM)).not.toHaveProperty('actions');
  });

  it('keeps exactly one primary action', () => {
    const files = editJson(miniPackFiles(), FORM, (f) => setPrimaryAction(addAction(f), 1));
    expect(valueOf(files, FORM).actions.map((a: Json) => a.primary === true)).toEqual([false, true]);
    expect(valueOf(files, FORM).actions[0]).not.toHaveProperty('primary');
  });

  it('shows a guard that is not FEEL, and a mapping that sets a platform variable, at their fields', () => {
    let files = editJson(miniPackFiles(), FORM, (f) => addAction(f));
    expect(issuesAt(files, FORM)).toEqual(['/actions/1/label']);
    files = editJson(files, FORM, (f) => patchAction(f, 1, { label: '申请退回' }));
    files = editJson(files, FORM, (f) => setGuards(f, 1, [{ allow: 'returnCount <', refusal: '已退回 {returnCount} 次' }]));
    files = editJson(files, FORM, (f) => ({ ...(f as Json), variables: mappingOf([{ name: 'returnCount', value: '1' }]) }));
    expect(issuesAt(files, FORM).sort()).toEqual(['/actions/1/guards/0/allow', '/variables/returnCount']);

    files = editJson(files, FORM, (f) => setGuards(patchAction(f, 1, { offeredWhen: '' }), 1, []));
    expect(valueOf(files, FORM).actions[1]).toEqual({ key: 'action1', label: '申请退回' });
  });

  it('mapping rows keep their order, and a second row of one name is kept under its own name', () => {
    const rows = mappingRows({ b: '1', a: '2' });
    expect(rows).toEqual([
      { name: 'b', value: '1' },
      { name: 'a', value: '2' },
    ]);
    expect(mappingOf([...rows, { name: 'a', value: '3' }])).toEqual({ b: '1', a: '2', a_2: '3' });
    expect(mappingOf([])).toBeUndefined();
  });
});
