import { describe, expect, it } from 'vitest';
import { BID_ALARMS } from '../../infra/alarms.ts';
import { ROUTES, routeKey } from '../../shared/definitions/routes.ts';
import { CHINA, fromMainStack, GLOBAL, resources, synth } from './synth.ts';

/**
 * Sealed bids (measure 十八; shared/procurement/README.md threat model): opening is its own function, the
 * bid key lets only that function's role decrypt, and any other Decrypt attempt raises a named alarm.
 * The local runtime serves the same route table (infra/local/gateway.ts loads functions/<fn>/index.ts),
 * so the route belongs to `opening` in both runtimes.
 */
const OPENING = 'POST /api/v1/tenders/{id}/opening';

const logicalIdOfFunction = (t: Record<string, any>, name: string): string => {
  const hit = resources(t, 'AWS::Lambda::Function').find(([, r]) => r.Properties.FunctionName === `bozhou-dev-${name}`);
  if (!hit) throw new Error(`no function ${name}`);
  return hit[0];
};
const roleOf = (t: Record<string, any>, name: string): string => t.Resources[logicalIdOfFunction(t, name)].Properties.Role['Fn::GetAtt'][0];
const asList = <X>(v: X | X[]): X[] => (Array.isArray(v) ? v : [v]);

describe('the local runtime', () => {
  it('gives the opening route to the opening function, and its module serves it while procurement’s does not', async () => {
    const route = ROUTES.find((r) => routeKey(r) === OPENING)!;
    expect(route.fn).toBe('opening');
    expect(route.access).toEqual(['county']);
    // httpFunction throws on import when a module lacks a handler for its routes or serves one it does not own.
    await expect(import('../../functions/opening/index.ts')).resolves.toHaveProperty('handler');
    await expect(import('../../functions/procurement/index.ts')).resolves.toHaveProperty('handler');
  });
});

describe.each([
  ['global (Cognito)', GLOBAL],
  ['China (external OIDC)', CHINA],
])('sealed bids, %s', (_label, context) => {
  const s = synth({ context });
  const t = s.templateJson;
  const bidKeyId = resources(t, 'AWS::KMS::Key').find(([, r]) => String(r.Properties.Description).includes('sealed bids'))![0];
  const policy = t.Resources[bidKeyId].Properties.KeyPolicy.Statement as any[];
  const openingRole = roleOf(t, 'opening');
  const procurementRole = roleOf(t, 'procurement');
  const principalOf = (st: any) => st.Principal.AWS;

  it('routes the opening to the opening function in the template', () => {
    const routes = s.routesTemplateJson;
    const [, route] = resources(routes, 'AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === OPENING)!;
    const integrationId = String(route.Properties.Target['Fn::Join'][1][1].Ref);
    const uri = JSON.stringify(fromMainStack(s, routes.Resources[integrationId].Properties.IntegrationUri));
    expect(uri).toContain(logicalIdOfFunction(t, 'opening'));
    expect(uri).not.toContain(logicalIdOfFunction(t, 'procurement'));
  });

  it('lets only the opening role decrypt, the procurement role only seal, and the account only administer', () => {
    const allows = policy.filter((st) => st.Effect === 'Allow');
    const decrypters = allows.filter((st) => asList(st.Action).some((a: string) => a === 'kms:Decrypt' || a === 'kms:*' || a === 'kms:Decrypt*'));
    expect(decrypters).toHaveLength(1);
    expect(principalOf(decrypters[0])).toEqual({ 'Fn::GetAtt': [openingRole, 'Arn'] });
    expect(decrypters[0].Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:purpose': 'sealed-bid' } });

    const sealer = allows.find((st) => JSON.stringify(principalOf(st)).includes(procurementRole))!;
    expect(asList(sealer.Action).sort()).toEqual(['kms:Encrypt', 'kms:GenerateDataKey']);

    const root = allows.find((st) => JSON.stringify(principalOf(st)).includes(':root'))!;
    for (const a of asList(root.Action) as string[]) expect(a).not.toMatch(/^kms:(\*|Decrypt|Encrypt|GenerateDataKey|ReEncrypt|CreateGrant|Create\*)/);
    // Nobody else is named on an Allow.
    expect(allows).toHaveLength(3);

    const deny = policy.find((st) => st.Effect === 'Deny' && asList(st.Action).includes('kms:Decrypt'))!;
    expect(principalOf(deny)).toBe('*');
    expect(deny.Condition).toEqual({ ArnNotEquals: { 'aws:PrincipalArn': { 'Fn::GetAtt': [openingRole, 'Arn'] } } });
    expect(policy.some((st) => st.Effect === 'Deny' && asList(st.Action).includes('kms:CreateGrant'))).toBe(true);
    expect(t.Resources[bidKeyId].Properties.EnableKeyRotation).toBe(true);
  });

  it('gives the bid key id to the procurement and opening functions only', () => {
    for (const [, fn] of resources(t, 'AWS::Lambda::Function').filter(([, r]) => String(r.Properties.FunctionName ?? '').startsWith('bozhou-'))) {
      const name = String(fn.Properties.FunctionName).replace('bozhou-dev-', '');
      const env = fn.Properties.Environment.Variables;
      if (name === 'opening' || name === 'procurement') expect(env.BID_KMS_KEY_ID).toEqual({ 'Fn::GetAtt': [bidKeyId, 'Arn'] });
      else expect(env.BID_KMS_KEY_ID, name).toBeUndefined();
    }
  });

  it('alarms, by name, on any Decrypt of the bid key by another principal (CloudTrail → EventBridge)', () => {
    const [ruleId, rule] = resources(t, 'AWS::Events::Rule').find(([, r]) => r.Properties.Name === `bozhou-dev-${BID_ALARMS.decryptOutsideOpening}`)!;
    const p = rule.Properties.EventPattern;
    expect(p.source).toEqual(['aws.kms']);
    expect(p['detail-type']).toEqual(['AWS API Call via CloudTrail']);
    expect(p.detail.eventName).toEqual(expect.arrayContaining(['Decrypt']));
    expect(p.detail.resources).toEqual({ ARN: [{ 'Fn::GetAtt': [bidKeyId, 'Arn'] }] });
    expect(p.detail.$or).toEqual([
      { userIdentity: { sessionContext: { sessionIssuer: { arn: [{ 'anything-but': { 'Fn::GetAtt': [openingRole, 'Arn'] } }] } } } },
      { userIdentity: { type: [{ 'anything-but': 'AssumedRole' }] } },
    ]);
    const [topicId] = resources(t, 'AWS::SNS::Topic')[0]!;
    expect(rule.Properties.Targets.map((x: any) => x.Arn)).toEqual([{ Ref: topicId }]);

    const [, alarm] = resources(t, 'AWS::CloudWatch::Alarm').find(([, a]) => a.Properties.AlarmName === `dev-${BID_ALARMS.decryptOutsideOpening}`)!;
    expect(alarm.Properties).toMatchObject({ Namespace: 'AWS/Events', MetricName: 'TriggeredRules', Threshold: 1, AlarmActions: [{ Ref: topicId }] });
    expect(alarm.Properties.Dimensions).toEqual([{ Name: 'RuleName', Value: { Ref: ruleId } }]);
  });

  it('alarms on key policy changes and on the opening step’s own refusals, from its log group', () => {
    const names = resources(t, 'AWS::CloudWatch::Alarm').map(([, a]) => a.Properties.AlarmName);
    for (const n of Object.values(BID_ALARMS)) expect(names).toContain(`dev-${n}`);
    const filters = resources(t, 'AWS::Logs::MetricFilter').map(([, f]) => f.Properties);
    const openingLogs = t.Resources[logicalIdOfFunction(t, 'opening')].Properties.LoggingConfig.LogGroup;
    expect(filters.map((f) => f.FilterPattern).sort()).toEqual(['{ $.bidDecryptBeforeDeadline = 1 }', '{ $.bidIntegrityFailure = 1 }']);
    for (const f of filters) expect(f.LogGroupName).toEqual(openingLogs);
  });

  it('stays partition-agnostic', () => {
    expect(JSON.stringify(t)).not.toContain('arn:aws:');
    expect(JSON.stringify(t)).not.toContain('arn:aws-cn:');
  });
});
