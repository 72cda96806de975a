import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { addCivicGridStacks } from '../src/civicgrid-app.js';
import { readDeploymentConfig } from '../src/config/deployment-config.js';
import { FEATURE_FLAGS } from '../src/config/feature-flags.js';

const app = new App({ context: FEATURE_FLAGS });
const config = readDeploymentConfig(app.node);
// Env-agnostic unless an account/region is known, so `npm run synth` works offline without credentials.
const account = app.node.tryGetContext('civicgrid:account') ?? process.env.CDK_DEFAULT_ACCOUNT;
const region = app.node.tryGetContext('civicgrid:region') ?? process.env.CDK_DEFAULT_REGION;
addCivicGridStacks(app, config, { env: account && region ? { account, region } : undefined });
// cdk-nag v3 runs as a policy-validation plugin: synth fails on any unacknowledged finding.
Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
app.synth();
