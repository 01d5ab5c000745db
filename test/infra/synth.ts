import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Template } from 'aws-cdk-lib/assertions';
import { afterAll } from 'vitest';
import { buildApp, type BuiltApp } from '../../infra/build.ts';

/**
 * Synthesizes the CDK app the way `cdk synth` does (infra/build.ts), into a temporary folder, once per
 * context per test file (vitest runs each file in its own worker, so this cache is per file).
 * `bundle: false` skips esbuild (context `aws:cdk:bundling-stacks: []`) for tests that only read templates.
 */
export interface Synth extends BuiltApp {
  outdir: string;
  /** The main stack's template. */
  template: Template;
  templateJson: Record<string, any>;
  /** The routes' nested stack (infra/api.ts `addRoutes`): the routes and their integrations. */
  routesTemplateJson: Record<string, any>;
  waf?: BuiltApp['waf'];
  wafTemplate?: Template;
  wafTemplateJson?: Record<string, any>;
}

export interface SynthOptions {
  context?: Record<string, unknown>;
  bundle?: boolean;
  portalDist?: string;
}

const cache = new Map<string, Synth>();
// Cloud assemblies hold bundles and the BucketDeployment layer (tens of MB): remove them after the file.
afterAll(() => {
  for (const { outdir } of cache.values()) rmSync(outdir, { recursive: true, force: true });
  cache.clear();
});

export function synth({ context = {}, bundle = false, portalDist }: SynthOptions = {}): Synth {
  const key = JSON.stringify({ context, bundle, portalDist });
  const hit = cache.get(key);
  if (hit) return hit;
  const outdir = mkdtempSync(join(tmpdir(), 'bozhou-cdk-'));
  const built = buildApp({
    outdir,
    context: { stage: 'dev', ...context, ...(bundle ? {} : { 'aws:cdk:bundling-stacks': [] }) },
    ...(portalDist ? { portalDist } : {}),
  });
  const assembly = built.app.synth();
  const templateJson = assembly.getStackByName(built.stack.stackName).template as Record<string, any>;
  const routesStack = built.stack.api.routes;
  if (!routesStack) throw new Error('the stack has no routes nested stack');
  const routesTemplateJson = JSON.parse(readFileSync(join(outdir, routesStack.templateFile), 'utf8')) as Record<string, any>;
  const wafTemplateJson = built.waf ? (assembly.getStackByName(built.waf.stackName).template as Record<string, any>) : undefined;
  const result: Synth = {
    ...built,
    outdir,
    template: Template.fromJSON(templateJson),
    templateJson,
    routesTemplateJson,
    ...(wafTemplateJson ? { wafTemplate: Template.fromJSON(wafTemplateJson), wafTemplateJson } : {}),
  };
  cache.set(key, result);
  return result;
}

/** Resources of one type as [logicalId, resource] pairs. */
export function resources(templateJson: Record<string, any>, type: string): [string, any][] {
  return Object.entries(templateJson.Resources as Record<string, any>).filter(([, r]) => r.Type === type);
}

/** A global-partition region where Cognito is offered: the default shape of the app. */
export const GLOBAL = { region: 'ap-northeast-1' };
/** A China region with the province's OIDC platform as issuer. */
export const CHINA = { region: 'cn-north-1', oidcIssuer: 'https://oidc.example.gov.cn/wst', oidcAudience: 'bozhou-portal' };

/**
 * A value of the routes' nested template as the main stack passes it in: `{ Ref: <parameter> }` becomes what the
 * main stack's AWS::CloudFormation::Stack resource gives that parameter (e.g. a function's `Fn::GetAtt` Arn).
 */
export function fromMainStack(s: Synth, value: unknown): unknown {
  const ref = (value as { Ref?: string } | null)?.Ref;
  if (!ref || !(ref in (s.routesTemplateJson.Parameters ?? {}))) return value;
  const [, nested] = resources(s.templateJson, 'AWS::CloudFormation::Stack')[0]!;
  return nested.Properties.Parameters[ref];
}
