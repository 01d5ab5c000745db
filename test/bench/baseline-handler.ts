import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';

/** The floor of docs/architecture.md § Performance budgets: a bare handler that imports the document client and writes one item. */
const db = DynamoDBDocumentClient.from(new DynamoDBClient({}));
export const handler = async () => db.send(new PutCommand({ TableName: process.env.TABLE_NAME, Item: { pk: 'bench', sk: 'bench' } }));
