import { startDynamo } from '../../infra/local/dynamodb.ts';

/** A platform-like parent for the local-runtime test: starts DynamoDB Local, reports its pid and port, then crashes or waits to be killed. */
const dynamo = await startDynamo(process.env.CHILD_DATA_DIR ? { dataDir: process.env.CHILD_DATA_DIR } : {});
console.log(JSON.stringify({ pid: dynamo.process.pid, endpoint: dynamo.endpoint }));
if (process.argv[2] === 'crash')
  setTimeout(() => {
    throw new Error('a crash of the platform');
  }, 100);
else setInterval(() => undefined, 1000);
