import { App, type Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { addCivicGridStacks } from '../src/civicgrid-app.js';
import { readDeploymentConfig } from '../src/config/deployment-config.js';
import { FEATURE_FLAGS } from '../src/config/feature-flags.js';
import { resolveCfn } from './cfn-resolve.js';

/** Synthesizes every stack for one region (no bundling: the templates are what is under test). */
function synthFor(region: string) {
  const app = new App({
    context: { ...FEATURE_FLAGS, 'aws:cdk:bundling-stacks': [], 'civicgrid:deployWebAssets': false },
  });
  const stacks = addCivicGridStacks(app, readDeploymentConfig(app.node), {
    env: { account: '123456789012', region },
  });
  // as CloudFormation resolves them in that region; the pool id stands for the Identity stack's export
  const imports = new Proxy({} as Record<string, unknown>, {
    has: () => true,
    get: (_, name) => (String(name).includes('StaffUserPool') ? `${region}_Pool1` : `import:${String(name)}`),
  });
  const resolved = (stack: Stack) =>
    JSON.stringify(resolveCfn(Template.fromStack(stack).toJSON(), { region, imports }));
  return {
    api: resolved(stacks.api),
    web: resolved(stacks.web),
    workflow: JSON.parse(resolved(stacks.workflow)),
  };
}

describe.each([
  ['cn-north-1', 'aws-cn', 'amazonaws.com.cn'],
  ['us-east-1', 'aws', 'amazonaws.com'],
])('synth for %s', (region, partition, suffix) => {
  const t = synthFor(region);

  it(`issues and verifies staff tokens at cognito-idp.${region}.${suffix}`, () => {
    const issuer = `https://cognito-idp.${region}.${suffix}/${region}_Pool1`;
    // the JWT authorizer's issuer, and the API's JWT_ISSUER / JWKS_URL
    expect(t.api).toContain(`"Issuer":"${issuer}"`);
    expect(t.api).toContain(`"JWT_ISSUER":"${issuer}"`);
    expect(t.api).toContain(`"JWKS_URL":"${issuer}/.well-known/jwks.json"`);
    expect(t.api.match(/https:\/\/cognito-idp\.[^"]*/g)?.every((url) => url.startsWith(issuer))).toBe(true);
  });

  it('lets the console reach the evidence bucket by its regional domain (no hard-coded S3 suffix in the CSP)', () => {
    const csp = /"ContentSecurityPolicy":"([^"]*)"/.exec(t.web)?.[1] ?? '';
    expect(csp).toMatch(/connect-src 'self'[^;]* https:\/\/import:[^ ;]*RegionalDomainName/);
    expect(csp).not.toContain('amazonaws.com');
  });

  it(`names ARNs in the ${partition} partition`, () => {
    const arns = [...`${t.api}${t.web}${JSON.stringify(t.workflow)}`.matchAll(/arn:([a-z-]+):/g)].map((m) => m[1]);
    expect(arns.length).toBeGreaterThan(0);
    expect(new Set(arns)).toEqual(new Set([partition]));
    const machine = Object.values(
      t.workflow.Resources as Record<
        string,
        { Type: string; Properties: { DefinitionSubstitutions: Record<string, unknown> } }
      >,
    ).find((r) => r.Type === 'AWS::StepFunctions::StateMachine');
    expect(machine?.Properties.DefinitionSubstitutions.Partition).toBe(partition);
  });
});
