// @rjsf accepts every resolved form: each renders server-side with the antd theme (@rjsf/antd on
// antd 5, React 18; no DOM needed), empty and filled in, and rjsf's own ajv validator agrees with
// validateSubmission on the valid submissions. The portal will render the same schemas in the browser.
import { Theme as AntdTheme } from '@rjsf/antd';
import { withTheme } from '@rjsf/core';
import { getDefaultFormState, type RJSFSchema, type UiSchema } from '@rjsf/utils';
import { customizeValidator } from '@rjsf/validator-ajv8';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { createElement } from 'react';
import { renderToString } from 'react-dom/server';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OPTIONAL_TASK_FORMS, RJSF_FORM_PROPS, TASK_FORMS } from '../src/index';
import { CITIES, resolved, shipped, VALID } from './fixtures';

const Form = withTheme(AntdTheme);

/** rjsf's validator for 2020-12 schemas. One per form: its compiled-schema cache is keyed by the root schema. */
function rjsfValidator() {
  return customizeValidator({ AjvClass: Ajv2020 as never });
}

function render(schema: RJSFSchema, uiSchema: UiSchema, formData: unknown): string {
  const html = renderToString(createElement(Form, { schema, uiSchema, formData, validator: rjsfValidator(), ...RJSF_FORM_PROPS }));
  // rjsf renders a schema or uiSchema it cannot use as a message instead of throwing.
  expect(html).not.toMatch(/config-error|Unsupported field schema|Invalid .* configuration/);
  return html;
}

function defaults(schema: RJSFSchema, formData: unknown = {}): unknown {
  const behavior = RJSF_FORM_PROPS.experimental_defaultFormStateBehavior;
  return getDefaultFormState(rjsfValidator(), schema, formData, schema, false, { ...behavior });
}

let complaints: string[] = [];
beforeEach(() => {
  complaints = [];
  for (const level of ['error', 'warn'] as const) {
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      const text = args.map(String).join(' ');
      // React warns that layout effects do not run on the server: a fact of SSR, not of our forms.
      if (!/useLayoutEffect does nothing on the server/.test(text)) complaints.push(text);
    });
  }
});
afterEach(() => vi.restoreAllMocks());

describe.each(CITIES)('%s forms in @rjsf/antd', (city) => {
  it.each([...TASK_FORMS, ...OPTIONAL_TASK_FORMS])('%s renders empty and filled in, and rjsf validates it like the server', (name) => {
    if (!(name in shipped(city).forms)) return; // a step this city's rules do not have
    const { schema, uiSchema } = resolved(city, name);
    const s = schema as RJSFSchema;
    const ui = uiSchema as UiSchema;
    const data = VALID[city][name] ?? {};

    const empty = render(s, ui, {});
    expect(empty).toContain(`title="${String(s.title)}"`);
    const filled = render(s, ui, data);
    expect(filled).toContain('<form');
    // Every field of the valid submission is on the filled-in form, branch fields included.
    const labels = [...filled.matchAll(/<label[^>]*title="([^"]*)"/g)].map((m) => m[1]);
    for (const field of Object.keys(data)) {
      expect(filled, `${field} on ${name}`).toMatch(new RegExp(`id="root_${field}(_|"|-)|for="root_${field}"`));
    }
    expect(labels.length).toBeGreaterThan(0);

    expect(rjsfValidator().validateFormData(data, s).errors).toEqual([]);
    if (Array.isArray(s.required) && s.required.length > 0) {
      expect(rjsfValidator().validateFormData({}, s).errors.length).toBeGreaterThan(0);
    }
    expect(complaints).toEqual([]);
  });
});

describe('defaults in @rjsf with RJSF_FORM_PROPS', () => {
  it('pre-selects no choice: no rating, decision or outcome is made for the user', () => {
    for (const city of CITIES) {
      for (const name of TASK_FORMS) {
        const state = defaults(resolved(city, name).schema as RJSFSchema) as Record<string, unknown>;
        for (const key of ['handlingRating', 'serviceRating', 'decision', 'outcome', 'mode', 'verified', 'callerSatisfaction', 'channel']) {
          expect(state[key], `${city}/${name}/${key}`).toBeUndefined();
        }
      }
    }
    expect(defaults(resolved('tianjin', 'extensionRequest').schema as RJSFSchema)).toEqual({ requestedPeriod: { unit: 'workingDay' } });
    expect(defaults(resolved('hangzhou', 'reply').schema as RJSFSchema)).toEqual({});
  });

  it('fills what the caller is told from the chosen redirect category’s script', () => {
    const schema = resolved('turpan', 'classify').schema as RJSFSchema;
    expect(defaults(schema, { outcome: 'redirect', redirectCategory: 'emergencyTransfer' })).toMatchObject({
      toldCaller: expect.stringMatching(/110|119|120/),
    });
  });
});

describe('conditional fields in @rjsf', () => {
  it('shows the branch of the choice made, with the pack’s answer script as its default', () => {
    const { schema, uiSchema } = resolved('tianjin', 'classify');
    const html = render(schema as RJSFSchema, uiSchema as UiSchema, { outcome: 'redirect', redirectCategory: 'secretsPrivacy' });
    expect(html).toContain('告知诉求人的内容');
    expect(html).toContain('依法不能向您提供');
    expect(html).not.toContain('答复内容');
  });

  it('shows the case-filing fields of a Turpan complaint, not of a help ticket', () => {
    const data = { caseFiling: { decision: 'notFiled' } };
    const complaint = resolved('turpan', 'reply');
    const html = render(complaint.schema as RJSFSchema, complaint.uiSchema as UiSchema, data);
    expect(html).toContain('不予立案的法律依据');
    expect(html).not.toContain('立案编号');
    const help = resolved('turpan', 'reply', { ticket: { type: 'help', urgency: 'general' } });
    expect(render(help.schema as RJSFSchema, help.uiSchema as UiSchema, {})).not.toContain('立案情况');
  });
});
