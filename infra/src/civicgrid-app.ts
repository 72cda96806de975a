import type { App, Environment } from 'aws-cdk-lib';
import { ApiStack } from './api/api-stack.js';
import type { DeploymentConfig } from './config/deployment-config.js';
import { DataStack } from './data/data-stack.js';
import { IdentityStack } from './identity/identity-stack.js';
import { OperationsStack } from './ops/operations-stack.js';
import { WebStack } from './web/web-stack.js';
import { WorkflowStack } from './workflow/workflow-stack.js';

/** The stacks of one CivicGrid deployment. */
export interface CivicGridStacks {
  readonly data: DataStack;
  readonly identity: IdentityStack;
  readonly workflow: WorkflowStack;
  readonly api: ApiStack;
  readonly web: WebStack;
  readonly ops: OperationsStack;
}

/** Options beyond the deployment config (tests and experiments). */
export interface CivicGridAppOptions {
  /** @default env-agnostic stacks */
  readonly env?: Environment;
  /** Override the workflow ASL file (experiments only; the default is the shared file). */
  readonly workflowDefinitionPath?: string;
  /** Override the SPA build folder (experiments only; the default is web/dist). */
  readonly webDistDir?: string;
}

/** Adds every CivicGrid stack to `app`, wired in dependency order: data → identity → workflow → api → web. */
export function addCivicGridStacks(
  app: App,
  config: DeploymentConfig,
  options: CivicGridAppOptions = {},
): CivicGridStacks {
  const name = (part: string) => `${config.stackPrefix}-${part}`;
  const env = options.env;
  const data = new DataStack(app, name('Data'), { env });
  const identity = new IdentityStack(app, name('Identity'), { env });
  const workflow = new WorkflowStack(app, name('Workflow'), {
    env,
    caseTable: data.caseTable,
    definitionPath: options.workflowDefinitionPath,
  });
  const api = new ApiStack(app, name('Api'), {
    env,
    caseTable: data.caseTable,
    evidenceBucket: data.evidence.bucket,
    evidenceBucketArnExportName: data.evidenceBucketArnExportName,
    stateMachine: workflow.workflow.stateMachine,
    userPool: identity.staff.userPool,
    userPoolClient: identity.staff.client,
    jwtIssuer: identity.staff.issuer,
    jwksUrl: identity.staff.jwksUrl,
    webOrigins: config.webOrigins,
    rateLimit: config.apiRateLimit,
    burstLimit: config.apiBurstLimit,
    originDomain:
      config.apiOriginDomain && config.apiOriginCertificateArn
        ? { name: config.apiOriginDomain, certificateArn: config.apiOriginCertificateArn }
        : undefined,
  });
  const web = new WebStack(app, name('Web'), {
    env,
    apiEndpoint: api.api.endpoint,
    deployWebAssets: config.deployWebAssets,
    webDistDir: options.webDistDir,
    domain: config.domain,
    certificateArn: config.certificateArn,
    webAclArn: config.webAclArn,
    originSecret: api.originSecret.secretValue,
    evidenceBucket: data.evidence.bucket,
    webOrigins: config.webOrigins,
    evidenceOrigin: `https://${data.evidence.bucket.bucketRegionalDomainName}`,
  });
  const ops = new OperationsStack(app, name('Ops'), {
    env,
    httpApi: api.api.httpApi,
    functions: {
      Api: api.apiFunction,
      PreToken: identity.staff.preTokenFunction,
      WorkflowPrepare: workflow.workflow.prepareFunction,
      WorkflowAwaitAction: workflow.workflow.awaitActionFunction,
      WorkflowEscalate: workflow.workflow.escalateFunction,
      WorkflowMaintenance: workflow.workflow.maintenanceFunction,
      JobWorker: api.jobWorker,
      WebhookWorker: api.webhookWorker,
    },
    jobDeadLetterQueue: api.jobDeadLetterQueue,
    webhookDeadLetterQueue: api.webhookDeadLetterQueue,
    jobQueue: api.jobQueue,
    workflowErrorHandler: workflow.workflow.maintenanceFunction,
    stateMachine: workflow.workflow.stateMachine,
    table: data.caseTable.table,
    alarmEmail: config.alarmEmail,
  });
  // ApiStack imports the evidence bucket ARN by export name, which CDK does not count as a dependency.
  api.addStackDependency(data);
  return { data, identity, workflow, api, web, ops };
}
