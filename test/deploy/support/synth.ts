import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { addCivicGridStacks } from '../../../infra/src/civicgrid-app';
import { readDeploymentConfig } from '../../../infra/src/config/deployment-config';
import { FEATURE_FLAGS } from '../../../infra/src/config/feature-flags';
import { REPOSITORY_ROOT } from '../../../infra/src/config/repository-paths';

/** Template and API JSON, read loosely (the tests assert on what they read). */
// biome-ignore lint/suspicious/noExplicitAny: CloudFormation JSON is read as CloudFormation reads it
export type Loose = any;

export type Template = {
  Resources: Record<string, { Type: string; Properties: Record<string, Loose>; Metadata?: Record<string, Loose> }>;
  Outputs?: Record<string, { Value: unknown; Export?: { Name: string } }>;
};

export interface Synthesized {
  outdir: string;
  region: string;
  templates: Record<'Data' | 'Identity' | 'Workflow' | 'Api' | 'Web' | 'Ops', Template>;
  /** the one resource of `type` (whose logical id contains `part`) in a stack */
  resource(stack: keyof Synthesized['templates'], type: string, part?: string): [string, Template['Resources'][string]];
  /** the entry file of a Lambda's bundle in cdk.out */
  bundleOf(stack: keyof Synthesized['templates'], logicalIdPart: string): string;
  /** the state machine's definition file (the shared ASL, staged as an asset) */
  definitionText(): string;
}

/**
 * `cdk synth` in-process, with bundling (the local esbuild, as `npm run synth`), for one region, into
 * `infra/cdk.out/deploy-test` — inside the repository, so the bundles resolve the runtime-provided `@aws-sdk/*`
 * from its node_modules as Lambda resolves them from the runtime.
 */
export function synthesize(region: string, account: string, context: Record<string, unknown> = {}): Synthesized {
  const outdir = join(REPOSITORY_ROOT, 'infra', 'cdk.out', 'deploy-test');
  rmSync(outdir, { recursive: true, force: true });
  const app = new App({
    outdir,
    context: {
      ...FEATURE_FLAGS,
      'aws:cdk:enable-asset-metadata': true,
      'civicgrid:deployWebAssets': false,
      ...context,
    },
  });
  addCivicGridStacks(app, readDeploymentConfig(app.node), { env: { account, region } });
  app.synth();
  const read = (name: string) =>
    JSON.parse(readFileSync(join(outdir, `CivicGrid-${name}.template.json`), 'utf8')) as Template;
  const templates = {
    Data: read('Data'),
    Identity: read('Identity'),
    Workflow: read('Workflow'),
    Api: read('Api'),
    Web: read('Web'),
    Ops: read('Ops'),
  };
  const resource: Synthesized['resource'] = (stack, type, part = '') => {
    const found = Object.entries(templates[stack].Resources).filter(([id, r]) => r.Type === type && id.includes(part));
    if (found.length !== 1) throw new Error(`${stack}: ${found.length} resources of ${type} matching "${part}"`);
    return found[0] as [string, Template['Resources'][string]];
  };
  return {
    outdir,
    region,
    templates,
    resource,
    bundleOf(stack, part) {
      const [, fn] = resource(stack, 'AWS::Lambda::Function', part);
      const dir = join(outdir, String(fn.Metadata?.['aws:asset:path']));
      const [file] = String(fn.Properties.Handler).split('.');
      const entry = ['mjs', 'js'].map((ext) => join(dir, `${file}.${ext}`)).find(existsSync);
      if (!entry) throw new Error(`no bundle for ${part} in ${dir}`);
      return entry;
    },
    definitionText() {
      const [, machine] = resource('Workflow', 'AWS::StepFunctions::StateMachine');
      const key = String(machine.Properties.DefinitionS3Location.Key);
      return readFileSync(join(outdir, `asset.${key}`), 'utf8');
    },
  };
}
