import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { StaffUserPool } from './staff-user-pool.js';

/** Identity: the staff user pool, its web client and the pre-token-generation trigger. */
export class IdentityStack extends Stack {
  readonly staff: StaffUserPool;

  constructor(scope: Construct, id: string, props?: StackProps) {
    super(scope, id, props);
    this.staff = new StaffUserPool(this, 'Staff');
    new CfnOutput(this, 'UserPoolId', { value: this.staff.userPool.userPoolId });
    new CfnOutput(this, 'UserPoolClientId', { value: this.staff.client.userPoolClientId });
    new CfnOutput(this, 'Issuer', { value: this.staff.issuer });
  }
}
