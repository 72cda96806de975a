import { ArnFormat, Aws, Duration, Stack, Validations } from 'aws-cdk-lib';
import { Policy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { DefinitionBody, LogLevel, StateMachine, StateMachineType } from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import { WORKFLOW_DEFINITION_PATH } from '../config/repository-paths.js';
import type { CaseTable } from '../data/case-table.js';
import { ITEM_ACTIONS } from '../data/case-table.js';
import { CivicGridFunction } from '../lambda/civicgrid-function.js';

/** Props for {@link IncidentWorkflow}. */
export interface IncidentWorkflowProps {
  /** The table holding cases; the task handlers read cases and store task tokens on them. */
  readonly caseTable: CaseTable;
  /**
   * The ASL file with `${Partition}`, `${PrepareFunctionArn}`, `${AwaitActionFunctionArn}` and `${EscalateFunctionArn}`.
   * @default packages/workflow/src/incident-workflow.asl.json — the same file the embedded runtime runs
   */
  readonly definitionPath?: string;
}

/**
 * The incident workflow: one Standard execution per case, run from the ONE shared ASL file, with its three task
 * Lambdas (prepare, await-action — the `.waitForTaskToken` human step — and escalate).
 */
export class IncidentWorkflow extends Construct {
  readonly stateMachine: StateMachine;
  readonly prepareFunction: CivicGridFunction;
  readonly awaitActionFunction: CivicGridFunction;
  readonly escalateFunction: CivicGridFunction;
  /** `WorkflowError` (Catch States.ALL → mark the case `workflowError`) and `ContinueAsNew` (before one year). */
  readonly maintenanceFunction: CivicGridFunction;

  constructor(scope: Construct, id: string, props: IncidentWorkflowProps) {
    super(scope, id);
    // A fixed name makes the state machine's ARN known before it exists, so the maintenance task (continue-as-new)
    // can start executions without a reference cycle (the state machine references the function's ARN).
    const stateMachineName = `${Stack.of(this).stackName}-IncidentWorkflow`;
    const stateMachineArn = Stack.of(this).formatArn({
      service: 'states',
      resource: 'stateMachine',
      resourceName: stateMachineName,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    const environment = { TABLE_NAME: props.caseTable.tableName };
    const task = (fnId: string, entry: string, description: string) =>
      new CivicGridFunction(this, fnId, {
        entry,
        serviceName: 'civicgrid-workflow',
        description,
        environment,
        timeout: Duration.seconds(15),
      });
    this.prepareFunction = task('Prepare', 'workflow-prepare.ts', 'Reads the case and computes the SLA timeout');
    this.awaitActionFunction = task('AwaitAction', 'workflow-await-action.ts', 'Stores the task token on the case');
    this.escalateFunction = task('Escalate', 'workflow-escalate.ts', 'Marks the case overdue and escalates it');
    this.maintenanceFunction = task(
      'Maintenance',
      'workflow-maintenance.ts',
      'Marks a case workflowError after a failed task; starts the next execution before the one-year limit',
    );
    this.maintenanceFunction.addEnvironment('STATE_MACHINE_ARN', stateMachineArn);
    const taskFunctions = [
      this.prepareFunction,
      this.awaitActionFunction,
      this.escalateFunction,
      this.maintenanceFunction,
    ];
    // Workflow tasks act for the platform across tenants (they are started by the API on a verified tenant's case).
    for (const fn of taskFunctions) props.caseTable.grantItems(fn, ITEM_ACTIONS);

    const logGroup = new LogGroup(this, 'Logs', {
      // The /aws/vendedlogs/ prefix keeps the CloudWatch Logs resource policy small as state machines multiply.
      logGroupName: `/aws/vendedlogs/states/${Stack.of(this).stackName}-IncidentWorkflow`,
      retention: RetentionDays.ONE_YEAR,
    });
    this.stateMachine = new StateMachine(this, 'StateMachine', {
      stateMachineName,
      stateMachineType: StateMachineType.STANDARD,
      definitionBody: DefinitionBody.fromFile(props.definitionPath ?? WORKFLOW_DEFINITION_PATH),
      definitionSubstitutions: {
        // Service-integration ARNs carry the partition so the same file runs in aws-cn.
        Partition: Aws.PARTITION,
        PrepareFunctionArn: this.prepareFunction.functionArn,
        AwaitActionFunctionArn: this.awaitActionFunction.functionArn,
        EscalateFunctionArn: this.escalateFunction.functionArn,
        MaintenanceFunctionArn: this.maintenanceFunction.functionArn,
      },
      logs: { destination: logGroup, level: LogLevel.ERROR, includeExecutionData: false },
      tracingEnabled: true,
    });
    // await-action resumes a token that lost a race with a human action (SendTaskSuccess). A separate policy, not
    // the functions' default one: each function depends on its default policy, and the state machine on the
    // functions, so a reference to the state machine there would be a cycle.
    new Policy(this, 'TaskResponsePolicy', {
      statements: [
        new PolicyStatement({
          actions: ['states:SendTaskSuccess', 'states:SendTaskFailure'],
          resources: [this.stateMachine.stateMachineArn],
        }),
      ],
      roles: [this.awaitActionFunction.role!],
    });
    new Policy(this, 'ContinueAsNewPolicy', {
      statements: [new PolicyStatement({ actions: ['states:StartExecution'], resources: [stateMachineArn] })],
      roles: [this.maintenanceFunction.role!],
    });
    // A definition loaded from a file hides its tasks from CDK, so nothing is granted implicitly: grant it here.
    this.stateMachine.addToRolePolicy(
      new PolicyStatement({
        actions: ['lambda:InvokeFunction'],
        resources: taskFunctions.map((fn) => fn.functionArn),
      }),
    );

    Validations.of(this.stateMachine).acknowledge(
      {
        id: 'AwsSolutions-SF1',
        reason:
          'Logging level ERROR without execution data on purpose: ALL would copy case payloads (citizen names, phone numbers, addresses) into CloudWatch Logs; the full history stays in Step Functions and every transition is in the case audit trail.',
      },
      {
        id: 'AwsSolutions-IAM5[Resource::*]',
        reason:
          'CloudWatch Logs vended-log delivery (logs:CreateLogDelivery, …) and X-Ray (xray:PutTraceSegments, …) do not support resource-level permissions.',
      },
    );
  }
}
