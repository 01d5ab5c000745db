import { describe, expect, it } from 'vitest';
import { ROUTES, deployedRoutes, routeKey } from '../../shared/definitions/routes.ts';
import { SCHEDULE_TIME_ZONE, SCHEDULES, toEventBridgeCron } from '../../shared/definitions/schedules.ts';
import { CHINA, GLOBAL, resources, synth } from './synth.ts';

/**
 * One definition, two runtimes (docs/architecture.md § One definition, two runtimes): the template and the local runtime are built from the same
 * tables. The local gateway serves ROUTES (infra/local/gateway.ts), including the `localOnly` ones, and the
 * local scheduler runs SCHEDULES (infra/local/scheduler.ts); CDK deploys the same lists minus `localOnly`.
 * (infra/local is not imported here: it starts DynamoDB Local and friends, which these tests do not need.)
 */
describe.each([
  ['global (Cognito)', GLOBAL],
  ['China (external OIDC)', CHINA],
])('parity, %s', (_label, context) => {
  const s = synth({ context });
  const templateRoutes = new Set(resources(s.routesTemplateJson, 'AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey as string));

  it('deployed routes in the template = the local runtime’s routes minus localOnly', () => {
    const local = new Set(ROUTES.filter((r) => !r.localOnly).map(routeKey));
    expect(templateRoutes).toEqual(local);
    expect(templateRoutes).toEqual(new Set(deployedRoutes().map(routeKey)));
  });

  it('localOnly routes are absent from the template', () => {
    const localOnly = ROUTES.filter((r) => r.localOnly);
    expect(localOnly.length).toBeGreaterThan(0);
    for (const r of localOnly) expect(templateRoutes.has(routeKey(r)), routeKey(r)).toBe(false);
    expect(JSON.stringify(s.templateJson)).not.toContain('/api/v1/dev/');
  });

  it('schedules in the template = SCHEDULES = with the same expressions', () => {
    const schedules = resources(s.templateJson, 'AWS::Scheduler::Schedule').map(([, r]) => r.Properties);
    const inTemplate = new Map(schedules.map((p) => [p.Name as string, p]));
    expect(new Set(inTemplate.keys())).toEqual(new Set(Object.keys(SCHEDULES)));
    for (const [name, def] of Object.entries(SCHEDULES)) {
      expect(inTemplate.get(name)!.ScheduleExpression).toBe(toEventBridgeCron(def.spec));
      expect(inTemplate.get(name)!.ScheduleExpressionTimezone).toBe(SCHEDULE_TIME_ZONE);
    }
  });
});
