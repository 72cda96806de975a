import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Grant, type IGrantable } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';

/** The global secondary indexes of the single table (same names as `@civicgrid/db` `tableDefinition`). */
export const CASE_TABLE_INDEXES = ['GSI1', 'GSI2', 'GSI3', 'GSI4'] as const;

/** DynamoDB item-level actions a request handler may use. No Scan: every access pattern is Get/Query/Transact. */
export const ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:BatchWriteItem',
  'dynamodb:ConditionCheckItem',
] as const;

/** Read-only subset of {@link ITEM_ACTIONS}. */
export const READ_ITEM_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:BatchGetItem',
  'dynamodb:Query',
  'dynamodb:ConditionCheckItem',
];

/** Props for {@link CaseTable}. */
export interface CaseTableProps {
  /** @default RemovalPolicy.RETAIN — case files are public records. */
  readonly removalPolicy?: RemovalPolicy;
}

/**
 * The one DynamoDB table (single-table design): `PK`/`SK` strings and `GSI1`…`GSI4` on `GSI<n>PK`/`GSI<n>SK`,
 * projection ALL, on-demand, point-in-time recovery, deletion protection and AWS-managed encryption; a stream of
 * new images for the webhook outbox.
 */
export class CaseTable extends Construct {
  readonly table: Table;

  constructor(scope: Construct, id: string, props: CaseTableProps = {}) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      encryption: TableEncryption.AWS_MANAGED,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      removalPolicy: props.removalPolicy ?? RemovalPolicy.RETAIN,
      // the webhook outbox reaches the webhook worker through the stream (filtered to outbox inserts); nothing
      // else reads it, so the embedded runtime (DynamoDB Local, no stream processing) loses nothing
      stream: StreamViewType.NEW_IMAGE,
    });
    for (const indexName of CASE_TABLE_INDEXES) {
      this.table.addGlobalSecondaryIndex({
        indexName,
        partitionKey: { name: `${indexName}PK`, type: AttributeType.STRING },
        sortKey: { name: `${indexName}SK`, type: AttributeType.STRING },
      });
    }
  }

  get tableName(): string {
    return this.table.tableName;
  }

  get tableArn(): string {
    return this.table.tableArn;
  }

  /** Each index by name: no `index/*` wildcard in any policy. */
  indexArns(): string[] {
    return CASE_TABLE_INDEXES.map((name) => `${this.tableArn}/index/${name}`);
  }

  /** The table and each index by name. */
  resourceArns(): string[] {
    return [this.tableArn, ...this.indexArns()];
  }

  /** Grants item actions on the table and its indexes, optionally under IAM conditions. */
  grantItems(
    grantee: IGrantable,
    actions: readonly string[],
    conditions?: Record<string, Record<string, unknown>>,
  ): Grant {
    return Grant.addToPrincipal({
      grantee,
      actions: [...actions],
      resourceArns: this.resourceArns(),
      conditions,
    });
  }
}
