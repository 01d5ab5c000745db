import { keys } from '../store/keys.ts';
import { getMany } from '../store/batch-get.ts';
import { casesOfPerson, enrolledPersons } from '../registry/store.ts';
import { keyedHash } from '../crypto/pii.ts';
import { appendAudit } from '../audit/chain.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { TYPE_PROFILES } from './assistance-types.ts';
import type { CaseItem } from './case.ts';

/**
 * 救助对象身份查询 (七)–(十二): a department asks whether a person is assisted on a date, for its own
 * benefits (医保 资助参保, 教育资助, 法律援助 without a means check under 法律援助法 Art. 42).
 * The answer is yes or no, with the type and period — nothing else about the person. Every query is
 * audited on the department's own chain (`status-queries#<department>`), with its purpose.
 */
export interface StatusAnswer {
  date: string;
  assisted: boolean;
  assistance: { type: string; typeLabel: string; from: string; to: string | null }[];
}

const ASSISTED: readonly CaseItem['status'][] = ['active', 'suspended', 'ended'];

export async function queryStatus(input: { idNumber: string; date: string; purpose: string }, actor: Actor, now: Date): Promise<StatusAnswer> {
  const { hash } = await keyedHash('id', input.idNumber);
  const links = await casesOfPerson(hash);
  const cases = await getMany<CaseItem>(links.map((l) => keys.application(l.reference)));
  const assistance: StatusAnswer['assistance'] = [];
  for (const c of cases) {
    if (!c.enrolment || !ASSISTED.includes(c.status)) continue;
    // Per person: only the members the case enrols (单人户: not the rest of the household), for their own dates.
    const mine = enrolledPersons(c).find((p) => p.person === hash);
    if (!mine) continue;
    const from = mine.from;
    const to = mine.to ?? (c.enrolment as { endDate?: string }).endDate ?? null;
    if (from <= input.date && (to === null || input.date <= to)) assistance.push({ type: c.type, typeLabel: TYPE_PROFILES[c.type].label, from, to });
  }
  const answer: StatusAnswer = { date: input.date, assisted: assistance.length > 0, assistance };
  // On the department's own chain, with its purpose; hashes only, never the number.
  await appendAudit({
    aggregate: `status-queries#${actor.department}`,
    actor: { sub: actor.sub, role: actor.role },
    action: 'status-query',
    at: isoShanghai(now),
    after: { idHash: hash, date: input.date, purpose: input.purpose, answer },
    note: input.purpose,
  });
  return answer;
}
