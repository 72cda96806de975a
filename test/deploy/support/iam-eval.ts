/**
 * A local evaluator for the IAM policy shapes CivicGrid's templates use: Allow statements with Action / Resource
 * (strings or lists, `*` and `?` wildcards) and conditions `StringLike` / `StringEquals`, optionally prefixed with
 * `ForAllValues:` or `ForAnyValue:`, with `${aws:PrincipalTag/…}` policy variables. An implicit deny is the
 * answer when no statement allows. Not a general IAM engine: enough to read the tenant role as AWS would.
 */
export interface Statement {
  Effect: 'Allow' | 'Deny';
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, string | string[]>>;
}

export interface RequestContext {
  action: string;
  resource: string;
  /** condition keys → values (`dynamodb:LeadingKeys`, `aws:RequestTag/TenantPath`, `aws:TagKeys`) */
  keys?: Record<string, string[]>;
  /** the session's principal tags */
  principalTags?: Record<string, string>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

function wildcard(pattern: string, value: string): boolean {
  const re = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${re}$`, 's').test(value);
}

function substitute(pattern: string, tags: Record<string, string> = {}): string | undefined {
  let missing = false;
  const out = pattern.replace(/\$\{aws:PrincipalTag\/([^}]+)\}/g, (_, key: string) => {
    const value = tags[key];
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? undefined : out;
}

function conditionHolds(operator: string, key: string, expected: string | string[], ctx: RequestContext): boolean {
  const [qualifier, base] = operator.includes(':') ? operator.split(':') : [undefined, operator];
  const patterns = list(expected).map((p) => substitute(p, ctx.principalTags));
  if (patterns.some((p) => p === undefined)) return false; // a missing policy variable never matches
  const match = (value: string) =>
    (patterns as string[]).some((p) => (base === 'StringLike' ? wildcard(p, value) : p === value));
  const values = ctx.keys?.[key];
  if (base !== 'StringLike' && base !== 'StringEquals')
    throw new Error(`condition operator ${operator} not evaluated locally`);
  if (qualifier === 'ForAllValues') return (values ?? []).every(match);
  if (qualifier === 'ForAnyValue') return (values ?? []).some(match);
  return values !== undefined && values.length === 1 && match(values[0] as string);
}

/** Whether `statements` allow the request (an explicit Deny wins; nothing allowing is a deny). */
export function isAllowed(statements: Statement[], ctx: RequestContext): boolean {
  const applies = (s: Statement) =>
    list(s.Action).some((a) => wildcard(a, ctx.action)) &&
    list(s.Resource).some((r) => {
      const resource = substitute(r, ctx.principalTags);
      return resource !== undefined && wildcard(resource, ctx.resource);
    }) &&
    Object.entries(s.Condition ?? {}).every(([operator, entries]) =>
      Object.entries(entries).every(([key, expected]) => conditionHolds(operator, key, expected, ctx)),
    );
  const matching = statements.filter(applies);
  return !matching.some((s) => s.Effect === 'Deny') && matching.some((s) => s.Effect === 'Allow');
}
