import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { getMany } from '../store/batch-get.ts';
import { queryPages } from '../store/query.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import type { CaseItem } from '../cases/case.ts';
import { caseChange } from '../cases/workflow.ts';
import { linkCase } from './link.ts';
import { enrolledPersons, heldPersons, setEnrolledMembers, transact } from './store.ts';

/**
 * The registry's backfill and check (`registry-check`, and `npm start` on a kept DATA_DIR): every case
 * written before the registry (schemaVersion 1) is linked to its household and persons, its enrolment
 * lists the persons it enrols, and an active enrolment takes its registry slots — one transaction per case
 * through the executor's own write (shared/cases/workflow.ts `caseChange`), so the roster entry and the
 * audit chain follow, and nothing is lost. Resumable (a case already at version 2 is skipped) and
 * idempotent (a second run finds nothing to do).
 *
 * Data from before may already hold what the registry forbids (one person in two 低保 households): such a
 * case is migrated without the slot it cannot take, and records `registryConflicts` for the caseworker.
 */
export interface BackfillReport {
  migrated: number;
  conflicts: number;
  skipped: number;
}

const PAGE = 100;

async function migrate(c: CaseItem, now: Date, report: BackfillReport): Promise<void> {
  const at = isoShanghai(now);
  const linked = c.status === 'reported' || c.status === 'submitted' || c.status === 'returned' ? undefined : await linkCase(c, at);
  const set: Partial<CaseItem> = { schemaVersion: SCHEMA_VERSION, ...(linked ? { householdId: linked.householdId, household: { ...c.household, members: linked.members } } : {}) };
  if (c.enrolment && !c.enrolment.persons) set.enrolment = { ...c.enrolment, persons: enrolledPersons({ ...c, ...set } as CaseItem) };
  const write = async (heldNothingBefore: boolean, extra: Partial<CaseItem>) => {
    const change = await caseChange(c, {
      to: c.status,
      set: { ...set, ...extra },
      action: 'registry.backfill',
      who: { sub: 'job:registry-check', role: 'system' },
      at,
      note: '建立户档案与救助链（数据迁移）',
      heldNothingBefore,
    });
    await transact([...change.items, ...(linked?.items ?? [])]);
    return change.after;
  };
  let after: CaseItem;
  try {
    after = await write(true, {});
  } catch (error) {
    if (!(error instanceof TransactionCanceledException)) throw error;
    const reasons = error.CancellationReasons ?? [];
    if (reasons[0]?.Code === 'ConditionalCheckFailed') {
      report.skipped++; // the case changed meanwhile: its own write already went through the registry
      return;
    }
    // A slot another case holds: migrate without taking it, and say so on the case.
    after = await write(false, { registryConflicts: heldPersons({ ...c, ...set } as CaseItem).map((person) => ({ person, at })) } as Partial<CaseItem>);
    report.conflicts++;
  }
  report.migrated++;
  // 长期公示 shows the enrolled members (单人户: not the whole household); only where the entry exists.
  if (after.enrolment?.persons) await setEnrolledMembers(c.reference, after.enrolment.persons.filter((p) => !p.to).length);
}

/** Links one case from before the registry now (a step that needs its household before the monthly check ran). */
export async function migrateCase(c: CaseItem, now: Date): Promise<void> {
  if ((c.schemaVersion ?? 1) < SCHEMA_VERSION || !c.householdId) await migrate(c, now, { migrated: 0, conflicts: 0, skipped: 0 });
}

export async function backfillRegistry(counties: readonly string[], now: Date): Promise<Record<string, BackfillReport>> {
  const out: Record<string, BackfillReport> = {};
  for (const county of counties) {
    const report: BackfillReport = { migrated: 0, conflicts: 0, skipped: 0 };
    const pages = queryPages({
      IndexName: 'gsi3',
      KeyConditionExpression: 'gsi3pk = :pk AND begins_with(gsi3sk, :app)',
      FilterExpression: 'attribute_not_exists(schemaVersion) OR schemaVersion < :v',
      ExpressionAttributeValues: { ':pk': `CTY#${county}`, ':app': 'APP#', ':v': SCHEMA_VERSION },
      ProjectionExpression: '#r',
      ExpressionAttributeNames: { '#r': 'reference' },
      Limit: PAGE,
    });
    for await (const page of pages) {
      const refs = (page.Items ?? []).map((i) => String(i.reference));
      for (const c of await getMany<CaseItem>(refs.map((r) => keys.application(r)))) {
        if ((c.schemaVersion ?? 1) >= SCHEMA_VERSION) continue;
        await migrate(c, now, report);
      }
    }
    out[county] = report;
  }
  return out;
}
