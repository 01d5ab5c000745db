import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, NestedStack, Stack, Validations } from 'aws-cdk-lib';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat, type BundlingOptions } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { FUNCTIONS, functionEntry, nodeOptions, type FunctionName } from '../shared/definitions/functions.ts';
import { PUBLIC } from '../shared/definitions/roles.ts';
import { deployedRoutes, routeKey } from '../shared/definitions/routes.ts';
import { TABLE } from '../shared/definitions/table.ts';
import { dataRemoval, LOG_RETENTION, type InfraConfig } from './config.ts';
import { BUNDLE_ASSETS, FUNCTION_BUNDLE } from './function-bundle.ts';
import type { Data } from './data.ts';

/**
 * How cdk-nag prints a resource that contains a token: `<LogicalId.Arn>/*`. Used to acknowledge exactly the
 * finding for that resource and nothing broader.
 */
export function nagRef(stack: Stack, value: string): string {
  const resolved: unknown = stack.resolve(value);
  const render = (v: unknown): string => {
    if (typeof v === 'string') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if ('Fn::Join' in o) {
        const [sep, parts] = o['Fn::Join'] as [string, unknown[]];
        return parts.map(render).join(sep);
      }
      if ('Fn::GetAtt' in o) return `<${(o['Fn::GetAtt'] as string[]).join('.')}>`;
      if ('Ref' in o) return `<${o.Ref as string}>`;
    }
    return JSON.stringify(v);
  };
  return render(resolved);
}

/** The repository root: entries in shared/definitions are relative to it. */
export const REPO_ROOT = path.resolve(import.meta.dirname, '..');

/** Deployed functions: every entry of FUNCTIONS except the local-only ones. */
export const deployedFunctionNames = (): FunctionName[] => (Object.keys(FUNCTIONS) as FunctionName[]).filter((n) => !(FUNCTIONS[n] as { localOnly?: boolean }).localOnly);

type BucketName = 'documents' | 'payment-files' | 'audit-anchors';
/** Environment variable of a bucket, as in the local runtime (infra/local/s3.ts): `BUCKET_DOCUMENTS` … */
export const bucketEnv = (name: BucketName): string => `BUCKET_${name.toUpperCase().replace(/-/g, '_')}`;

/**
 * Which function may touch which bucket, and how (least privilege; the table and PII keys are for every
 * function). `rw` = get + put objects (presigned URLs are signed with the function's role); `put` = put only
 * (audit anchors are write-once under Object Lock). A function gets the `BUCKET_*` variable only with the grant.
 */
const BUCKET_ACCESS: Partial<Record<FunctionName, Partial<Record<BucketName, 'rw' | 'put'>>>> = {
  application: { documents: 'rw' },
  audit: { 'audit-anchors': 'rw' },
  management: { 'audit-anchors': 'rw' },
  // 政策找人: large feeds uploaded with presigned PUTs, read by the queue, deleted once stored (shared/monitoring/uploads.ts).
  monitoring: { documents: 'rw' },
  payments: { 'payment-files': 'rw' },
  // 采购文件: presigned uploads, read back to hash them, presigned downloads (shared/procurement/documents.ts).
  procurement: { documents: 'rw' },
};

/**
 * NodejsFunction bundling from the one definition the bench also uses (infra/function-bundle.ts), plus the
 * `.txt` text loader, and the files a function reads beside its bundle (BUNDLE_ASSETS) copied next to it.
 * esbuild runs locally (no Docker).
 */
export function bundlingOptions(): BundlingOptions {
  const b = FUNCTION_BUNDLE;
  const banner = typeof b.banner?.js === 'string' ? b.banner.js : undefined;
  return {
    format: b.format === 'esm' ? OutputFormat.ESM : OutputFormat.CJS,
    ...(typeof b.target === 'string' ? { target: b.target } : {}),
    platform: b.platform,
    minify: b.minify === true,
    sourceMap: Boolean(b.sourcemap),
    ...(b.mainFields ? { mainFields: b.mainFields } : {}),
    ...(banner ? { banner } : {}),
    ...(b.legalComments ? { esbuildArgs: { '--legal-comments': b.legalComments } } : {}),
    bundleAwsSDK: true,
    externalModules: [],
    loader: { '.txt': 'text' },
    tsconfig: path.join(REPO_ROOT, 'tsconfig.json'),
    commandHooks: {
      beforeBundling: () => [],
      beforeInstall: () => [],
      afterBundling: (_inputDir: string, outputDir: string) => BUNDLE_ASSETS.map((file) => `cp "${path.join(REPO_ROOT, file)}" "${path.join(outputDir, path.basename(file))}"`),
    },
  };
}

/** The function that seals bids, and the only one that may open them (shared/definitions/functions.ts). */
export const BID_SEALER: FunctionName = 'procurement';
export const BID_OPENER: FunctionName = 'opening';

/** Stage throttling defaults; per-route limits and WAF rate rules sit in front of these. */
const THROTTLE = { rateLimit: 200, burstLimit: 400 };

/**
 * One NodejsFunction per deployed workflow step, and the HTTP API that routes to them.
 * Bundles are minified ESM with the AWS SDK inside (docs/architecture.md § Performance budgets), built locally by esbuild (no Docker).
 */
export class Api extends Construct {
  readonly functions: Record<string, NodejsFunction> = {};
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly accessLogs: logs.LogGroup;
  /** The routes and their integrations, in a nested stack of their own (see `addRoutes`). */
  routes?: NestedStack;

  constructor(scope: Construct, id: string, cfg: InfraConfig, data: Data) {
    super(scope, id);
    const removalPolicy = dataRemoval(cfg);

    for (const name of deployedFunctionNames()) {
      const def = FUNCTIONS[name];
      const entry = path.join(REPO_ROOT, functionEntry(name));
      if (!fs.existsSync(entry)) {
        throw new Error(`function "${name}" is declared in shared/definitions/functions.ts, but ${functionEntry(name)} does not exist`);
      }
      const logGroup = new logs.LogGroup(this, `${name}-logs`, {
        logGroupName: `/aws/lambda/bozhou-${cfg.stage}-${name}`,
        retention: LOG_RETENTION,
        removalPolicy,
      });
      // An explicit role instead of the AWSLambdaBasicExecutionRole managed policy: it may write only to
      // its own log group.
      const role = new iam.Role(this, `${name}-role`, {
        assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
        description: `bozhou ${cfg.stage} ${name}`,
      });
      logGroup.grantWrite(role);
      const fn = new NodejsFunction(this, name, {
        functionName: `bozhou-${cfg.stage}-${name}`,
        description: def.description,
        entry,
        handler: 'handler',
        projectRoot: REPO_ROOT,
        depsLockFilePath: path.join(REPO_ROOT, 'package-lock.json'),
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: def.memoryMb,
        timeout: Duration.seconds(def.timeoutSeconds),
        role,
        logGroup,
        loggingFormat: lambda.LoggingFormat.JSON,
        environment: {
          STAGE: cfg.stage,
          TABLE_NAME: data.table.tableName,
          POWERTOOLS_SERVICE_NAME: `bozhou-${name}`,
          PII_KMS_KEY_ID: data.piiKey.keyArn,
          PII_HMAC_KEY_ID: data.piiHmacKey.keyArn,
          ...nodeOptions(def),
        },
        bundling: bundlingOptions(),
      });
      this.grantData(fn, data);
      this.grantBuckets(name, fn, data);
      this.functions[name] = fn;
    }
    this.grantBidKey(data);
    // The SMS gateway (shared/notices/port.ts): only the notices function sends, so only it is told where.
    if (cfg.smsEndpoint) this.functions.notices?.addEnvironment('SMS_ENDPOINT', cfg.smsEndpoint);
    this.functions.notices?.addEnvironment('SMS_SIGN_NAME', cfg.smsSignName);

    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      logGroupName: `/bozhou/${cfg.stage}/http-api-access`,
      retention: LOG_RETENTION,
      removalPolicy,
    });
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `bozhou-${cfg.stage}`,
      description: 'Bozhou social assistance API (routes from shared/definitions/routes.ts)',
      createDefaultStage: false,
    });
    this.stage = this.httpApi.addStage('DefaultStage', {
      stageName: '$default',
      autoDeploy: true,
      throttle: THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: AccessLogFormat.custom(
          JSON.stringify({
            requestId: '$context.requestId',
            time: '$context.requestTime',
            routeKey: '$context.routeKey',
            status: '$context.status',
            latencyMs: '$context.responseLatency',
            responseLength: '$context.responseLength',
            ip: '$context.identity.sourceIp',
            authorizerError: '$context.authorizer.error',
            integrationError: '$context.integrationErrorMessage',
          }),
        ),
      },
    });
  }

  /**
   * The table (items and its declared GSIs, nothing else) and the PII keys, with exactly the KMS operations
   * the code uses: no wildcards.
   */
  private grantData(fn: NodejsFunction, data: Data): void {
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:DescribeTable',
          'dynamodb:GetItem',
          'dynamodb:BatchGetItem',
          'dynamodb:Query',
          'dynamodb:Scan',
          'dynamodb:ConditionCheckItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:BatchWriteItem',
        ],
        resources: [data.table.tableArn, ...TABLE.indexes.map((i) => `${data.table.tableArn}/index/${i.name}`)],
      }),
    );
    data.dataKey.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey', 'kms:DescribeKey');
    data.piiKey.grant(fn, 'kms:Decrypt', 'kms:Encrypt', 'kms:GenerateDataKey');
    data.piiHmacKey.grant(fn, 'kms:GenerateMac', 'kms:VerifyMac');
  }

  /**
   * The sealed-bid key (measure 十八; threat model in shared/procurement/README.md): the procurement role may
   * only seal (GenerateDataKey/Encrypt), the opening role alone may Decrypt, both only with the encryption
   * context `purpose = sealed-bid`; an explicit Deny stops any other principal (an administrator's IAM
   * policy included) from Decrypt, ReEncrypt or CreateGrant. The key policy names the roles, so IAM
   * policies are not needed (nor enough) to use it. Alarms (infra/alarms.ts) catch any other attempt.
   */
  private grantBidKey(data: Data): void {
    const sealer = this.functions[BID_SEALER]?.role;
    const opener = this.functions[BID_OPENER]?.role;
    if (!sealer || !opener) throw new Error(`the bid key needs the functions "${BID_SEALER}" and "${BID_OPENER}"`);
    const context = { StringEquals: { 'kms:EncryptionContext:purpose': 'sealed-bid' } };
    data.bidKey.addToResourcePolicy(
      new iam.PolicyStatement({ sid: 'ProcurementSealsBids', principals: [sealer], actions: ['kms:GenerateDataKey', 'kms:Encrypt'], resources: ['*'], conditions: context }),
    );
    data.bidKey.addToResourcePolicy(new iam.PolicyStatement({ sid: 'OnlyOpeningDecrypts', principals: [opener], actions: ['kms:Decrypt'], resources: ['*'], conditions: context }));
    data.bidKey.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: 'NobodyElseDecrypts',
        effect: iam.Effect.DENY,
        principals: [new iam.AnyPrincipal()],
        actions: ['kms:Decrypt', 'kms:ReEncryptFrom', 'kms:ReEncryptTo'],
        resources: ['*'],
        conditions: { ArnNotEquals: { 'aws:PrincipalArn': opener.roleArn } },
      }),
    );
    data.bidKey.addToResourcePolicy(new iam.PolicyStatement({ sid: 'NoGrants', effect: iam.Effect.DENY, principals: [new iam.AnyPrincipal()], actions: ['kms:CreateGrant'], resources: ['*'] }));
    for (const name of [BID_SEALER, BID_OPENER]) this.functions[name]!.addEnvironment('BID_KMS_KEY_ID', data.bidKey.keyArn);
  }

  /** Object-level access only, with explicit actions; the key's operations come from grantData. */
  private grantBuckets(name: FunctionName, fn: NodejsFunction, data: Data): void {
    const buckets: Record<BucketName, s3.IBucket> = {
      documents: data.documentsBucket,
      'payment-files': data.paymentFilesBucket,
      'audit-anchors': data.auditBucket,
    };
    const objects: string[] = [];
    for (const [bucketName, mode] of Object.entries(BUCKET_ACCESS[name] ?? {}) as [BucketName, 'rw' | 'put'][]) {
      const bucket = buckets[bucketName];
      const resource = bucket.arnForObjects('*');
      const actions = mode === 'rw' ? ['s3:GetObject', 's3:PutObject'] : ['s3:PutObject'];
      fn.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
      fn.addEnvironment(bucketEnv(bucketName), bucket.bucketName);
      objects.push(resource);
    }
    const policy = fn.role?.node.tryFindChild('DefaultPolicy');
    for (const resource of objects) {
      Validations.of(policy ?? fn).acknowledge({
        id: `AwsSolutions-IAM5[Resource::${nagRef(Stack.of(this), resource)}]`,
        reason: 'Object keys are generated per application, payment file or anchor date, so the grant is on the ' + "bucket's objects (`/*`) with explicit get/put actions only; no list, no delete.",
      });
    }
  }

  /** The portal's origin, which form posts must come from (docs/architecture.md § Edge: "form posts check Origin"). */
  setAllowedOrigins(origins: string[]): void {
    for (const fn of Object.values(this.functions)) fn.addEnvironment('ALLOWED_ORIGINS', origins.join(','));
  }

  /**
   * Every deployed route, with the JWT authorizer on the ones that are not public. One integration and ONE
   * invoke permission per function (scoped to this API), not one per route: HttpLambdaIntegration adds a
   * permission per route. The routes (one CloudFormation resource each, 150+) and their integrations live in
   * a nested stack, so the main stack stays well under CloudFormation's 500-resource limit as routes are
   * added; the nested stack has room for about 480 routes.
   */
  addRoutes(authorizer: apigw.IHttpRouteAuthorizer): void {
    const routes = new NestedStack(this, 'Routes', { description: 'HTTP API routes from shared/definitions/routes.ts' });
    this.routes = routes;
    const integrations = new Map<FunctionName, LambdaProxyIntegration>();
    for (const route of deployedRoutes()) {
      const fn = this.functions[route.fn];
      if (!fn) throw new Error(`route ${routeKey(route)} names function "${route.fn}", which is not deployed`);
      let integration = integrations.get(route.fn);
      if (!integration) {
        integration = new LambdaProxyIntegration(`${route.fn}-integration`, fn);
        fn.addPermission('InvokeFromHttpApi', { principal: new iam.ServicePrincipal('apigateway.amazonaws.com'), sourceArn: this.httpApi.arnForExecuteApi() });
        integrations.set(route.fn, integration);
      }
      const isPublic = route.access === PUBLIC;
      const httpRoute = new apigw.HttpRoute(routes, `${route.method}${route.path}`, {
        httpApi: this.httpApi,
        routeKey: apigw.HttpRouteKey.with(route.path, route.method as apigw.HttpMethod),
        integration,
        authorizer: isPublic ? new apigw.HttpNoneAuthorizer() : authorizer,
      });
      if (isPublic) {
        Validations.of(httpRoute).acknowledge({
          id: 'AwsSolutions-APIG4',
          reason:
            `${routeKey(route)} is public by design (access: 'public' in shared/definitions/routes.ts): applicants ` +
            'have no account (docs/architecture.md § Identity and scope). It is rate-limited by the stage throttle and WAF, and the ' +
            'application look-up is locked out per reference after repeated failures.',
        });
      }
    }
  }

  /** `https://<id>.execute-api.<region>.<suffix>` without the scheme, for the CloudFront origin. */
  get apiDomain(): string {
    return `${this.httpApi.apiId}.execute-api.${Stack.of(this).region}.${Stack.of(this).urlSuffix}`;
  }
}

/** A Lambda proxy integration (payload 2.0) that leaves the invoke permission to `addRoutes`: one per function. */
class LambdaProxyIntegration extends apigw.HttpRouteIntegration {
  private readonly fn: lambda.IFunction;
  constructor(id: string, fn: lambda.IFunction) {
    super(id);
    this.fn = fn;
  }

  bind(): apigw.HttpRouteIntegrationConfig {
    return { type: apigw.HttpIntegrationType.AWS_PROXY, uri: this.fn.functionArn, payloadFormatVersion: apigw.PayloadFormatVersion.VERSION_2_0 };
  }
}
