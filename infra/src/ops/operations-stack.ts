import { CfnOutput, Duration, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import type { HttpApi } from 'aws-cdk-lib/aws-apigatewayv2';
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  MathExpression,
  Metric,
  TreatMissingData,
} from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { IStateMachine } from 'aws-cdk-lib/aws-stepfunctions';
import type { Construct } from 'constructs';

/** Props for {@link OperationsStack}. */
export interface OperationsStackProps extends StackProps {
  readonly httpApi: HttpApi;
  /** Every CivicGrid Lambda, by a short name used in the alarm names. */
  readonly functions: Record<string, IFunction>;
  readonly stateMachine: IStateMachine;
  /** The workflow error handler (it counts `CivicGrid/WorkflowErrors` for each case it marks `workflowError`). */
  readonly workflowErrorHandler?: IFunction;
  readonly table: ITable;
  /** Background-job messages that failed for good (imports): any message there is an alarm. */
  readonly jobDeadLetterQueue?: IQueue;
  /** The background-job queue: a message waiting long means the worker is not keeping up or not running. */
  readonly jobQueue?: IQueue;
  /** Webhook deliveries whose retries failed past the queue's receive limit: any message there is an alarm. */
  readonly webhookDeadLetterQueue?: IQueue;
  /** Subscribed to the alarm topic when given. */
  readonly alarmEmail?: string;
}

/**
 * CloudWatch alarms on what breaks a deployment, all to one SNS topic: API 5xx, each Lambda's errors and
 * throttles, failed/timed-out/aborted workflow executions, workflow-error handler runs, DynamoDB throttling, and
 * background jobs and webhooks: a message in the job or webhook dead-letter queue, or a job message waiting over an hour.
 */
export class OperationsStack extends Stack {
  readonly topic: Topic;
  readonly alarms: Alarm[] = [];

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    this.topic = new Topic(this, 'AlarmTopic', { displayName: 'CivicGrid alarms', enforceSSL: true });
    if (props.alarmEmail) this.topic.addSubscription(new EmailSubscription(props.alarmEmail));
    Validations.of(this.topic).acknowledge({
      id: 'AwsSolutions-SNS2',
      reason:
        'Alarm notifications carry alarm names and states only, no case or personal data; CloudWatch cannot publish to a topic encrypted with the AWS-managed SNS key, and a customer key for alarm text is not worth its cost.',
    });
    const action = new SnsAction(this.topic);
    const alarm = (name: string, metric: IMetric, threshold: number, description: string) => {
      const a = new Alarm(this, name, {
        alarmDescription: description,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: TreatMissingData.NOT_BREACHING,
      });
      a.addAlarmAction(action);
      this.alarms.push(a);
      return a;
    };
    const fiveMinutes = { period: Duration.minutes(5), statistic: 'Sum' };

    alarm('Api5xx', props.httpApi.metricServerError(fiveMinutes), 5, 'HTTP API answered 5xx (5+ in 5 minutes)');
    for (const [name, fn] of Object.entries(props.functions)) {
      alarm(`${name}Errors`, fn.metricErrors(fiveMinutes), 1, `Lambda ${name} threw`);
      alarm(`${name}Throttles`, fn.metricThrottles(fiveMinutes), 1, `Lambda ${name} was throttled`);
    }
    alarm(
      'WorkflowExecutionsFailed',
      new MathExpression({
        expression: 'failed + timedOut + aborted',
        usingMetrics: {
          failed: props.stateMachine.metricFailed(fiveMinutes),
          timedOut: props.stateMachine.metricTimedOut(fiveMinutes),
          aborted: props.stateMachine.metricAborted(fiveMinutes),
        },
        period: Duration.minutes(5),
      }),
      1,
      'A case workflow execution failed, timed out or was aborted (docs/deploy.md, "Redrive a case workflow")',
    );
    if (props.workflowErrorHandler) {
      alarm(
        'WorkflowErrorHandled',
        new Metric({ namespace: 'CivicGrid', metricName: 'WorkflowErrors', ...fiveMinutes }),
        1,
        'A workflow task failed for good: the case is marked workflowError and waits for an operator redrive',
      );
    }
    if (props.jobDeadLetterQueue) {
      alarm(
        'JobDeadLetters',
        props.jobDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        1,
        'A background job (import) failed five deliveries and is parked in the dead-letter queue (docs/deploy.md, "Background jobs")',
      );
    }
    if (props.webhookDeadLetterQueue) {
      alarm(
        'WebhookDeadLetters',
        props.webhookDeadLetterQueue.metricApproximateNumberOfMessagesVisible({
          period: Duration.minutes(5),
          statistic: 'Maximum',
        }),
        1,
        'A webhook delivery message failed ten receives and is parked in the dead-letter queue (docs/deploy.md)',
      );
    }
    if (props.jobQueue) {
      alarm(
        'JobQueueBacklog',
        props.jobQueue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
        3600,
        'A background job (import) has waited over an hour in the job queue',
      );
    }
    for (const event of ['ReadThrottleEvents', 'WriteThrottleEvents']) {
      alarm(`Table${event}`, props.table.metric(event, fiveMinutes), 1, `DynamoDB ${event} on the case table`);
    }
    new CfnOutput(this, 'AlarmTopicArn', { value: this.topic.topicArn });
  }
}
