import { RemovalPolicy, Duration } from 'aws-cdk-lib';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Node } from 'constructs';

/**
 * Deployment settings, all from CDK context (cdk.json or `-c key=value`); nothing is looked up.
 *
 * | key | default | meaning |
 * | --- | --- | --- |
 * | `stage` | `dev` | name prefix of every stack, alarm and schedule group |
 * | `region` | `cn-north-1` | the stack's region (China regions are the production target, docs/architecture.md § Data residency) |
 * | `account` | — | optional; the stacks stay account-agnostic without it |
 * | `oidcIssuer`, `oidcAudience` | — | external OIDC (皖事通 in China); empty → a Cognito user pool (global regions only) |
 * | `webAclArn` | — | CLOUDFRONT-scope WebACL for the distribution (output of the `-waf` stack, us-east-1) |
 * | `portalDomain`, `portalCertificate` | — | alternate domain and its certificate: an ACM certificate ARN (us-east-1) in global regions, an IAM server certificate id in China (where CloudFront needs an ICP-filed alternate domain) |
 * | `cognitoDomainPrefix` | `bozhou-sa-<stage>` | the Cognito hosted sign-in domain prefix |
 * | `alarmEmail` | — | optional e-mail subscription to the alarm topic |
 * | `smsEndpoint`, `smsSignName` | — | the HTTPS SMS gateway the `notices` function sends through (shared/notices/port.ts) and its registered signature (签名); in China regions a domestic provider or the 政务短信平台 (SNS sends no SMS there). Empty: notices wait in the outbox and dead-letter |
 */
export interface InfraConfig {
  stage: string;
  region: string;
  account: string | undefined;
  /** aws-cn when the region starts with `cn-`. Only used for decisions, never written into an ARN. */
  china: boolean;
  /** Only `dev` is disposable: every other stage keeps its data (RETAIN) and protects the table. */
  disposable: boolean;
  oidcIssuer: string;
  oidcAudience: string[];
  webAclArn: string;
  portalDomain: string;
  portalCertificate: string;
  cognitoDomainPrefix: string;
  alarmEmail: string;
  smsEndpoint: string;
  smsSignName: string;
}

const str = (node: Node, key: string, fallback = ''): string => {
  const v: unknown = node.tryGetContext(key);
  return v === undefined || v === null ? fallback : String(v).trim();
};

export function readConfig(node: Node): InfraConfig {
  const stage = str(node, 'stage', 'dev') || 'dev';
  if (!/^[a-z][a-z0-9-]{0,15}$/.test(stage)) {
    throw new Error(`context "stage" must be lower-case letters, digits and dashes (at most 16), got "${stage}"`);
  }
  const region = str(node, 'region', 'cn-north-1') || 'cn-north-1';
  const china = region.startsWith('cn-');
  const oidcIssuer = str(node, 'oidcIssuer');
  const oidcAudience = str(node, 'oidcAudience')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (china && !oidcIssuer) {
    throw new Error(
      `Region ${region} is an AWS China region, where Cognito user pools are not offered: ` +
        'set the context "oidcIssuer" (and "oidcAudience") to the province\'s OIDC platform (皖事通), ' +
        'e.g. `cdk synth -c oidcIssuer=https://… -c oidcAudience=<client id>`.',
    );
  }
  if (oidcIssuer && !/^https:\/\/[^\s]+$/.test(oidcIssuer)) {
    throw new Error(`context "oidcIssuer" must be an https URL, got "${oidcIssuer}"`);
  }
  if (oidcIssuer && oidcAudience.length === 0) {
    throw new Error('context "oidcAudience" is required with "oidcIssuer" (the client id(s) the JWT authorizer accepts)');
  }
  const portalDomain = str(node, 'portalDomain');
  const portalCertificate = str(node, 'portalCertificate');
  if (Boolean(portalDomain) !== Boolean(portalCertificate)) {
    throw new Error('context "portalDomain" and "portalCertificate" go together');
  }
  return {
    stage,
    region,
    account: str(node, 'account') || undefined,
    china,
    disposable: stage === 'dev',
    oidcIssuer,
    oidcAudience,
    webAclArn: str(node, 'webAclArn'),
    portalDomain,
    portalCertificate,
    cognitoDomainPrefix: str(node, 'cognitoDomainPrefix', `bozhou-sa-${stage}`),
    alarmEmail: str(node, 'alarmEmail'),
    smsEndpoint: smsEndpoint(str(node, 'smsEndpoint')),
    smsSignName: str(node, 'smsSignName', '亳州社会救助'),
  };
}

function smsEndpoint(url: string): string {
  if (url && !/^https:\/\/[^\s]+$/.test(url)) throw new Error(`context "smsEndpoint" must be an https URL, got "${url}"`);
  return url;
}

/**
 * Removal policy for anything that holds data (table, keys, buckets, log groups).
 * `dev` may be torn down (DESTROY: a developer's stack must not leave orphans behind);
 * every other stage RETAINs, so deleting a stack never deletes the record of a case.
 */
export const dataRemoval = (cfg: InfraConfig): RemovalPolicy => (cfg.disposable ? RemovalPolicy.DESTROY : RemovalPolicy.RETAIN);

/**
 * Log retention: one year. The Cybersecurity Law (网络安全法 Art. 21) requires network logs to be kept for
 * at least six months; a year also spans one full annual re-check cycle (Q4 reviews), which is what auditors
 * (纪委监委, 审计) ask about. Logs never hold personal data (docs/architecture.md § Personal data), so longer is not needed.
 */
export const LOG_RETENTION = RetentionDays.ONE_YEAR;

/** Object Lock retention of audit anchors (chain heads): long enough for any audit of a case file. */
export const AUDIT_ANCHOR_RETENTION = Duration.days(365 * 10);
