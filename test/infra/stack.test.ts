import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { BID_ALARMS } from '../../infra/alarms.ts';
import { deployedFunctionNames } from '../../infra/api.ts';
import { BUNDLE_ASSETS } from '../../infra/function-bundle.ts';
import { CONTENT_SECURITY_POLICY, HSTS_MAX_AGE_SECONDS, rewriteDirectoryIndex } from '../../shared/definitions/edge.ts';
import { DOCUMENT_UPLOAD_CORS } from '../../shared/definitions/uploads.ts';
import { QUEUES } from '../../shared/definitions/queues.ts';
import { PUBLIC, ROLES } from '../../shared/definitions/roles.ts';
import { deployedRoutes, routeKey } from '../../shared/definitions/routes.ts';
import { SCHEDULE_TIME_ZONE, SCHEDULES, toEventBridgeCron } from '../../shared/definitions/schedules.ts';
import { TABLE } from '../../shared/definitions/table.ts';
import { fromMainStack, GLOBAL, resources, synth, type Synth } from './synth.ts';

const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST_HEADER = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

// The one synth of this file bundles the real functions with esbuild (that is part of what is proven).
let s: Synth;
beforeAll(() => {
  s = synth({ context: GLOBAL, bundle: true });
});

/** Logical id of our function `bozhou-dev-<name>`. */
const fnLogicalId = (name: string): string => {
  const hit = resources(s.templateJson, 'AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `bozhou-dev-${name}`);
  if (!hit) throw new Error(`no function ${name}`);
  return hit[0];
};

describe('table (shared/definitions/table.ts)', () => {
  it('is on demand, PITR, KMS (customer key), TTL, stream, every GSI with projection ALL', () => {
    const tables = resources(s.templateJson, 'AWS::DynamoDB::Table');
    expect(tables).toHaveLength(1);
    const [, table] = tables[0]!;
    const p = table.Properties;
    expect(p.BillingMode).toBe('PAY_PER_REQUEST');
    expect(p.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(p.SSESpecification).toMatchObject({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: expect.anything() });
    expect(p.TimeToLiveSpecification).toEqual({ AttributeName: TABLE.ttlAttribute, Enabled: true });
    expect(p.StreamSpecification).toEqual({ StreamViewType: TABLE.stream });
    expect(p.KeySchema).toEqual([
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' },
    ]);
    const gsis = p.GlobalSecondaryIndexes as any[];
    expect(gsis.map((g) => g.IndexName).sort()).toEqual(TABLE.indexes.map((i) => i.name).sort());
    for (const g of gsis) expect(g.Projection).toEqual({ ProjectionType: 'ALL' });
    // dev is disposable: no deletion protection, DESTROY (the prod stage is checked in stages.test.ts)
    expect(p.DeletionProtectionEnabled).toBe(false);
  });

  it('has rotated symmetric keys and an HMAC_256 key for keyed hashes', () => {
    const keys = resources(s.templateJson, 'AWS::KMS::Key').map(([, r]) => r.Properties);
    expect(keys.some((k) => k.KeySpec === 'HMAC_256' && k.KeyUsage === 'GENERATE_VERIFY_MAC')).toBe(true);
    for (const k of keys.filter((k) => !k.KeySpec || k.KeySpec === 'SYMMETRIC_DEFAULT')) expect(k.EnableKeyRotation).toBe(true);
  });
});

describe('functions (shared/definitions/functions.ts)', () => {
  it('one Lambda per deployed function, nodejs24.x on arm64, none of the local-only ones', () => {
    const ours = resources(s.templateJson, 'AWS::Lambda::Function').filter(([, r]) => String(r.Properties.FunctionName ?? '').startsWith('bozhou-'));
    const names = ours.map(([, r]) => String(r.Properties.FunctionName).replace('bozhou-dev-', '')).sort();
    expect(names).toEqual([...deployedFunctionNames()].sort());
    expect(names).not.toContain('dev');
    for (const [, r] of ours) {
      expect(r.Properties.Runtime).toBe('nodejs24.x');
      expect(r.Properties.Architectures).toEqual(['arm64']);
      expect(r.Properties.Handler).toBe('index.handler');
      expect(r.Properties.LoggingConfig).toMatchObject({ LogGroup: expect.anything() });
      expect(Object.keys(r.Properties.Environment.Variables)).toEqual(
        expect.arrayContaining(['TABLE_NAME', 'STAGE', 'POWERTOOLS_SERVICE_NAME', 'PII_KMS_KEY_ID', 'PII_HMAC_KEY_ID', 'ALLOWED_ORIGINS']),
      );
    }
  });

  it('bundles each function with esbuild: minified ESM, AWS SDK inside, no source map', () => {
    const bundles: string[] = [];
    for (const name of deployedFunctionNames()) {
      const fn = s.templateJson.Resources[fnLogicalId(name)];
      const key = String(fn.Properties.Code.S3Key);
      const file = join(s.outdir, `asset.${key.replace(/\.zip$/, '')}`, 'index.mjs');
      expect(existsSync(file), `${name}: ${file}`).toBe(true);
      expect(statSync(file).size, name).toBeGreaterThan(0);
      const code = readFileSync(file, 'utf8');
      bundles.push(code);
      // (booleans, so that a failure does not print a megabyte of bundle)
      expect(code.includes('createRequire'), `${name}: the ESM require banner`).toBe(true);
      expect(/(?:\bfrom|\bimport\()\s*["']@aws-sdk\//.test(code), `${name}: imports @aws-sdk at run time`).toBe(false);
      expect(existsSync(`${file}.map`), `${name}: source map`).toBe(false);
      const lines = code.split('\n').length;
      expect(code.length < 1000 || code.length / lines > 1000, `${name}: minified (${lines} lines)`).toBe(true);
      // Self-contained: the bundle alone, copied away from the repo and its node_modules, imports and exports
      // a handler (an external @aws-sdk, or a repo file read at import time and not shipped, would fail here).
      for (const asset of BUNDLE_ASSETS) expect(existsSync(join(dirname(file), basename(asset))), `${name}: ${asset} beside the bundle`).toBe(true);
      const alone = mkdtempSync(join(tmpdir(), `bozhou-bundle-${name}-`));
      cpSync(dirname(file), alone, { recursive: true });
      const run = spawnSync(
        process.execPath,
        [
          '--input-type=module',
          '-e',
          "try { const m = await import('./index.mjs'); if (typeof m.handler !== 'function') throw new Error('no handler export'); } catch (e) { console.error(String(e?.message ?? e)); process.exit(2); }",
        ],
        { cwd: alone, env: { PATH: process.env.PATH, AWS_REGION: 'cn-north-1', TABLE_NAME: 'table', STAGE: 'test' }, encoding: 'utf8' },
      );
      rmSync(alone, { recursive: true, force: true });
      expect(run.status, `${name} bundle does not import on its own: ${run.stderr.trim().slice(0, 400)}`).toBe(0);
    }
    // at least one handler talks to AWS, and the SDK (smithy) is inside its bundle
    expect(
      bundles.some((c) => c.includes('@smithy/')),
      'an AWS SDK client is bundled',
    ).toBe(true);
  });

  it('each has its own log group with a retention', () => {
    const groups = resources(s.templateJson, 'AWS::Logs::LogGroup').map(([, r]) => r.Properties);
    for (const name of deployedFunctionNames()) {
      const g = groups.find((p) => p.LogGroupName === `/aws/lambda/bozhou-dev-${name}`);
      expect(g, name).toBeDefined();
      expect(g.RetentionInDays).toBe(365);
    }
  });
});

describe('HTTP API (shared/definitions/routes.ts)', () => {
  it('has exactly the deployed routes, none under /dev/', () => {
    const keys = resources(s.routesTemplateJson, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string);
    expect(new Set(keys)).toEqual(new Set(deployedRoutes().map(routeKey)));
    expect(keys).toHaveLength(deployedRoutes().length);
    for (const k of keys) expect(k).not.toContain('/dev/');
  });

  it('puts the JWT authorizer on every non-public route and on no public one', () => {
    const routes = new Map(resources(s.routesTemplateJson, 'AWS::ApiGatewayV2::Route').map(([, r]) => [r.Properties.RouteKey, r.Properties]));
    const [authorizerId, authorizer] = resources(s.templateJson, 'AWS::ApiGatewayV2::Authorizer')[0]!;
    expect(authorizer.Properties.AuthorizerType).toBe('JWT');
    for (const route of deployedRoutes()) {
      const p = routes.get(routeKey(route))!;
      if (route.access === PUBLIC) {
        expect(p.AuthorizationType, routeKey(route)).toBe('NONE');
        expect(p.AuthorizerId).toBeUndefined();
      } else {
        expect(p.AuthorizationType, routeKey(route)).toBe('JWT');
        expect(fromMainStack(s, p.AuthorizerId)).toEqual({ Ref: authorizerId });
      }
    }
  });

  it('lets API Gateway invoke each function through ONE permission scoped to this API, so routes do not count against the 500-resource limit', () => {
    const permissions = resources(s.templateJson, 'AWS::Lambda::Permission').filter(([, r]) => r.Properties.Principal === 'apigateway.amazonaws.com');
    const routed = new Set(deployedRoutes().map((r) => r.fn));
    expect(permissions.length).toBe(routed.size);
    for (const [, r] of permissions) expect(JSON.stringify(r.Properties.SourceArn)).toContain('execute-api');
    // CloudFormation's limit is 500 resources a stack: the main stack keeps room to grow, and the routes'
    // nested stack (one resource a route) has room for about 480 routes.
    expect(Object.keys(s.templateJson.Resources).length).toBeLessThan(400);
    expect(Object.keys(s.routesTemplateJson.Resources).length).toBeLessThan(450);
  });

  it('routes each to its own function', () => {
    const integrations = new Map(resources(s.routesTemplateJson, 'AWS::ApiGatewayV2::Integration').map(([id, r]) => [id, r.Properties]));
    for (const [, r] of resources(s.routesTemplateJson, 'AWS::ApiGatewayV2::Route')) {
      const route = deployedRoutes().find((d) => routeKey(d) === r.Properties.RouteKey)!;
      const integrationId = (r.Properties.Target['Fn::Join'][1] as any[]).find((x) => x.Ref)?.Ref;
      const uri = fromMainStack(s, integrations.get(integrationId)!.IntegrationUri);
      expect(uri, routeKey(route)).toEqual({ 'Fn::GetAtt': [fnLogicalId(route.fn), 'Arn'] });
    }
  });

  it('uses a Cognito user pool by default, with a group per role and a public PKCE client with short tokens', () => {
    const groups = resources(s.templateJson, 'AWS::Cognito::UserPoolGroup').map(([, r]) => r.Properties.GroupName);
    expect(new Set(groups)).toEqual(new Set(ROLES));
    const [, client] = resources(s.templateJson, 'AWS::Cognito::UserPoolClient')[0]!;
    expect(client.Properties.GenerateSecret).toBe(false);
    expect(client.Properties.AllowedOAuthFlows).toEqual(['code']);
    expect(client.Properties.AccessTokenValidity).toBe(15);
    expect(client.Properties.TokenValidityUnits).toMatchObject({ AccessToken: 'minutes' });
  });

  it('logs access and throttles on the stage', () => {
    s.template.hasResourceProperties('AWS::ApiGatewayV2::Stage', {
      StageName: '$default',
      AutoDeploy: true,
      AccessLogSettings: { DestinationArn: Match.anyValue(), Format: Match.stringLikeRegexp('requestId') },
      DefaultRouteSettings: { ThrottlingBurstLimit: Match.anyValue(), ThrottlingRateLimit: Match.anyValue() },
    });
  });
});

describe('queues (shared/definitions/queues.ts)', () => {
  it('each has a DLQ and an event source mapping with ReportBatchItemFailures', () => {
    const queues = resources(s.templateJson, 'AWS::SQS::Queue');
    const mappings = resources(s.templateJson, 'AWS::Lambda::EventSourceMapping').map(([, r]) => r.Properties);
    for (const [name, def] of Object.entries(QUEUES)) {
      const [queueId, queue] = queues.find(([, r]) => r.Properties.QueueName === `bozhou-dev-${name}`)!;
      const [dlqId] = queues.find(([, r]) => r.Properties.QueueName === `bozhou-dev-${name}-dlq`)!;
      expect(queue.Properties.RedrivePolicy).toEqual({ deadLetterTargetArn: { 'Fn::GetAtt': [dlqId, 'Arn'] }, maxReceiveCount: def.maxReceiveCount });
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
      expect(queue.Properties.VisibilityTimeout).toBe(def.visibilityTimeoutSeconds);
      const mapping = mappings.find((m) => JSON.stringify(m.EventSourceArn) === JSON.stringify({ 'Fn::GetAtt': [queueId, 'Arn'] }));
      expect(mapping, name).toBeDefined();
      expect(mapping.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
      expect(mapping.BatchSize).toBe(def.batchSize);
      expect(mapping.FunctionName).toEqual({ Ref: fnLogicalId(def.consumer) });
    }
  });
});

describe('schedules (shared/definitions/schedules.ts)', () => {
  it('each has the EventBridge cron, Asia/Shanghai, its function as target, retries and a DLQ', () => {
    const schedules = resources(s.templateJson, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    expect(schedules).toHaveLength(Object.keys(SCHEDULES).length);
    const [, group] = resources(s.templateJson, 'AWS::Scheduler::ScheduleGroup')[0]!;
    expect(group.Properties.Name).toBe('bozhou-dev');
    for (const [name, def] of Object.entries(SCHEDULES)) {
      const p = schedules.find((x) => x.Name === name)!;
      expect(p, name).toBeDefined();
      expect(p.ScheduleExpression).toBe(toEventBridgeCron(def.spec));
      expect(p.ScheduleExpressionTimezone).toBe(SCHEDULE_TIME_ZONE);
      expect(SCHEDULE_TIME_ZONE).toBe('Asia/Shanghai');
      expect(p.GroupName).toBe(group.Properties.Name);
      expect(p.Target.Arn).toEqual({ 'Fn::GetAtt': [fnLogicalId(def.fn), 'Arn'] });
      expect(JSON.parse(p.Target.Input)).toEqual({ job: def.job });
      expect(p.Target.RetryPolicy).toMatchObject({ MaximumRetryAttempts: 3 });
      expect(p.Target.DeadLetterConfig.Arn).toEqual({ 'Fn::GetAtt': [expect.any(String), 'Arn'] });
    }
  });
});

describe('edge', () => {
  const distribution = () => resources(s.templateJson, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;

  it('sends /api/* to the HTTP API uncached with all viewer headers but Host, all methods', () => {
    const api = (distribution().CacheBehaviors as any[]).find((b) => b.PathPattern === '/api/*');
    expect(api).toBeDefined();
    expect(api.CachePolicyId).toBe(CACHING_DISABLED);
    expect(api.OriginRequestPolicyId).toBe(ALL_VIEWER_EXCEPT_HOST_HEADER);
    expect([...api.AllowedMethods].sort()).toEqual(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT']);
    const origin = (distribution().Origins as any[]).find((o) => o.Id === api.TargetOriginId);
    expect(JSON.stringify(origin.DomainName)).toContain('execute-api');
  });

  it('serves the portal bucket through OAC with the index-rewrite function on viewer request', () => {
    const d = distribution();
    const origin = (d.Origins as any[]).find((o) => o.Id === d.DefaultCacheBehavior.TargetOriginId);
    expect(origin.S3OriginConfig).toBeDefined();
    expect(origin.OriginAccessControlId).toBeDefined();
    expect(d.DefaultCacheBehavior.FunctionAssociations).toEqual([{ EventType: 'viewer-request', FunctionARN: expect.anything() }]);
    expect(d.Logging).toMatchObject({ Bucket: expect.anything() });
  });

  it('the CloudFront function rewrites directory indexes exactly as shared/definitions/edge.ts says', () => {
    const [, fn] = resources(s.templateJson, 'AWS::CloudFront::Function')[0]!;
    expect(fn.Properties.FunctionConfig.Runtime).toBe('cloudfront-js-2.0');
    const code = String(fn.Properties.FunctionCode);
    const handler = runInNewContext(`${code}; handler`) as (e: unknown) => { uri: string };
    for (const uri of ['/', '/foo/', '/foo', '/foo/bar', '/policy/3/', '/a.css', '/_astro/x.js', '/v1.2/x', '/dir.d/file']) {
      expect(handler({ request: { uri } }).uri, uri).toBe(rewriteDirectoryIndex(uri));
    }
  });

  it('adds HSTS (1 year, subdomains, preload), the CSP without inline scripts, nosniff, referrer and frame options', () => {
    const [, policy] = resources(s.templateJson, 'AWS::CloudFront::ResponseHeadersPolicy')[0]!;
    const h = policy.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    expect(h.StrictTransportSecurity).toMatchObject({ AccessControlMaxAgeSec: HSTS_MAX_AGE_SECONDS, IncludeSubdomains: true, Preload: true });
    expect(HSTS_MAX_AGE_SECONDS).toBe(365 * 24 * 3600);
    // The issuer, and the region's S3 hosts for presigned uploads (the URL suffix is a token: an Fn::Join).
    const value = h.ContentSecurityPolicy.ContentSecurityPolicy;
    const csp = typeof value === 'string' ? value : (value['Fn::Join'][1] as unknown[]).map((p) => (typeof p === 'string' ? p : '<suffix>')).join('');
    expect(csp).toMatch(/connect-src 'self' https:\/\/\S+\.amazoncognito\.com https:\/\/\*\.s3\.[a-z0-9-]+\.(<suffix>|amazonaws\.com);/);
    expect(csp.replace(/ https:\/\/\S+\.amazoncognito\.com https:\/\/\S+(?=;)/, '')).toBe(CONTENT_SECURITY_POLICY);
    expect(CONTENT_SECURITY_POLICY).toContain("script-src 'self'");
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(h.ContentTypeOptions).toEqual({ Override: true });
    expect(h.FrameOptions).toMatchObject({ FrameOption: 'DENY' });
    expect(h.ReferrerPolicy).toMatchObject({ ReferrerPolicy: 'strict-origin-when-cross-origin' });
  });

  it('lets the portal PUT to the documents bucket (CORS from shared/definitions/uploads.ts), and no other bucket', () => {
    const withCors = resources(s.templateJson, 'AWS::S3::Bucket').filter(([, b]) => b.Properties?.CorsConfiguration);
    expect(withCors).toHaveLength(1);
    const [id, bucket] = withCors[0]!;
    expect(id).toMatch(/Documents/);
    const [rule] = bucket.Properties.CorsConfiguration.CorsRules;
    expect(rule).toMatchObject({ AllowedMethods: [...DOCUMENT_UPLOAD_CORS.allowedMethods], AllowedHeaders: [...DOCUMENT_UPLOAD_CORS.allowedHeaders], MaxAge: DOCUMENT_UPLOAD_CORS.maxAgeSeconds });
    expect(rule.AllowedOrigins).toHaveLength(1);
    expect(JSON.stringify(rule.AllowedOrigins)).not.toContain('*');
  });

  it('has a CLOUDFRONT-scope WebACL in its us-east-1 stack with a rate-based rule and the AWS common rules', () => {
    expect(s.waf?.region).toBe('us-east-1');
    const [, acl] = resources(s.wafTemplateJson!, 'AWS::WAFv2::WebACL')[0]!;
    expect(acl.Properties.Scope).toBe('CLOUDFRONT');
    const rules = acl.Properties.Rules as any[];
    expect(rules.some((r) => r.Statement.RateBasedStatement?.AggregateKeyType === 'IP' && r.Action.Block)).toBe(true);
    expect(rules.some((r) => r.Statement.ManagedRuleGroupStatement?.Name === 'AWSManagedRulesCommonRuleSet')).toBe(true);
  });

  it('attaches the WebACL from the context webAclArn', () => {
    const withAcl = synth({ context: { ...GLOBAL, webAclArn: 'web-acl-arn-from-the-waf-stack' } });
    const d = resources(withAcl.templateJson, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
    expect(d.WebACLId).toBe('web-acl-arn-from-the-waf-stack');
    expect(distribution().WebACLId).toBeUndefined();
  });
});

describe('buckets', () => {
  it('are private, TLS-only and encrypted; documents and payment files with KMS; audit anchors with Object Lock', () => {
    const buckets = resources(s.templateJson, 'AWS::S3::Bucket').map(([, r]) => r.Properties);
    expect(buckets.length).toBeGreaterThanOrEqual(5);
    for (const b of buckets) {
      expect(b.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
      expect(b.BucketEncryption).toBeDefined();
    }
    expect(buckets.filter((b) => b.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm === 'aws:kms')).toHaveLength(2);
    const locked = buckets.filter((b) => b.ObjectLockEnabled);
    expect(locked).toHaveLength(1);
    expect(locked[0].ObjectLockConfiguration.Rule.DefaultRetention.Mode).toMatch(/GOVERNANCE|COMPLIANCE/);
    expect(locked[0].VersioningConfiguration).toEqual({ Status: 'Enabled' });
    const policies = resources(s.templateJson, 'AWS::S3::BucketPolicy').map(([, r]) => JSON.stringify(r.Properties.PolicyDocument));
    expect(policies.length).toBe(buckets.length);
    for (const p of policies) expect(p).toContain('aws:SecureTransport');
  });
});

describe('alarms and outputs', () => {
  it('names an alarm per function (errors, throttles), per queue DLQ and per schedule DLQ, all to the encrypted topic', () => {
    const names = resources(s.templateJson, 'AWS::CloudWatch::Alarm')
      .map(([, r]) => r.Properties.AlarmName)
      .sort();
    const expected = [
      ...deployedFunctionNames().flatMap((f) => [`dev-${f}-errors`, `dev-${f}-throttles`]),
      ...Object.keys(QUEUES).map((q) => `dev-${q}-dlq-depth`),
      ...Object.keys(SCHEDULES).map((n) => `dev-${n}-dlq-depth`),
      ...Object.values(BID_ALARMS).map((n) => `dev-${n}`),
    ].sort();
    expect(names).toEqual(expected);
    const [topicId, topic] = resources(s.templateJson, 'AWS::SNS::Topic')[0]!;
    expect(topic.Properties.KmsMasterKeyId).toBeDefined();
    for (const [, a] of resources(s.templateJson, 'AWS::CloudWatch::Alarm')) expect(a.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
  });

  it('outputs the API URL, the distribution domain and the table name', () => {
    expect(Object.keys(s.templateJson.Outputs)).toEqual(expect.arrayContaining(['ApiUrl', 'DistributionDomain', 'TableName']));
  });
});

describe('partition', () => {
  it('no literal arn:aws: anywhere in either template', () => {
    expect(JSON.stringify(s.templateJson)).not.toContain('arn:aws:');
    expect(JSON.stringify(s.wafTemplateJson)).not.toContain('arn:aws:');
  });
});
