import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { db, tableName } from '../../shared/store/client.ts';
import { keys } from '../../shared/store/keys.ts';
import { COUNTIES } from '../../shared/reference/areas.ts';
import { SCHEMA_VERSION } from '../../shared/definitions/table.ts';

/** Reference data every environment starts with: the 4 county-level areas and their townships. */
export async function seedReference(): Promise<void> {
  const items = COUNTIES.map((c) => ({ ...keys.area(c.code), ...c, schemaVersion: SCHEMA_VERSION }));
  for (let i = 0; i < items.length; i += 25) {
    await db().send(new BatchWriteCommand({ RequestItems: { [tableName()]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
  }
}
