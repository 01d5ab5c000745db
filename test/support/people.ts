import { residentIdCheckChar } from '../../shared/identifiers/resident-id.ts';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';

/** A valid resident ID number for a birth date (YYYYMMDD) in a Bozhou county. */
export function idNumber(birth: string, seq = '123', region = '341602'): string {
  const first17 = `${region}${birth}${seq}`;
  return first17 + residentIdCheckChar(first17);
}

/** A spouse's ID number derived from the applicant's: the same sequence, born 1972-02-02 in 利辛. */
export const spouseOf = (applicantId: string): string => idNumber('19720202', applicantId.slice(14, 17), '341623');

export const TOWNSHIP = { county: '341602', township: '341602001' };

export function dibaoApplication(id = idNumber('19700101'), overrides: Record<string, unknown> = {}) {
  return {
    type: 'dibao',
    applicant: { name: '张三', idNumber: id, phone: '13800001234' },
    area: { ...TOWNSHIP, residence: 'urban', hukou: 'local' },
    household: {
      members: [
        { name: '张三', idNumber: id, relation: 'self', monthlyIncomeFen: 30000 },
        // The spouse is a person of their own: one per applicant, so two tests never enrol the same spouse twice.
        { name: '李四', idNumber: spouseOf(id), relation: 'spouse', monthlyIncomeFen: 0, illness: 'serious' },
      ],
      assets: { financialFen: 100000, vehicles: 0, properties: 1 },
    },
    consent: { economicCheck: true },
    ...overrides,
  };
}

/** Every item in the test table whose key starts with one of the prefixes (to prove nothing was written). */
export async function countItems(prefixes = ['APP#', 'UNIQ#', 'AUDIT#', 'IDEM#', 'REF#', 'TASK#', 'PAY#']): Promise<number> {
  let n = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(new ScanCommand({ TableName: tableName(), ExclusiveStartKey: start, ProjectionExpression: 'pk' }));
    n += (page.Items ?? []).filter((i) => prefixes.some((p) => String(i.pk).startsWith(p))).length;
    start = page.LastEvaluatedKey;
  } while (start);
  return n;
}
