import { randomBytes } from 'node:crypto';
import { listen, StubError } from './http-stub';
import { isAllowed, type Statement } from './iam-eval';

/** A tenant session the STS stand-in issued: its token and tags (what the DynamoDB proxy evaluates against). */
export interface StsSession {
  roleArn: string;
  sessionName: string;
  tags: Record<string, string>;
}

export interface StsStandInOptions {
  /** role ARN → its trust policy statements (from the template), evaluated for `sts:AssumeRole` + `sts:TagSession` */
  roles: Record<string, Statement[]>;
  /** the key pair every session gets (s3rver only knows one); sessions differ by their session token */
  accessKeyId: string;
  secretAccessKey: string;
  /** Secrets Manager: secret ARN → value */
  secrets: Record<string, string>;
}

const xml = (value: string) => value.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * STS (query API: AssumeRole with session tags, refused unless the role's trust policy from the template allows
 * the tags) and Secrets Manager (JSON 1.1: GetSecretValue) on one local endpoint.
 */
export async function startStsSecretsStandIn(options: StsStandInOptions) {
  const sessions = new Map<string, StsSession>();
  const service = await listen(async (req, raw) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (target === 'secretsmanager.GetSecretValue') {
      const { SecretId } = JSON.parse(raw) as { SecretId: string };
      const value = options.secrets[SecretId];
      if (value === undefined)
        throw new StubError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
      return { body: JSON.stringify({ ARN: SecretId, Name: SecretId.split(':').at(-1), SecretString: value }) };
    }
    const form = new URLSearchParams(raw);
    if (form.get('Action') !== 'AssumeRole') throw new StubError('InvalidAction', `Not served: ${form.get('Action')}`);
    const roleArn = form.get('RoleArn') ?? '';
    const tags: Record<string, string> = {};
    for (let i = 1; form.has(`Tags.member.${i}.Key`); i++) {
      tags[form.get(`Tags.member.${i}.Key`) as string] = form.get(`Tags.member.${i}.Value`) ?? '';
    }
    const trust = options.roles[roleArn];
    const keys = {
      'aws:TagKeys': Object.keys(tags),
      ...Object.fromEntries(Object.entries(tags).map(([k, v]) => [`aws:RequestTag/${k}`, [v]])),
    };
    const allowed =
      trust !== undefined &&
      ['sts:AssumeRole', 'sts:TagSession'].every((action) =>
        isAllowed(
          trust.map((s) => ({ ...s, Resource: '*' })),
          { action, resource: '*', keys },
        ),
      );
    if (!allowed) {
      return {
        status: 403,
        headers: { 'content-type': 'text/xml' },
        body: `<ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not authorized to perform sts:AssumeRole on ${xml(roleArn)}</Message></Error><RequestId>x</RequestId></ErrorResponse>`,
      };
    }
    const token = `session-${randomBytes(24).toString('hex')}`;
    const sessionName = form.get('RoleSessionName') ?? '';
    sessions.set(token, { roleArn, sessionName, tags });
    const expiration = new Date(Date.now() + Number(form.get('DurationSeconds') ?? 900) * 1000).toISOString();
    return {
      headers: { 'content-type': 'text/xml' },
      body: `<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/"><AssumeRoleResult><Credentials><AccessKeyId>${options.accessKeyId}</AccessKeyId><SecretAccessKey>${options.secretAccessKey}</SecretAccessKey><SessionToken>${token}</SessionToken><Expiration>${expiration}</Expiration></Credentials><AssumedRoleUser><AssumedRoleId>AROALOCAL:${xml(sessionName)}</AssumedRoleId><Arn>${xml(roleArn)}/${xml(sessionName)}</Arn></AssumedRoleUser><PackedPolicySize>1</PackedPolicySize></AssumeRoleResult><ResponseMetadata><RequestId>local</RequestId></ResponseMetadata></AssumeRoleResponse>`,
    };
  });
  return { endpoint: service.endpoint, sessions, stop: service.stop };
}
