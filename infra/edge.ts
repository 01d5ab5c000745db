import * as fs from 'node:fs';
import * as path from 'node:path';
import { Duration, Stack, Token, Validations } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3deploy from 'aws-cdk-lib/aws-s3-deployment';
import { Construct } from 'constructs';
import { CACHE_STATIC, contentSecurityPolicy, EDGE_HEADERS, HSTS_MAX_AGE_SECONDS, portalCacheControl } from '../shared/definitions/edge.ts';
import { nagRef } from './api.ts';
import { dataRemoval, LOG_RETENTION, type InfraConfig } from './config.ts';

/**
 * Viewer-request rewrite of directory indexes: `/foo/` and `/foo` (no extension) → `/foo/index.html`.
 * CloudFront Functions run plain ES5.1-ish JavaScript, so this is the same rule as `rewriteDirectoryIndex`
 * in shared/definitions/edge.ts written out by hand; test/infra proves the two agree.
 */
export const INDEX_REWRITE_CODE = `function handler(event) {
  var request = event.request;
  var uri = request.uri;
  if (uri.charAt(uri.length - 1) === '/') {
    request.uri = uri + 'index.html';
  } else if (uri.substring(uri.lastIndexOf('/') + 1).indexOf('.') === -1) {
    request.uri = uri + '/index.html';
  }
  return request;
}`;

/** The shared header values (shared/definitions/edge.ts) as CloudFront's enum members. */
function referrerPolicy(): cloudfront.HeadersReferrerPolicy {
  const value = EDGE_HEADERS['referrer-policy'];
  const member = Object.values(cloudfront.HeadersReferrerPolicy).find((v) => v === value);
  if (!member) throw new Error(`referrer-policy "${value}" is not one CloudFront supports`);
  return member as cloudfront.HeadersReferrerPolicy;
}
function frameOption(): cloudfront.HeadersFrameOption {
  const value = EDGE_HEADERS['x-frame-options'];
  const member = Object.values(cloudfront.HeadersFrameOption).find((v) => v === value);
  if (!member) throw new Error(`x-frame-options "${value}" is not one CloudFront supports`);
  return member as cloudfront.HeadersFrameOption;
}

/** The origin the workbench calls for tokens: the external issuer, or the Cognito hosted domain. */
function issuerOrigin(cfg: InfraConfig): string {
  return cfg.oidcIssuer ? new URL(cfg.oidcIssuer).origin : `https://${cfg.cognitoDomainPrefix}.auth.${cfg.region}.amazoncognito.com`;
}

export interface EdgeProps {
  cfg: InfraConfig;
  apiDomain: string;
  accessLogsBucket: s3.IBucket;
  /** The built portal; deployed only when the folder exists, so synth works before a portal build. */
  portalDist: string;
  /** The documents bucket's origin: pages PUT files to its presigned URLs (shared/definitions/uploads.ts). */
  documentsOrigin: string;
}

/**
 * Portal hosting (docs/architecture.md § Edge): one CloudFront origin for the site and the API, so no CORS.
 * - default behaviour: the private portal bucket through OAC, with the index-rewrite function;
 * - `/api/*`: the HTTP API, caching disabled, every viewer header but Host, all methods;
 * - a response headers policy with HSTS, CSP, nosniff, Referrer-Policy and frame options on both.
 *
 * WAF: a CLOUDFRONT-scope WebACL must be created in us-east-1, whatever region this stack is in. The app
 * therefore puts it in its own small stack (`Bozhou-<stage>-waf`, us-east-1, infra/waf.ts) and this stack
 * takes its ARN from the context `webAclArn`: deploy the WAF stack, then this one with `-c webAclArn=…`.
 * (That is simpler and more predictable than `crossRegionReferences`, which adds custom resources in both
 * stacks.) AWS China regions offer no CLOUDFRONT-scope WAF (WAF is regional only there); rate limiting then
 * rests on the HTTP API stage throttling and the look-up lockout in the application.
 */
export class Edge extends Construct {
  readonly portalBucket: s3.Bucket;
  readonly distribution: cloudfront.Distribution;
  readonly indexRewrite: cloudfront.Function | undefined;
  readonly headers: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, { cfg, apiDomain, accessLogsBucket, portalDist, documentsOrigin }: EdgeProps) {
    super(scope, id);
    const removalPolicy = dataRemoval(cfg);

    this.portalBucket = new s3.Bucket(this, 'Portal', {
      encryption: s3.BucketEncryption.S3_MANAGED, // public content; SSE-S3 needs no key policy for OAC
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      enforceSSL: true,
      versioned: true,
      serverAccessLogsBucket: accessLogsBucket,
      serverAccessLogsPrefix: 'portal/',
      lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
      removalPolicy,
    });

    // CloudFront in the China regions has neither CloudFront Functions nor origin access control
    // (CloudFormation lists no AWS::CloudFront::Function / OriginAccessControl in cn-north-1): there the
    // portal bucket is reached through an origin access identity, and the portal must link to
    // `…/index.html` itself (no index rewrite at the edge).
    this.indexRewrite = cfg.china
      ? undefined
      : new cloudfront.Function(this, 'IndexRewrite', {
          functionName: `bozhou-${cfg.stage}-index-rewrite`,
          comment: 'Rewrite /foo/ and /foo to /foo/index.html',
          runtime: cloudfront.FunctionRuntime.JS_2_0,
          code: cloudfront.FunctionCode.fromInline(INDEX_REWRITE_CODE),
        });

    this.headers = new cloudfront.ResponseHeadersPolicy(this, 'SecurityHeaders', {
      responseHeadersPolicyName: `bozhou-${cfg.stage}-security-headers`,
      comment: 'HSTS, CSP without inline scripts, nosniff, referrer policy, frame options',
      securityHeadersBehavior: {
        strictTransportSecurity: {
          accessControlMaxAge: Duration.seconds(HSTS_MAX_AGE_SECONDS),
          includeSubdomains: true,
          preload: true,
          override: true,
        },
        contentSecurityPolicy: { contentSecurityPolicy: contentSecurityPolicy([issuerOrigin(cfg), documentsOrigin]), override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: referrerPolicy(), override: true },
        frameOptions: { frameOption: frameOption(), override: true },
      },
    });

    const apiOrigin = new origins.HttpOrigin(apiDomain, {
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
      originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
      readTimeout: Duration.seconds(30), // the HTTP API's own limit (docs/architecture.md § Request path and limits)
    });

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: `bozhou ${cfg.stage} portal and API`,
      defaultRootObject: 'index.html',
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      // TLSv1.2_2021 needs a custom certificate; with the default one CloudFront fixes the policy (CFR4 below).
      // Global regions: an ACM certificate. China: an IAM server certificate (set below, no L2 support).
      ...(cfg.portalDomain && !cfg.china
        ? {
            minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
            domainNames: [cfg.portalDomain],
            certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', cfg.portalCertificate),
          }
        : {}),
      ...(cfg.webAclArn ? { webAclId: cfg.webAclArn } : {}),
      enableLogging: true,
      logBucket: accessLogsBucket,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: cfg.china ? origins.S3BucketOrigin.withOriginAccessIdentity(this.portalBucket) : origins.S3BucketOrigin.withOriginAccessControl(this.portalBucket),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD_OPTIONS,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: this.headers,
        compress: true,
        functionAssociations: this.indexRewrite ? [{ function: this.indexRewrite, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }] : [],
      },
      additionalBehaviors: {
        '/api/*': {
          origin: apiOrigin,
          // HTTPS only (no redirect): a redirected POST would lose its body.
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: this.headers,
          compress: true,
        },
      },
    });

    if (cfg.portalDomain && cfg.china) {
      const cfn = this.distribution.node.defaultChild as cloudfront.CfnDistribution;
      cfn.addPropertyOverride('DistributionConfig.Aliases', [cfg.portalDomain]);
      cfn.addPropertyOverride('DistributionConfig.ViewerCertificate', {
        IamCertificateId: cfg.portalCertificate,
        SslSupportMethod: 'sni-only',
        MinimumProtocolVersion: 'TLSv1.2_2021',
      });
    }
    this.acknowledge(cfg);

    if (fs.existsSync(path.join(portalDist, 'index.html'))) {
      const deployLogs = new logs.LogGroup(this, 'PortalDeploymentLogs', { retention: LOG_RETENTION, removalPolicy });
      // Cache-Control per kind of file, the rule the local gateway follows too (portalCacheControl in
      // shared/definitions/edge.ts): pages, hashed build assets, and the stable-named public files.
      const parts: { id: string; include: string[]; exclude: string[]; cache: string }[] = [
        { id: 'PortalDeployment', include: [], exclude: ['*.html', '_astro/*'], cache: CACHE_STATIC },
        { id: 'PortalPages', include: ['*.html'], exclude: ['*'], cache: portalCacheControl('/index.html') },
        { id: 'PortalAssets', include: ['_astro/*'], exclude: ['*'], cache: portalCacheControl('/_astro/x.js') },
      ];
      const deployments = parts.map(
        (part, i) =>
          new s3deploy.BucketDeployment(this, part.id, {
            sources: [s3deploy.Source.asset(portalDist)],
            destinationBucket: this.portalBucket,
            ...(i === 0 ? { distribution: this.distribution, distributionPaths: ['/*'] } : {}),
            include: part.include,
            exclude: part.exclude,
            prune: i === 0, // excluded files are never pruned, so the first may prune its own
            cacheControl: [s3deploy.CacheControl.fromString(part.cache)],
            memoryLimit: 512,
            logGroup: deployLogs,
          }),
      );
      for (const deployment of deployments) acknowledgeBucketDeployment(deployment, nagRef(Stack.of(this), this.portalBucket.bucketArn));
    }
  }

  private acknowledge(cfg: InfraConfig): void {
    const d = this.distribution;
    Validations.of(d).acknowledge({
      id: 'AwsSolutions-CFR1',
      reason:
        'No geo restriction on purpose: residents working elsewhere in China or abroad apply for their families ' +
        '(docs/architecture.md § Identity and scope: "someone applying for them"); abuse is limited by WAF/stage rate limits instead.',
    });
    if (!cfg.webAclArn) {
      Validations.of(d).acknowledge({
        id: 'AwsSolutions-CFR2',
        reason: cfg.china
          ? 'AWS China regions offer WAF at regional scope only, not for CloudFront; rate limits rest on the HTTP API ' + 'stage throttling and the application-level look-up lockout.'
          : 'The CLOUDFRONT-scope WebACL lives in the us-east-1 stack Bozhou-<stage>-waf (infra/waf.ts); its ARN is ' +
            'attached from the context "webAclArn" once that stack is deployed (two-step deploy, see infra/edge.ts).',
      });
    }
    if (cfg.china) {
      Validations.of(d).acknowledge({
        id: 'AwsSolutions-CFR7',
        reason:
          'CloudFront in the AWS China regions does not offer origin access control (no ' +
          'AWS::CloudFront::OriginAccessControl in cn-north-1/cn-northwest-1); the private portal bucket is reached ' +
          'through an origin access identity instead, and its public access stays blocked.',
      });
    }
    if (cfg.portalDomain && cfg.china) {
      Validations.of(d).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Remediated by a property override that cdk-nag cannot see: in China the distribution uses the IAM server ' +
          'certificate from the context "portalCertificate" with MinimumProtocolVersion TLSv1.2_2021 (sni-only); the ' +
          'L2 Distribution only knows ACM certificates.',
      });
    }
    if (!cfg.portalDomain) {
      Validations.of(d).acknowledge({
        id: 'AwsSolutions-CFR4',
        reason:
          'Without the context "portalDomain"/"portalCertificate" the distribution uses the default ' +
          '*.cloudfront.net certificate, for which CloudFront cannot enforce a minimum TLS version; ' +
          'TLSv1.2_2021 applies as soon as the custom domain and its certificate are given (required in China and prod).',
      });
    }
  }
}

/**
 * CDK's BucketDeployment custom resource (a singleton handler at stack level): these findings are about
 * CDK's own handler and the role CDK builds for it, not about our functions.
 */
function acknowledgeBucketDeployment(deployment: s3deploy.BucketDeployment, portalBucketRef: string): void {
  const role = deployment.handlerRole;
  const handler = role.node.scope as Construct;
  const why = 'CDK BucketDeployment copies the built portal from the CDK asset bucket into the portal bucket';
  Validations.of(handler).acknowledge({
    id: 'AwsSolutions-L1',
    reason: "The runtime of CDK's BucketDeployment handler is chosen by aws-cdk-lib (it bundles the AWS CLI layer) and cannot be set.",
  });
  Validations.of(role).acknowledge(
    {
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: "CDK's BucketDeployment handler role carries the AWS managed basic execution policy (logs only); CDK sets it.",
    },
    ...['s3:GetBucket*', 's3:GetObject*', 's3:List*', 's3:DeleteObject*', 's3:Abort*'].map((action) => ({
      id: `AwsSolutions-IAM5[Action::${action}]`,
      reason: `${why}: CDK grants ${action} (read the asset, sync and prune the portal bucket).`,
    })),
    {
      id: 'AwsSolutions-IAM5[Resource::*]',
      reason: `${why}, then invalidates the distribution: cloudfront:CreateInvalidation/GetInvalidation have no resource-level scoping in CDK's grant.`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::${portalBucketRef}/*]`,
      reason: `${why}: it writes any object of the portal bucket (the whole built site).`,
    },
    {
      id: `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:s3:::${assetBucketName(deployment)}/*]`,
      reason: `${why}: it reads the uploaded site archive from the CDK bootstrap asset bucket.`,
    },
  );
}

/** The bootstrap asset bucket name as nag prints it (`cdk-hnb659fds-assets-<AWS::AccountId>-<region>`). */
function assetBucketName(construct: Construct): string {
  const stack = Stack.of(construct);
  const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
  const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
  return `cdk-hnb659fds-assets-${account}-${region}`;
}
