// The shipped cities' processes must pass the process lint, or policy staff could not publish them.
import { listPacks, readPackFolder, SHIPPED_PACKS_DIR } from '@hotline/cities';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { lintPackProcesses } from '../../src/lint/lint-pack';
import { createBpmnReader } from '../../src/lint/moddle';

describe.each(listPacks())('the %s pack', (city) => {
  it('has processes with no lint error', async () => {
    const results = await lintPackProcesses(readPackFolder(join(SHIPPED_PACKS_DIR, city)), createBpmnReader());
    expect(Object.keys(results).length).toBeGreaterThan(0);
    const errors = Object.entries(results).flatMap(([file, issues]) =>
      issues.filter((i) => i.severity === 'error').map((i) => `${file} ${i.elementId} ${i.code ?? i.rule}: ${i.message}`),
    );
    expect(errors).toEqual([]);
  });
});

/** The process with its watchAccept task watching a stage that does not exist. */
function watchingCallback(xml: string): string {
  const at = xml.indexOf('id="watchAccept"');
  if (at < 0) throw new Error('the Tianjin process has no watchAccept task');
  const end = xml.indexOf('</bpmn:serviceTask>', at);
  const task = xml.slice(at, end);
  if (!task.includes('value="accept"')) throw new Error('watchAccept does not watch accept');
  return xml.slice(0, at) + task.replace('value="accept"', 'value="callback"') + xml.slice(end);
}

describe('the deadline watch (timer on =watchNextAt)', () => {
  it('reports a watch task that watches a stage no rule computes', async () => {
    const files = readPackFolder(join(SHIPPED_PACKS_DIR, 'tianjin')).map((f) =>
      f.path === 'processes/ticket.bpmn' ? { ...f, text: watchingCallback(f.text) } : f,
    );
    const issues = (await lintPackProcesses(files, createBpmnReader()))['processes/ticket.bpmn'] ?? [];
    expect(issues.filter((i) => i.code === 'TIMER_UNKNOWN_STAGE').map((i) => i.elementId)).toContain('watchAccept');
  });
});

describe('a subject process (knowledge-entry.bpmn, assessment-appeal.bpmn)', () => {
  const kb = () => readPackFolder(join(SHIPPED_PACKS_DIR, 'turpan')).find((f) => f.path === 'processes/knowledge-entry.bpmn')!;

  it('is linted by the same rules as the ticket process, and passes them', async () => {
    const results = await lintPackProcesses(readPackFolder(join(SHIPPED_PACKS_DIR, 'turpan')), createBpmnReader());
    expect(results['processes/knowledge-entry.bpmn']).toBeDefined();
    expect(results['processes/knowledge-entry.bpmn']?.filter((i) => i.severity === 'error')).toEqual([]);
  });

  it('reports an outcome step (hotline.outcome) that names no outcome', async () => {
    const file = kb();
    const broken = { ...file, text: file.text.replace('<zeebe:header key="outcome" value="published" />', '') };
    const issues = (await lintPackProcesses([broken], createBpmnReader()))['processes/knowledge-entry.bpmn'] ?? [];
    expect(issues.filter((i) => i.code === 'OUTCOME_MISSING').map((i) => [i.elementId, i.message])).toEqual([['outcomePublished', expect.stringContaining('没有结果')]]);
  });
});
