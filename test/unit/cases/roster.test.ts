import { beforeAll, describe, expect, it } from 'vitest';
import { onRoster, rosterItem, rosterWrites, unpackRoster } from '../../../shared/cases/roster.ts';
import type { CaseItem } from '../../../shared/cases/case.ts';

/** 发放名册: which case changes put, move or delete a roster entry (the workflow adds them to its transaction). */
beforeAll(() => {
  process.env.TABLE_NAME ??= 'unit';
});

const sealed = { v: 1, kid: 'k', edk: 'e', iv: 'i', ct: 'c', tag: 't' };
const base = {
  pk: 'APP#BZ-260302-0001-X',
  sk: 'APP',
  reference: 'BZ-260302-0001-X',
  type: 'dibao',
  status: 'active',
  version: 7,
  area: { county: '341602', township: '341602001', residence: 'rural', hukou: 'local' },
  applicant: { name: '张三', phone: sealed },
  household: {
    members: [{ name: '张三', relation: 'self', monthlyIncomeFen: 30000, birthDate: '1970-01-01', id: { sealed, hash: 'h', keyVersion: 'v1' } }],
    assets: { financialFen: 0, vehicles: 0, properties: 1 },
  },
  enrolment: { class: 'C', startMonth: '2026-03', monthlyAmountFen: 40000 },
  history: [{ status: 'active', at: '2026-03-02T09:00:00+08:00' }],
} as unknown as CaseItem;
const as = (o: Record<string, unknown>) => ({ ...base, ...o }) as CaseItem;
const kinds = (writes: ReturnType<typeof rosterWrites>) => writes.map((w) => (w.Put ? `put ${w.Put.Item?.pk}` : `delete ${w.Delete?.Key?.pk}`));

describe('the roster', () => {
  it('holds active 低保 and 特困 cases with an enrolment, nothing else', () => {
    expect(onRoster(base)).toBe(true);
    expect(onRoster(as({ type: 'tekun' }))).toBe(true);
    for (const other of [as({ status: 'suspended' }), as({ status: 'approved' }), as({ type: 'linshi' }), as({ enrolment: undefined })]) expect(onRoster(other)).toBe(false);
  });

  it('keeps the facts the monthly amount needs, without history, applicant or sealed ID numbers', () => {
    const item = rosterItem(base);
    expect(item).toMatchObject({ pk: 'ROSTER#341602', sk: base.reference, reference: base.reference });
    const packed = unpackRoster(item);
    expect(packed).toMatchObject({ reference: base.reference, type: 'dibao', status: 'active', area: base.area, enrolment: base.enrolment });
    expect(packed).not.toHaveProperty('history');
    expect(packed).not.toHaveProperty('applicant');
    expect(item.entry).not.toContain('sealed');
    expect(packed.household.members[0]).toMatchObject({ name: '张三', birthDate: '1970-01-01', monthlyIncomeFen: 30000 });
  });

  it('packs the same case to the same text whatever the order of its keys (the check compares entries as strings)', () => {
    const reordered = Object.fromEntries(Object.entries(base).reverse()) as unknown as CaseItem;
    const household = { assets: base.household.assets, members: base.household.members.map((m) => Object.fromEntries(Object.entries(m).reverse())) };
    expect(rosterItem({ ...reordered, household } as CaseItem).entry).toBe(rosterItem(base).entry);
  });

  it('is put on approval and on every change while active, deleted when the case leaves active, moved with its county', () => {
    expect(kinds(rosterWrites(as({ status: 'readyForDecision' }), base))).toEqual(['put ROSTER#341602']);
    expect(kinds(rosterWrites(base, as({ version: 8 })))).toEqual(['put ROSTER#341602']);
    expect(kinds(rosterWrites(base, as({ status: 'suspended' })))).toEqual(['delete ROSTER#341602']);
    expect(kinds(rosterWrites(base, as({ status: 'ended' })))).toEqual(['delete ROSTER#341602']);
    expect(kinds(rosterWrites(base, as({ area: { ...base.area, county: '341621', township: '341621001' } })))).toEqual(['delete ROSTER#341602', 'put ROSTER#341621']);
    expect(kinds(rosterWrites(as({ status: 'suspended' }), as({ status: 'suspended' })))).toEqual([]);
    expect(kinds(rosterWrites(as({ status: 'accepted', type: 'linshi' }), as({ status: 'approved', type: 'linshi' })))).toEqual([]);
  });
});
