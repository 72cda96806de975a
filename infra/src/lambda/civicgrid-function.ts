import { join } from 'node:path';
import { Duration, Validations } from 'aws-cdk-lib';
import { Architecture, Runtime, Tracing } from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { FUNCTIONS_SOURCE_DIR, LOCK_FILE_PATH, REPOSITORY_ROOT } from '../config/repository-paths.js';
import { CREATE_REQUIRE_BANNER, DOCUMENT_MODULES, RUNTIME_PROVIDED_MODULES } from './bundling.js';

/** Props for {@link CivicGridFunction}. */
export interface CivicGridFunctionProps {
  /** Entry file name inside `functions/src`, e.g. `api.ts`. */
  readonly entry: string;
  /** Powertools service name (logs, metrics, traces). */
  readonly serviceName: string;
  /** Extra environment variables (the Powertools ones are set here). */
  readonly environment?: Record<string, string>;
  /** @default 512 */
  readonly memorySize?: number;
  /** @default 10 seconds */
  readonly timeout?: Duration;
  /** @default one year */
  readonly logRetention?: RetentionDays;
  readonly description?: string;
  /**
   * Bundle the repository's pinned `@aws-sdk/*` (3.1164.0) into the function instead of using the copy the
   * nodejs22.x runtime ships. Off by default (CDK's own default for Node ≥ 18): the API bundle drops from ~850 KB
   * to ~290 KB and the clients the API loads lazily (S3, STS, SFN, Cognito) cost nothing until first used. Turn it
   * on when a feature needs a newer SDK than the runtime's (docs/deploy.md, "Bundles").
   * @default false
   */
  readonly bundleAwsSdk?: boolean;
}

/**
 * A Lambda built from `functions/src/<entry>` the CivicGrid way: Node 22 on arm64, ESM bundled by the local
 * esbuild (never Docker), X-Ray tracing, Powertools environment and its own log group with a retention.
 */
export class CivicGridFunction extends NodejsFunction {
  constructor(scope: Construct, id: string, props: CivicGridFunctionProps) {
    const logGroup = new LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention ?? RetentionDays.ONE_YEAR,
    });
    super(scope, id, {
      entry: join(FUNCTIONS_SOURCE_DIR, props.entry),
      handler: 'handler',
      description: props.description,
      projectRoot: REPOSITORY_ROOT,
      depsLockFilePath: LOCK_FILE_PATH,
      runtime: Runtime.NODEJS_22_X,
      architecture: Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(10),
      tracing: Tracing.ACTIVE,
      logGroup,
      environment: {
        NODE_OPTIONS: '--enable-source-maps',
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'CivicGrid',
        POWERTOOLS_LOG_LEVEL: 'INFO',
        ...props.environment,
      },
      bundling: {
        forceDockerBundling: false,
        format: OutputFormat.ESM,
        target: 'node22',
        minify: true,
        sourceMap: true,
        // stack traces need the mappings only: without the sources the map is a third the size, and every
        // cold start reads it (NODE_OPTIONS=--enable-source-maps)
        sourcesContent: false,
        mainFields: ['module', 'main'],
        banner: CREATE_REQUIRE_BANNER,
        // The runtime's SDK by default (see RUNTIME_PROVIDED_MODULES); [] bundles the pinned one.
        externalModules: [...(props.bundleAwsSdk ? [] : RUNTIME_PROVIDED_MODULES), ...DOCUMENT_MODULES],
      },
    });
    this.suppressPlatformFindings();
  }

  private suppressPlatformFindings(): void {
    Validations.of(this).acknowledge(
      {
        id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
        reason:
          'AWSLambdaBasicExecutionRole only allows writing to CloudWatch Logs; it is the AWS-maintained minimum for a Lambda.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason: 'xray:PutTraceSegments and xray:PutTelemetryRecords do not support resource-level permissions.',
      },
      {
        id: 'AwsSolutions-L1',
        reason:
          'Runtime pinned to nodejs22.x on purpose (DESIGN: Lambdas deploy on nodejs22.x; middy 6.x and the code base are tested on Node 20/22); move to a newer runtime deliberately, with the test suite.',
      },
    );
  }
}
