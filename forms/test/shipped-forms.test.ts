// Every shipped pack has a form for every task, the forms pass validatePackForms, and each resolves,
// for every rule version and ticket, to plain JSON Schema 2020-12 that strict ajv compiles.
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { subjectProcessesOf } from '@hotline/rules';
import { JSON_SCHEMA_2020, OPTIONAL_TASK_FORMS, resolveForm, TASK_FORMS, userTaskForms, validatePackForms, validateSubmission } from '../src/index';
import { CITIES, complaint, PLACES, shipped, UNITS, VALID } from './fixtures';

function annotations(node: unknown, at = ''): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => annotations(n, `${at}/${i}`));
  if (node === null || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => (k.startsWith('x-') ? [`${at}/${k}`] : annotations(v, `${at}/${k}`)));
}

describe.each(CITIES)('the %s pack', (city) => {
  it('has one form per task, each citing the regulation it follows', () => {
    const { forms, pack, files } = shipped(city);
    const optional = Object.keys(forms).filter((name) => (OPTIONAL_TASK_FORMS as readonly string[]).includes(name));
    // the forms of the pack's subject processes (a knowledge entry's review, an assessment appeal): pack vocabulary
    const subjectForms = subjectProcessesOf(pack.city).flatMap((d) => userTaskForms(files.find((f) => f.path === d.process)?.text ?? '').map((t) => t.form as string));
    expect(subjectForms.length).toBeGreaterThan(0);
    expect(Object.keys(forms).sort()).toEqual([...TASK_FORMS, ...optional, ...subjectForms].sort());
    const seeds = pack.versions.flatMap((v) => v.documents.map((d) => d.file));
    for (const [name, form] of Object.entries(forms)) {
      for (const ref of form.source.split('; ')) {
        expect(seeds, `${name}: ${ref}`).toContain(ref.split(' §')[0]);
      }
    }
  });

  it('passes validatePackForms', () => {
    const { files, pack } = shipped(city);
    expect(validatePackForms(files, pack, { label: `cities/${city}` })).toEqual([]);
  });

  it('resolves every form for every rule version and ticket to plain JSON Schema that strict ajv compiles', () => {
    const { forms, pack } = shipped(city);
    const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true, validateFormats: false });
    let compiled = 0;
    for (const version of pack.versions) {
      for (const t of pack.city.ticketTypes) {
        for (const u of pack.city.urgencyClasses) {
          for (const [name, file] of Object.entries(forms)) {
            let schema;
            try {
              schema = resolveForm(file, { pack, versionId: version.id, units: UNITS, places: PLACES, ticket: { type: t.key, urgency: u.key } }).schema;
            } catch (e) {
              // Only a step the rules forbid for this ticket may refuse to resolve (extension of a consultation, …).
              expect((e as { code?: string }).code, `${name} ${t.key}/${u.key}`).toBe('FORM_NOT_AVAILABLE');
              expect(['extensionRequest', 'extensionReview']).toContain(name);
              continue;
            }
            expect(schema.$schema).toBe(JSON_SCHEMA_2020);
            expect(annotations(schema), name).toEqual([]);
            expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText()}`).toBe(true);
            ajv.compile(schema);
            compiled++;
          }
        }
      }
    }
    expect(compiled).toBeGreaterThan(TASK_FORMS.length * pack.city.ticketTypes.length);
  }, 60_000); // hundreds of ajv compilations: seconds alone, far more on a shared 2-core machine

  it.each([...TASK_FORMS, ...OPTIONAL_TASK_FORMS])('accepts a valid %s submission', (form) => {
    if (!(form in shipped(city).forms)) return; // a step this city's rules do not have
    const data = VALID[city][form];
    const { schema } = resolveForm(shipped(city).forms[form] as never, complaint(city));
    expect(validateSubmission(schema, data)).toEqual({ ok: true, data });
  });
});
