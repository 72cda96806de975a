import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { AccessLogsBucket } from './access-logs-bucket.js';
import { CaseTable } from './case-table.js';
import { EvidenceBucket } from './evidence-bucket.js';

/** Props for {@link DataStack}. */
export type DataStackProps = StackProps;

/** Stateful data: the single DynamoDB table and the evidence bucket (with its access-log bucket). */
export class DataStack extends Stack {
  readonly caseTable: CaseTable;
  readonly evidence: EvidenceBucket;
  /** Export name of the evidence bucket ARN (the tenant role imports it by this stable name). */
  readonly evidenceBucketArnExportName: string;

  constructor(scope: Construct, id: string, props: DataStackProps) {
    super(scope, id, props);
    this.caseTable = new CaseTable(this, 'CaseTable');
    const accessLogs = new AccessLogsBucket(this, 'AccessLogs');
    this.evidence = new EvidenceBucket(this, 'Evidence', {
      accessLogsBucket: accessLogs.bucket,
    });
    new CfnOutput(this, 'TableName', { value: this.caseTable.tableName });
    new CfnOutput(this, 'EvidenceBucketName', { value: this.evidence.bucket.bucketName });
    this.evidenceBucketArnExportName = `${this.stackName}-EvidenceBucketArn`;
    new CfnOutput(this, 'EvidenceBucketArn', {
      value: this.evidence.bucket.bucketArn,
      exportName: this.evidenceBucketArnExportName,
    });
  }
}
