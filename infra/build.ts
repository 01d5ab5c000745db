import { App, type AppProps } from 'aws-cdk-lib';
import { readConfig, type InfraConfig } from './config.ts';
import { BozhouStack } from './stack.ts';
import { WafStack } from './waf.ts';

export interface BuiltApp {
  app: App;
  cfg: InfraConfig;
  stack: BozhouStack;
  /** Only in the global partition (China regions have no CLOUDFRONT-scope WAF). */
  waf?: WafStack;
}

/**
 * Builds the app from its context (no lookups, no account needed). The main stack is pinned to the context
 * region and stays account-agnostic unless the context `account` is given; partitions come from
 * `AWS::Partition`, never a literal.
 */
export function buildApp(props: AppProps & { portalDist?: string } = {}): BuiltApp {
  const { portalDist, ...appProps } = props;
  const app = new App(appProps);
  const cfg = readConfig(app.node);
  const env = { region: cfg.region, ...(cfg.account ? { account: cfg.account } : {}) };
  const stack = new BozhouStack(app, `Bozhou-${cfg.stage}`, {
    cfg,
    env,
    description: `Bozhou social assistance platform (${cfg.stage})`,
    terminationProtection: !cfg.disposable,
    ...(portalDist ? { portalDist } : {}),
  });
  const waf = cfg.china
    ? undefined
    : new WafStack(app, `Bozhou-${cfg.stage}-waf`, {
        stage: cfg.stage,
        env: { ...env, region: 'us-east-1' },
        description: `Bozhou ${cfg.stage}: CloudFront WebACL (CLOUDFRONT scope, us-east-1 only)`,
        terminationProtection: !cfg.disposable,
      });
  return { app, cfg, stack, ...(waf ? { waf } : {}) };
}
