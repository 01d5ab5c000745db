import { QueryCommand, TransactWriteCommand, GetCommand } from '@aws-sdk/lib-dynamodb';
import { TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../store/client.ts';
import { keys } from '../store/keys.ts';
import { SCHEMA_VERSION } from '../definitions/table.ts';
import { auditItems } from '../audit/chain.ts';
import { AppError, conflict } from '../errors.ts';
import { isoShanghai } from '../clock.ts';
import { checkPublication, parameterSet, parameterDefinition, isParameterId, type ParameterSet, type PublishedValue } from './parameters.ts';

/**
 * Admin-published parameter values (docs/architecture.md § Parameters). Code defaults are the versioned baseline;
 * published values override them from their effective date, and past values are never changed.
 * Publications are serialised by a head item, so two publications that are each fine alone but break
 * a measure together (a 低保 rise and a 特困 cut) cannot both pass.
 */
const HEAD = { pk: 'PARAM', sk: 'HEAD' };

export async function loadPublished(): Promise<{ values: PublishedValue[]; version: number }> {
  const values: PublishedValue[] = [];
  let version = 0;
  let start: Record<string, unknown> | undefined;
  do {
    const page = await db().send(
      new QueryCommand({ TableName: tableName(), KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': 'PARAM' }, ConsistentRead: true, ExclusiveStartKey: start }),
    );
    for (const item of page.Items ?? []) {
      if (item.sk === 'HEAD') version = item.version as number;
      else
        values.push({
          id: item.id,
          value: item.value,
          unit: item.unit,
          effectiveFrom: item.effectiveFrom,
          source: item.source,
          example: item.example,
          version: item.version,
          ...(item.simulation ? { simulation: item.simulation } : {}),
        });
    }
    start = page.LastEvaluatedKey;
  } while (start);
  // Publication order matters on equal dates: the later publication wins.
  values.sort((a, b) => String(a.version).localeCompare(String(b.version)));
  return { values, version };
}

export async function parametersOn(date: string): Promise<ParameterSet> {
  return parameterSet(date, (await loadPublished()).values);
}

export async function publishValue(candidate: Omit<PublishedValue, 'version' | 'unit'> & { unit?: string }, actor: { sub: string; role: string }, now: Date): Promise<PublishedValue> {
  const { values, version } = await loadPublished();
  const unit = candidate.unit ?? (isParameterId(candidate.id) ? parameterDefinition(candidate.id).unit : '');
  const value: PublishedValue = { ...candidate, unit, example: candidate.example ?? false, version: `published:${String(version + 1).padStart(6, '0')}` };
  const violations = checkPublication(value, values);
  if (violations.length) {
    const first = violations[0]!;
    throw new AppError(
      422,
      'measure-violated',
      '与措施的规定不符',
      `${first.measure} ${first.message}`,
      violations.map((v) => ({ field: v.field, code: v.code, message: `${v.measure} ${v.message}` })),
    );
  }
  if (value.simulation) {
    // The simulation it followed (shared/simulation) must exist: the record says what the admin saw.
    const sim = await db().send(new GetCommand({ TableName: tableName(), Key: { pk: `SIM#${value.simulation}`, sk: 'META' }, ConsistentRead: true, ProjectionExpression: 'id' }));
    if (!sim.Item)
      throw new AppError(422, 'no-such-simulation', '没有该模拟测算', `没有模拟测算 ${value.simulation}，请先测算再发布，或不填 simulation。`, [
        { field: 'simulation', code: 'unknown', message: '没有该模拟测算' },
      ]);
  }
  const exists = await db().send(new GetCommand({ TableName: tableName(), Key: keys.parameterValue(value.id, value.effectiveFrom), ConsistentRead: true }));
  if (exists.Item) throw conflict('parameter-exists', `${value.id} 自 ${value.effectiveFrom} 起的值已经发布，历史值不可更改；如需调整，请以新的生效日期发布。`);
  const at = isoShanghai(now);
  try {
    await db().send(
      new TransactWriteCommand({
        TransactItems: [
          {
            Put: {
              TableName: tableName(),
              Item: { ...HEAD, version: version + 1, schemaVersion: SCHEMA_VERSION },
              ConditionExpression: version === 0 ? 'attribute_not_exists(pk)' : 'version = :v',
              ...(version === 0 ? {} : { ExpressionAttributeValues: { ':v': version } }),
            },
          },
          {
            Put: {
              TableName: tableName(),
              Item: { ...keys.parameterValue(value.id, value.effectiveFrom), ...value, publishedAt: at, publishedBy: actor.sub, schemaVersion: SCHEMA_VERSION },
              ConditionExpression: 'attribute_not_exists(pk)',
            },
          },
          ...(await auditItems({ aggregate: 'standards', actor, action: 'publish', at, after: value })),
        ],
      }),
    );
  } catch (error) {
    if (error instanceof TransactionCanceledException) throw conflict('publication-race', '另一项标准刚刚发布，请刷新后重新核对再发布。');
    throw error;
  }
  return value;
}
