import { Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { buildApp } from './build.ts';

/**
 * `cdk synth` / `cdk deploy` entry (cdk.json: `node infra/app.ts`). Context: see infra/config.ts.
 * cdk-nag AwsSolutions runs on every synth and fails it on any finding that is not acknowledged with a reason.
 */
const { app } = buildApp();
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
