import type { Store } from '@civicgrid/db';
import type { AnyProcessKind, PlanLimitOverrides, TenantPath } from '@civicgrid/domain';
import type { TokenIssuer, TokenVerifier } from './auth/tokens';
import type { IdentityProvisioner, StaffAuthenticator } from './aws/identity-provisioner';
import type { MessageSender } from './notifier';
import type { UsageMeter } from './usage/meter';
import type { WebhookDeliverer } from './webhooks/deliverer';
import type { TargetPolicy } from './webhooks/target-policy';

/** What the workflow's first step needs of a case (the workflow package's `CaseWorkflowView`). */
export interface KnownCase {
  step: string;
  deadline?: string;
  escalations: number;
  parked?: boolean;
}

/** Evidence storage as the API needs it (implemented by @civicgrid/files). */
export interface EvidencePort {
  presignUpload(input: {
    tenantPath: string;
    caseId: string;
    fileName: string;
    contentType: string;
    size: number;
    /** key folder below the tenant prefix (`reports/<id>` for citizen photos); default `cases/<caseId>` */
    folder?: string;
    /** other content types and size than evidence's (import spreadsheets) */
    rules?: { types: readonly string[]; maxBytes: number };
  }): Promise<{
    key: string;
    uploadUrl: string;
    headers: Record<string, string>;
    expiresAt: string;
  }>;
  presignDownload(tenantPath: string, key: string): Promise<{ url: string; expiresAt: string }>;
  objectSize(key: string): Promise<number | undefined>;
  /** the bytes of an uploaded file (import spreadsheets), undefined when missing */
  readObject(key: string): Promise<Uint8Array | undefined>;
  /** store a file the platform produced (an export) under a tenant prefix */
  writeObject(key: string, bytes: Uint8Array, contentType: string): Promise<void>;
}

/**
 * Background jobs off the request path (spreadsheet imports). A module registers a handler per kind when the app
 * is built; a route enqueues. The embedded runtime runs them in-process one after another; on AWS `enqueue` sends
 * an SQS message and the job-worker Lambda builds the same app and calls the same handler (`createLambdaJobWorker`).
 */
export interface JobPort {
  enqueue(job: BackgroundJob): Promise<void>;
  register(kind: string, handler: JobHandler): void;
}

/**
 * Runs one job. `'yielded'`: it stopped at a checkpoint because `run.shouldYield()` said so, and wants to be run
 * again (the runner queues a continuation); anything else: finished.
 */
export type JobHandler = (job: BackgroundJob, run: JobRun) => Promise<'done' | 'yielded' | undefined>;

/** What a runner tells a running job. */
export interface JobRun {
  /** true when the job should stop at its next checkpoint (the Lambda is near its timeout) */
  shouldYield(): boolean;
}

/** One job: its kind, the tenant it works for and the id of the record that tracks it. */
export interface BackgroundJob {
  kind: string;
  tenantPath: string;
  id: string;
}

/** The workflow engine as the API needs it (implemented by @civicgrid/workflow). */
export interface WorkflowPort {
  /** `known`: the case as just stored, so the execution's first step need not read it back */
  startCase(input: {
    tenantPath: string;
    caseId: string;
    /** the record kind (default incident): every kind runs on the one definition */
    kind?: string;
    known?: KnownCase;
  }): Promise<{ executionArn: string }>;
  completeTask(token: string, output: unknown): Promise<void>;
}

/** What the webhook routes need of the runtime (webhooks/). */
export interface WebhookPort {
  /** which targets this runtime may reach (https and no private networks on AWS; loopback http locally) */
  policy: TargetPolicy;
  deliverer: WebhookDeliverer;
  /** a tenant's webhooks changed: drop this process's cached copy of the list the write path reads */
  changed(path: TenantPath): void;
}

/** Runtime settings that differ between the embedded runtime and AWS. */
export interface AppConfig {
  /** origins allowed by CORS (the console's own origin needs none) */
  corsOrigins: string[];
  /** secret for signing list cursors */
  cursorSecret: string;
  /**
   * secret the field-level encryption key and the blind-index key of sensitive values (ID numbers, phones) derive
   * from (docs/pipl.md); the embedded runtime keeps a random one in its data directory
   */
  fieldSecret: string;
  /** largest JSON body accepted, bytes */
  maxBodyBytes: number;
  /** platform name in messages */
  platformName: string;
  /**
   * Origin of the citizen pages (`https://civicgrid.example.gov.cn`): SMS notices link to `<publicUrl>/r/<slug>/t/…`.
   * Unset, the link is the bare path.
   */
  publicUrl?: string;
  /**
   * Tile hosts (URL templates or CSP sources such as `https://*.tiles.example.gov.cn`) the deployment's page CSP
   * allows besides 天地图: a tenant's own tile server must be one of them.
   */
  tileSources?: string[];
  /** per-client limits (in-process windows; see http/rate-limit.ts) */
  rateLimits: {
    signupsPerHour: number;
    loginsPerMinute: number;
    reportsPerMinute: number;
    reportsPerTenantPerMinute: number;
    /** citizen photo upload URLs per client (default 20) */
    uploadsPerMinute?: number;
    /** tracking-code and Open311 reads per client: makes guessing codes slow (default 60) */
    lookupsPerMinute?: number;
  };
  /** radius of the "similar problems nearby" hint, metres (default 200) */
  duplicateRadiusMeters?: number;
  /** plan limits differing from the published ones (tests, negotiated contracts); see @civicgrid/domain plans */
  planLimits?: PlanLimitOverrides;
  /** how long a tenant's plan and monthly report count are cached for quota checks (default 5 s) */
  quotaCacheSeconds?: number;
  /**
   * Behind CloudFront: the secret the distribution sends in `X-Origin-Verify` to the API origin. When set, a request
   * without it is refused (403; the execute-api endpoint is closed to everyone else) and the viewer address headers
   * (`CloudFront-Viewer-Address`, `X-Viewer-Address`) are trusted for rate limits.
   */
  originSecret?: string;
  /** how often the usage meter writes its in-memory counts (default 60 s; the most a crash can lose) */
  usageFlushSeconds?: number;
}

/** Everything the Hono app needs; built by the local runtime or by the Lambda entry from the environment. */
export interface AppDeps {
  store: Store;
  files: EvidencePort;
  workflow: WorkflowPort;
  verifier: TokenVerifier;
  /** present on the embedded runtime only: Cognito issues tokens in AWS */
  issuer?: TokenIssuer;
  /** creates sign-in identities for new users (Cognito in AWS); absent locally, where the table is the identity store */
  identity?: IdentityProvisioner;
  /** log-in, refresh and log-out by the identity provider (Cognito in AWS); absent locally, where `issuer` signs */
  authenticator?: StaffAuthenticator;
  clock: () => Date;
  config: AppConfig;
  log: (entry: Record<string, unknown>) => void;
  /** notifications: escalations to staff, step changes to citizens (outbox locally, SMS in AWS) */
  notifier: MessageSender;
  /** usage metering (requests, active users, evidence bytes) aggregated in memory; absent = not metered */
  meter?: UsageMeter;
  /** background jobs (imports); absent = imports answer 503 */
  jobs?: JobPort;
  /**
   * the kinds of process record the app runs (disputes, petitions, …): default the registry of
   * @civicgrid/domain (`processKinds`); a deployment or a test passes its own list
   */
  processKinds?: readonly AnyProcessKind[];
  /** webhooks: the runtime's target rules and the deliverer (absent = the webhook routes answer 503) */
  webhooks?: WebhookPort;
  /** readiness probes for `GET /health` (store, files, workflow engine) */
  health: Record<string, () => Promise<void>>;
}

/** Defaults suited to the embedded runtime and tests. */
export function defaultConfig(overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    corsOrigins: [],
    cursorSecret: 'civicgrid-local-cursor-secret',
    fieldSecret: 'civicgrid-local-field-secret',
    maxBodyBytes: 256 * 1024,
    platformName: 'CivicGrid',
    rateLimits: { signupsPerHour: 10, loginsPerMinute: 30, reportsPerMinute: 5, reportsPerTenantPerMinute: 120 },
    ...overrides,
  };
}
