/**
 * A small evaluator of the CloudFormation intrinsics CivicGrid's templates use, for tests that read the templates
 * the way CloudFormation would in one region: pseudo parameters, `Ref` / `Fn::GetAtt` of resources (through
 * `physical`), `Fn::ImportValue` (through `imports`), `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::Sub` (no map).
 * Anything else is left in place, so an assertion on it fails visibly.
 */
export interface ResolveContext {
  region: string;
  account?: string;
  /** logical id (or `id.Attribute`) → value */
  physical?: Record<string, unknown>;
  /** export name → value */
  imports?: Record<string, unknown>;
}

export function partitionOf(region: string): { partition: string; urlSuffix: string } {
  return region.startsWith('cn-')
    ? { partition: 'aws-cn', urlSuffix: 'amazonaws.com.cn' }
    : { partition: 'aws', urlSuffix: 'amazonaws.com' };
}

export function resolveCfn(value: unknown, ctx: ResolveContext): unknown {
  const { partition, urlSuffix } = partitionOf(ctx.region);
  const pseudo: Record<string, string> = {
    'AWS::Region': ctx.region,
    'AWS::Partition': partition,
    'AWS::URLSuffix': urlSuffix,
    'AWS::AccountId': ctx.account ?? '123456789012',
    'AWS::StackName': 'CivicGrid-Test',
  };
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (!v || typeof v !== 'object') return v;
    const entries = Object.entries(v as Record<string, unknown>);
    if (entries.length === 1) {
      const [fn, arg] = entries[0] as [string, unknown];
      if (fn === 'Ref' && typeof arg === 'string') return pseudo[arg] ?? ctx.physical?.[arg] ?? v;
      if (fn === 'Fn::GetAtt' && Array.isArray(arg)) return ctx.physical?.[`${arg[0]}.${arg[1]}`] ?? v;
      if (fn === 'Fn::ImportValue') {
        const name = walk(arg);
        return typeof name === 'string' && ctx.imports && name in ctx.imports ? ctx.imports[name] : v;
      }
      if (fn === 'Fn::Join' && Array.isArray(arg)) {
        const parts = (walk(arg[1]) as unknown[]) ?? [];
        return parts.every((p) => typeof p === 'string') ? parts.join(String(arg[0])) : { [fn]: [arg[0], parts] };
      }
      if (fn === 'Fn::Split' && Array.isArray(arg)) {
        const text = walk(arg[1]);
        return typeof text === 'string' ? text.split(String(arg[0])) : v;
      }
      if (fn === 'Fn::Select' && Array.isArray(arg)) {
        const list = walk(arg[1]);
        return Array.isArray(list) ? list[Number(arg[0])] : v;
      }
      if (fn === 'Fn::Sub' && typeof arg === 'string') {
        return arg.replace(/\$\{([^}]+)\}/g, (whole, name: string) => {
          const found = pseudo[name] ?? ctx.physical?.[name];
          return typeof found === 'string' ? found : whole;
        });
      }
    }
    return Object.fromEntries(entries.map(([k, item]) => [k, walk(item)]));
  };
  return walk(value);
}
