import { randomUUID } from 'node:crypto';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../store/client.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import type { IsoDate } from '../calendar/dates.ts';
import { isoShanghai } from '../clock.ts';
import type { Actor } from '../access/actor.ts';
import type { Idempotency, StoredAnswer } from '../store/idempotency.ts';
import { commitAudited } from '../store/commit.ts';
import { charityKeys } from './keys.ts';
import { requireVerified, type CharityItem } from './registry.ts';
import type { VolunteerType } from './volunteer-types.ts';

/**
 * 志愿服务 (十六): activities recorded per organisation and type, published as totals. Each record
 * also adds to a per-type total item in the same transaction, so the disclosure reads four items
 * rather than every activity.
 */

export interface VolunteerInput {
  type: VolunteerType;
  date: IsoDate;
  volunteers: number;
  /** Total volunteer hours of the activity, all volunteers together. */
  hours: number;
  description: string;
}

export async function recordVolunteerActivity(o: { actor: Actor; charity: CharityItem; input: VolunteerInput; now: Date; idempotency?: Idempotency | undefined }): Promise<StoredAnswer> {
  const { charity: c, input } = o;
  requireVerified(c);
  const activityId = `V${input.date.replaceAll('-', '')}${randomUUID().replaceAll('-', '').slice(0, 8).toUpperCase()}`;
  const at = isoShanghai(o.now);
  const item = {
    ...charityKeys.volunteer(c.charityId, activityId),
    kind: 'volunteer-activity',
    charityId: c.charityId,
    activityId,
    ...input,
    recordedAt: at,
    recordedBy: o.actor.sub,
    schemaVersion: SCHEMA_VERSION,
  };
  return commitAudited({
    retryOnAuditHead: true,
    idempotency: o.idempotency,
    answer: { status: 201, body: { activityId } },
    now: o.now,
    items: [
      { Put: { TableName: tableName(), Item: item, ConditionExpression: 'attribute_not_exists(pk)' } },
      {
        Update: {
          TableName: tableName(),
          Key: charityKeys.volunteerTotal(c.charityId, input.type),
          UpdateExpression: 'ADD activities :one, volunteers :v, hours :h SET #t = :t, #k = :k, schemaVersion = :sv',
          ExpressionAttributeNames: { '#t': 'type', '#k': 'kind' },
          ExpressionAttributeValues: { ':one': 1, ':v': input.volunteers, ':h': input.hours, ':t': input.type, ':k': 'volunteer-total', ':sv': SCHEMA_VERSION },
        },
      },
    ],
    audit: { aggregate: `charity#${c.charityId}`, actor: o.actor, action: 'record-volunteer-activity', at, after: item },
  });
}

export interface VolunteerTotal {
  type: VolunteerType;
  activities: number;
  volunteers: number;
  hours: number;
}

export async function volunteerTotals(charityId: string): Promise<VolunteerTotal[]> {
  const page = await db().send(
    new QueryCommand({
      TableName: tableName(),
      KeyConditionExpression: 'pk = :pk AND begins_with(sk, :v)',
      ExpressionAttributeValues: { ':pk': charityKeys.profile(charityId).pk, ':v': 'VOLTOTAL#' },
      ConsistentRead: true,
    }),
  );
  return (page.Items ?? []).map((i) => ({ type: i.type as VolunteerType, activities: i.activities as number, volunteers: i.volunteers as number, hours: i.hours as number }));
}
