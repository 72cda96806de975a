import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { CaseTable } from '../data/case-table.js';
import { IncidentWorkflow } from './incident-workflow.js';

/** Props for {@link WorkflowStack}. */
export interface WorkflowStackProps extends StackProps {
  readonly caseTable: CaseTable;
  /** Override the ASL file (tests and experiments only). */
  readonly definitionPath?: string;
}

/**
 * The incident workflow state machine and its task Lambdas. The task Lambdas live here, not in ApiStack: the state
 * machine needs their ARNs and the API needs the state machine's ARN, so splitting them would be a cycle.
 */
export class WorkflowStack extends Stack {
  readonly workflow: IncidentWorkflow;

  constructor(scope: Construct, id: string, props: WorkflowStackProps) {
    super(scope, id, props);
    this.workflow = new IncidentWorkflow(this, 'IncidentWorkflow', {
      caseTable: props.caseTable,
      definitionPath: props.definitionPath,
    });
    new CfnOutput(this, 'StateMachineArn', { value: this.workflow.stateMachine.stateMachineArn });
  }
}
