import { describe, expect, it } from 'vitest';
import { buildApp } from '../../infra/build.ts';
import { CHINA, GLOBAL, resources, synth } from './synth.ts';

describe('China region (cn-north-1)', () => {
  it('fails at synth without an OIDC issuer, with a clear message', () => {
    expect(() => buildApp({ context: { stage: 'dev', region: 'cn-north-1', oidcIssuer: '', oidcAudience: '' } })).toThrow(
      /cn-north-1 is an AWS China region, where Cognito user pools are not offered: set the context "oidcIssuer"/,
    );
    expect(() => buildApp({ context: { region: 'cn-northwest-1' } })).toThrow(/oidcIssuer/);
  });

  it('requires the audience with the issuer', () => {
    expect(() => buildApp({ context: { region: 'cn-north-1', oidcIssuer: CHINA.oidcIssuer } })).toThrow(/oidcAudience/);
  });

  describe('with the province’s issuer', () => {
    const s = synth({ context: CHINA });

    it('synthesizes, the JWT authorizer trusting that issuer and audience, and no Cognito', () => {
      const [, authorizer] = resources(s.templateJson, 'AWS::ApiGatewayV2::Authorizer')[0]!;
      expect(authorizer.Properties.JwtConfiguration).toEqual({ Issuer: CHINA.oidcIssuer, Audience: [CHINA.oidcAudience] });
      expect(resources(s.templateJson, 'AWS::Cognito::UserPool')).toHaveLength(0);
      expect(s.stack.region).toBe('cn-north-1');
    });

    it('has no WAF stack and no CloudFront Function or OAC (not offered in China); OAI instead', () => {
      expect(s.waf).toBeUndefined();
      expect(resources(s.templateJson, 'AWS::CloudFront::Function')).toHaveLength(0);
      expect(resources(s.templateJson, 'AWS::CloudFront::OriginAccessControl')).toHaveLength(0);
      expect(resources(s.templateJson, 'AWS::CloudFront::CloudFrontOriginAccessIdentity')).toHaveLength(1);
    });

    it('serves an ICP-filed alternate domain with its IAM server certificate and TLSv1.2_2021', () => {
      const withDomain = synth({ context: { ...CHINA, portalDomain: 'jiuzhu.example.cn', portalCertificate: 'ASCAEXAMPLEIAMCERTID' } });
      const d = resources(withDomain.templateJson, 'AWS::CloudFront::Distribution')[0]![1].Properties.DistributionConfig;
      expect(d.Aliases).toEqual(['jiuzhu.example.cn']);
      expect(d.ViewerCertificate).toEqual({ IamCertificateId: 'ASCAEXAMPLEIAMCERTID', SslSupportMethod: 'sni-only', MinimumProtocolVersion: 'TLSv1.2_2021' });
    });

    it('has no literal partition', () => {
      const json = JSON.stringify(s.templateJson);
      expect(json).not.toContain('arn:aws:');
      expect(json).not.toContain('arn:aws-cn:');
    });
  });
});

describe('stages', () => {
  it('dev is disposable: DESTROY, no deletion protection (the audit anchors are always retained)', () => {
    const s = synth({ context: GLOBAL });
    const [, table] = resources(s.templateJson, 'AWS::DynamoDB::Table')[0]!;
    expect(table.DeletionPolicy).toBe('Delete');
    expect(table.Properties.DeletionProtectionEnabled).toBe(false);
    const locked = resources(s.templateJson, 'AWS::S3::Bucket').find(([, b]) => b.Properties.ObjectLockEnabled)!;
    expect(locked[1].DeletionPolicy).toBe('Retain');
    expect(locked[1].Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('GOVERNANCE');
  });

  it('any other stage retains its data and protects the table', () => {
    const s = synth({ context: { ...GLOBAL, stage: 'prod' } });
    expect(s.stack.stackName).toBe('Bozhou-prod');
    expect(s.stack.terminationProtection).toBe(true);
    const [, table] = resources(s.templateJson, 'AWS::DynamoDB::Table')[0]!;
    expect(table.DeletionPolicy).toBe('Retain');
    expect(table.Properties.DeletionProtectionEnabled).toBe(true);
    for (const type of ['AWS::KMS::Key', 'AWS::S3::Bucket', 'AWS::Logs::LogGroup', 'AWS::Cognito::UserPool']) {
      for (const [id, r] of resources(s.templateJson, type)) expect(r.DeletionPolicy, `${type} ${id}`).toBe('Retain');
    }
    const locked = resources(s.templateJson, 'AWS::S3::Bucket').find(([, b]) => b.Properties.ObjectLockEnabled)!;
    expect(locked[1].Properties.ObjectLockConfiguration.Rule.DefaultRetention.Mode).toBe('COMPLIANCE');
  });

  it('rejects a malformed stage name', () => {
    expect(() => buildApp({ context: { ...GLOBAL, stage: 'Prod_1' } })).toThrow(/stage/);
  });
});
