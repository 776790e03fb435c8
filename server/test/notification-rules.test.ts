// Which of a rule version's reminders an event meets, and whom they name, read from the shipped packs.
import { loadShippedPack } from '@hotline/cities';
import { notificationRecipientsOf } from '@hotline/rules';
import { describe, expect, it } from 'vitest';
import { matchingRules, recipientTargets } from '../src/modules/notifications/outbox';

describe('notification rules of the packs', () => {
  it('tells the leaders up the tree of an overdue ticket in Tianjin 2025, by the pack’s recipients', async () => {
    const pack = await loadShippedPack('tianjin');
    const v2025 = pack.versions.find((v) => v.id === '2025')!;
    const overdue = matchingRules(v2025, { on: 'supervised', trigger: 'overdue' });
    expect(overdue.map((r) => r.key)).toEqual(['overdueEscalation']);
    expect(recipientTargets(notificationRecipientsOf(pack.city), overdue[0]!)).toEqual([
      { key: 'taskHolder', people: 'holder', unit: 'event' },
      { key: 'unitContact', people: 'contact', unit: 'event' },
      { key: 'unitLeader', people: 'roles', roles: ['unitLeader'], unit: 'event' },
      { key: 'parentUnitLeader', people: 'roles', roles: ['unitLeader'], unit: 'parent' },
    ]);
    // a warning recorded as a supervision entry is not an overdue one
    expect(matchingRules(v2025, { on: 'supervised', trigger: 'acceptWarning' })).toEqual([]);
    // the 2015 rules remind nobody
    expect(matchingRules(pack.versions.find((v) => v.id === '2015')!, { on: 'supervised', trigger: 'overdue' })).toEqual([]);
  });

  it('sends a 督办单 to the unit’s staff in the portal and to its contact person and leader by SMS', async () => {
    const pack = await loadShippedPack('tianjin');
    const rules = matchingRules(pack.versions.find((v) => v.id === '2025')!, { on: 'supervisionOrderIssued' });
    expect(rules.map((r) => [r.key, r.channels, recipientTargets(notificationRecipientsOf(pack.city), r).map((t) => t.key)])).toEqual([
      ['supervisionOrder', ['portal'], ['candidates']],
      ['supervisionOrderSms', ['sms'], ['unitContact', 'unitLeader']],
    ]);
  });
});
