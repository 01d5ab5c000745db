import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Context } from 'aws-lambda';
import { FUNCTIONS, type FunctionName } from '../../shared/definitions/functions.ts';

/**
 * Loads `functions/<name>/index.ts` in-process: the same module CDK bundles for Lambda. With
 * `LOCAL_FUNCTION_BUNDLES=<dir>` it loads `<dir>/<name>/index.mjs` instead — the bundle itself, as
 * deployed (the bench runs city-scale jobs that way, in a process of their own).
 */
type AnyHandler = (event: unknown, context: Context) => Promise<unknown>;
const loaded = new Map<FunctionName, Promise<AnyHandler>>();

export function loadFunction(name: FunctionName): Promise<AnyHandler> {
  if (!(name in FUNCTIONS)) throw new Error(`unknown function ${name}`);
  let hit = loaded.get(name);
  if (!hit) {
    const bundles = process.env.LOCAL_FUNCTION_BUNDLES;
    const module = bundles ? pathToFileURL(join(bundles, name, 'index.mjs')).href : `../../functions/${name}/index.ts`;
    hit = import(module).then((m: { handler: AnyHandler }) => m.handler);
    loaded.set(name, hit);
  }
  return hit;
}

let invocation = 0;
export function lambdaContext(name: FunctionName): Context {
  const def = FUNCTIONS[name];
  const started = Date.now();
  const requestId = `local-${process.pid}-${++invocation}`;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName: `local-${name}`,
    functionVersion: '$LATEST',
    invokedFunctionArn: `local:function:${name}`,
    memoryLimitInMB: String(def.memoryMb),
    awsRequestId: requestId,
    logGroupName: `/local/${name}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => def.timeoutSeconds * 1000 - (Date.now() - started),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export async function invoke(name: FunctionName, event: unknown): Promise<unknown> {
  const handler = await loadFunction(name);
  return handler(event, lambdaContext(name));
}
