import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { SCHEMA_VERSION } from '../../shared/definitions/table.ts';

/**
 * Reference data every environment starts with: the 4 county-level areas and their townships. Only
 * missing items are created, so a restart never overwrites what the admin has entered since
 * (POST /api/v1/areas/{county}/townships/{township}).
 */
export async function seedReference(): Promise<void> {
  for (const c of COUNTIES) {
    try {
      await db().send(new PutCommand({ TableName: tableName(), Item: { ...keys.area(c.code), ...c, schemaVersion: SCHEMA_VERSION }, ConditionExpression: 'attribute_not_exists(pk)' }));
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
    }
  }
}
