import type { STSClient } from '@aws-sdk/client-sts';
import type { AssumeTenantRole } from '@civicgrid/db';

/** The session tag the tenant role's trust policy requires and its policy reads (`${aws:PrincipalTag/TenantPath}`). */
export const TENANT_PATH_TAG = 'TenantPath';

export interface StsTenantRoleOptions {
  /** the STS client, or a factory called by the first AssumeRole (the API Lambda loads STS on first use) */
  client: STSClient | (() => Promise<STSClient>);
  roleArn: string;
  /** @default 900 (the STS minimum); role chaining caps it at 3600 */
  durationSeconds?: number;
}

/**
 * STS AssumeRole on the tenant data-access role with `TenantPath=<path>` as the only session tag. Not transitive:
 * the session never assumes another role.
 */
export function createStsAssumeTenantRole(options: StsTenantRoleOptions): AssumeTenantRole {
  const client = () => (typeof options.client === 'function' ? options.client() : Promise.resolve(options.client));
  return async (tenantPath) => {
    const [sts, { AssumeRoleCommand }] = await Promise.all([client(), import('@aws-sdk/client-sts')]);
    const out = await sts.send(
      new AssumeRoleCommand({
        RoleArn: options.roleArn,
        RoleSessionName: sessionName(tenantPath),
        DurationSeconds: options.durationSeconds ?? 900,
        Tags: [{ Key: TENANT_PATH_TAG, Value: tenantPath }],
      }),
    );
    const c = out.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration) {
      throw new Error('AssumeRole returned no credentials');
    }
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
}

/** `tenant-d0101.s003` — the session name shows in CloudTrail; `[\w+=,.@-]{2,64}` only. */
export function sessionName(tenantPath: string): string {
  return `tenant-${tenantPath.replace(/\/$/, '').replace(/[^\w+=,.@-]/g, '.')}`.slice(0, 64);
}
