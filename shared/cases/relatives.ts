import { QueryCommand, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { keyedHash } from '../crypto/pii.ts';
import { auditItems } from '../audit/chain.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import { personHashes, type CaseItem } from './case.ts';

/**
 * 近亲属备案 (二十三): the admin keeps a registry of relatives of civil-affairs staff and village (居)
 * officials. Only the keyed hash of the relative's ID number is stored — never the number — so the
 * registry can flag an application without holding anyone's personal data. A flagged application
 * needs a county review before it may be approved.
 */
export interface RelativeInput {
  idNumber: string;
  relatedTo: string;
  post: 'staff' | 'villageOfficial';
  relation: string;
}

const POST_LABEL = { staff: '经办人员', villageOfficial: '村（居）干部' } as const;

export async function registerRelative(input: RelativeInput, actor: Actor, now: Date): Promise<void> {
  const { hash, keyVersion } = await keyedHash('id', input.idNumber);
  const relatedTo = `${POST_LABEL[input.post]}${input.relatedTo}`;
  const at = isoShanghai(now);
  const item = { ...keys.relative(hash, relatedTo), idHash: hash, keyVersion, relatedTo, relation: input.relation, registeredBy: actor.sub, at, schemaVersion: SCHEMA_VERSION };
  // Registering the same relation again changes nothing but the time; the registry is an append-only trail.
  await db().send(
    new TransactWriteCommand({
      TransactItems: [
        { Put: { TableName: tableName(), Item: item } },
        ...(await auditItems({ aggregate: 'relatives', actor: { sub: actor.sub, role: actor.role }, action: 'register', at, after: item })),
      ],
    }),
  );
}

/** To whom (staff post + name) the applicant or any member is related, from the registry. */
export async function relativesOf(c: Pick<CaseItem, 'applicant' | 'household'>): Promise<string[]> {
  const found = new Set<string>();
  for (const hash of personHashes(c)) {
    const out = await db().send(new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `RELATIVE#${hash}` }, ConsistentRead: true }));
    for (const item of out.Items ?? []) found.add(item.relatedTo as string);
  }
  return [...found].sort();
}
