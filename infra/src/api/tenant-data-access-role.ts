import { Duration, Fn, Validations } from 'aws-cdk-lib';
import { ArnPrincipal, type IRole, PolicyStatement, Role } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import type { CaseTable } from '../data/case-table.js';
import { ITEM_ACTIONS } from '../data/case-table.js';

/** The session tag carrying the caller's tenant path, e.g. `d0101/s003/`. */
export const TENANT_PATH_TAG = 'TenantPath';

/** IAM policy variable resolving to the session's tenant path. */
export const TENANT_PATH_VARIABLE = `\${aws:PrincipalTag/${TENANT_PATH_TAG}}`;

/** Props for {@link TenantDataAccessRole}. */
export interface TenantDataAccessRoleProps {
  /** The role allowed to assume this one with a `TenantPath` session tag (the API Lambda's role). */
  readonly assumedBy: IRole;
  /** Other roles trusted the same way (the job worker's, acting for the tenant whose job it runs). */
  readonly alsoAssumedBy?: IRole[];
  readonly caseTable: CaseTable;
  /**
   * Name of the export holding the evidence bucket ARN. Imported by name (not an automatic cross-stack reference)
   * so the tenant-prefix wildcard has a stable identity that its cdk-nag acknowledgment can name.
   */
  readonly evidenceBucketArnExportName: string;
}

/**
 * The tenant-isolation second wall. The API assumes this role per request with the session tag
 * `TenantPath=<verified token's tenantPath>`; the policy then only reaches partition keys and evidence keys that
 * start with that path. Tenant paths are `/`-terminated, so `d1/` never matches `d10/`.
 */
export class TenantDataAccessRole extends Construct {
  readonly role: Role;

  constructor(scope: Construct, id: string, props: TenantDataAccessRoleProps) {
    super(scope, id);
    const tagConditions = {
      // A session without the tag would make the policy variable empty and the prefix match everything.
      StringLike: { [`aws:RequestTag/${TENANT_PATH_TAG}`]: '?*/' },
      'ForAllValues:StringEquals': { 'aws:TagKeys': [TENANT_PATH_TAG] },
    };
    this.role = new Role(this, 'Role', {
      description: 'Per-request tenant-scoped access to the case table and evidence bucket (session tag TenantPath)',
      assumedBy: new ArnPrincipal(props.assumedBy.roleArn).withConditions(tagConditions).withSessionTags(),
      maxSessionDuration: Duration.hours(1),
    });
    for (const other of props.alsoAssumedBy ?? []) {
      this.role.assumeRolePolicy?.addStatements(
        new PolicyStatement({
          actions: ['sts:AssumeRole', 'sts:TagSession'],
          principals: [new ArnPrincipal(other.roleArn)],
          conditions: tagConditions,
        }),
      );
    }

    // Item actions on the table and Query on each index, all only where every partition key touched (the index's
    // own partition key for an index query) starts with the session's tenant path. Every GSI partition key starts
    // with a tenant path, so index reads are walled in too. TransactWriteItems is authorized per item by these.
    const leadingKeys = { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': [`${TENANT_PATH_VARIABLE}*`] } };
    this.role.addToPolicy(
      new PolicyStatement({
        actions: [...ITEM_ACTIONS],
        resources: [props.caseTable.tableArn],
        conditions: leadingKeys,
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['dynamodb:Query'],
        resources: props.caseTable.indexArns(),
        conditions: leadingKeys,
      }),
    );
    this.role.addToPolicy(
      new PolicyStatement({
        actions: ['s3:GetObject', 's3:PutObject'],
        resources: [`${Fn.importValue(props.evidenceBucketArnExportName)}/${TENANT_PATH_VARIABLE}*`],
      }),
    );

    Validations.of(this.role).acknowledge({
      id: `AwsSolutions-IAM5[Resource::${props.evidenceBucketArnExportName}/<aws:PrincipalTag/${TENANT_PATH_TAG}>*]`,
      reason: `The wildcard follows the session's own tenant path (${TENANT_PATH_VARIABLE}*): it is the tenant prefix scoping evidence objects, not a broad grant.`,
    });
  }
}
