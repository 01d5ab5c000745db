import type { TestProject } from 'vitest/node';
import { startDynamo } from '../../infra/local/dynamodb.ts';

/** One DynamoDB Local for the whole run, on a free port, in memory. Each test file uses its own table. */
export default async function setup(project: TestProject) {
  const dynamo = await startDynamo();
  project.provide('dynamoEndpoint', dynamo.endpoint);
  return async () => {
    await dynamo.stop();
  };
}

declare module 'vitest' {
  export interface ProvidedContext {
    dynamoEndpoint: string;
  }
}
