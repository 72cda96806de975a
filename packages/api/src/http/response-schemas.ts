import { roles } from '@civicgrid/domain';
import * as z from 'zod';

/**
 * The documented response bodies of the main routes (cases, the caller, users, tenants, configuration, KPIs,
 * usage): named components of /openapi.json, the types of the console's generated client
 * (web/src/console/api-schema.d.ts). They list the fields a client may rely on; a response may carry more (the
 * document does not close them), and test/api/openapi.test.ts checks real responses against them.
 */
export const responseSchemas = z.registry<{ id: string }>();

function named<S extends z.ZodType>(id: string, schema: S): S {
  responseSchemas.add(schema, { id });
  return schema;
}

const role = z.enum(roles);

export const latLngSchema = named('LatLng', z.object({ lat: z.number(), lng: z.number() }));

const polygon = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(z.array(z.array(z.number()))),
});

export const userSchema = named(
  'User',
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().optional(),
    roles: z.array(role),
    tenantId: z.string().optional(),
    departmentId: z.string().optional(),
    gridCodes: z.array(z.string()).optional(),
    status: z.enum(['active', 'inactive']).optional(),
    /** wrong passwords since the last successful login (an administrator may unlock) */
    failedLogins: z.number().optional(),
    phone: z.string().optional(),
    createdAt: z.string().optional(),
    version: z.number().optional(),
  }),
);

export const tenantSchema = named(
  'Tenant',
  z.object({
    id: z.string(),
    slug: z.string(),
    path: z.string().optional(),
    name: z.string().optional(),
    level: z.enum(['district', 'street', 'community']).optional(),
    status: z.enum(['active', 'pending', 'suspended']).optional(),
    parentId: z.string().optional(),
    parentSlug: z.string().optional(),
    createdAt: z.string().optional(),
    divisionCode: z.string().optional(),
    location: latLngSchema.optional(),
    /** the plan code (`trial`, `standard`, `district` …) */
    plan: z.string().optional(),
  }),
);

export const meSchema = named('Me', z.object({ user: userSchema, tenant: tenantSchema.optional() }));

export const loginResultSchema = named(
  'Login',
  z.object({
    /** the bearer token (on AWS, Cognito's ID token) */
    token: z.string(),
    expiresAt: z.string().optional(),
    /** AWS only: for `POST /api/auth/refresh` */
    refreshToken: z.string().optional(),
    user: userSchema,
    tenant: tenantSchema.optional(),
  }),
);

export const extensionStatusSchema = named('ExtensionStatus', z.enum(['pending', 'granted', 'rejected', 'withdrawn']));

export const extensionSchema = named(
  'Extension',
  z.object({
    status: extensionStatusSchema,
    reason: z.string(),
    until: z.string(),
    requestedBy: z.string().optional(),
    requestedAt: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    decisionNote: z.string().optional(),
  }),
);

const caseFields = {
  id: z.string(),
  step: z.string(),
  version: z.number().optional(),
  description: z.string().optional(),
  categoryCode: z.string().optional(),
  gridCode: z.string().optional(),
  departmentId: z.string().optional(),
  address: z.string().optional(),
  location: latLngSchema.optional(),
  deadline: z.string().optional(),
  overdue: z.boolean().optional(),
  createdAt: z.string().optional(),
  updatedAt: z.string().optional(),
  trackingCode: z.string().optional(),
  source: z.string().optional(),
  cameraId: z.string().optional(),
  thingId: z.string().optional(),
  /** lists: true while 挂账 (parked); the detail carries the parking record instead */
  parked: z.union([z.boolean(), z.object({ since: z.string(), reason: z.string(), by: z.string() })]).optional(),
  /** lists: the extension's status; the detail carries the whole extension record */
  extension: z.union([extensionStatusSchema, extensionSchema]).optional(),
  number: z.string().optional(),
  urgency: z.enum(['urgent', 'normal']).optional(),
  outsideGrids: z.boolean().optional(),
  supervised: z.boolean().optional(),
  /** the citizen's duplicate hint found open cases of the category nearby when it was reported */
  possibleDuplicate: z.boolean().optional(),
  tenantId: z.string().optional(),
  holderTenantId: z.string().optional(),
  assistingDepartmentIds: z.array(z.string()).optional(),
};

export const caseItemSchema = named('CaseItem', z.object(caseFields));

export const caseEventSchema = named(
  'CaseEvent',
  z.object({
    type: z.string(),
    at: z.string(),
    actor: z.object({ userId: z.string(), roles: z.array(role), name: z.string().optional() }).optional(),
    from: z.string().nullable().optional(),
    to: z.string().optional(),
    note: z.string().optional(),
    evidence: z.array(z.string()).optional(),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
  }),
);

export const followUpSatisfactionSchema = named(
  'FollowUpSatisfaction',
  z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
);

export const caseDetailSchema = named(
  'CaseDetail',
  z.object({
    ...caseFields,
    version: z.number(),
    attributes: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).optional(),
    events: z.array(caseEventSchema),
    photos: z.array(z.string()).optional(),
    reporter: z.object({ name: z.string().optional(), phone: z.string().optional() }).optional(),
    allowedActions: z.array(z.string()).optional(),
    suggestedDepartmentId: z.string().optional(),
    returnCount: z.number().optional(),
    reworkCount: z.number().optional(),
    escalations: z.number().optional(),
    handledAt: z.string().optional(),
    closedAt: z.string().optional(),
    rating: z.number().optional(),
    ratingComment: z.string().optional(),
    checkRequested: z.boolean().optional(),
    stepDeadline: z.string().optional(),
    supervisions: z
      .array(
        z.object({
          instruction: z.string(),
          dueBy: z.string().optional(),
          at: z.string(),
          answer: z.string().optional(),
          answeredAt: z.string().optional(),
        }),
      )
      .optional(),
    followUps: z
      .array(
        z.object({
          channel: z.enum(['phone', 'visit', 'sms']),
          satisfaction: followUpSatisfactionSchema,
          note: z.string().optional(),
          at: z.string(),
        }),
      )
      .optional(),
  }),
);

/** `{ items, cursor? }`: pass `cursor` back for the next page. */
function page<S extends z.ZodType>(id: string, item: S) {
  return named(id, z.object({ items: z.array(item), cursor: z.string().optional() }));
}

/** `{ items }`: a whole (short) list. */
function list<S extends z.ZodType>(id: string, item: S) {
  return named(id, z.object({ items: z.array(item) }));
}

export const casePageSchema = page('CasePage', caseItemSchema);
export const userPageSchema = page('UserPage', userSchema);
export const tenantListSchema = list('TenantList', tenantSchema);

const categoryAttributeSchema = named(
  'CategoryAttribute',
  z.object({
    code: z.string(),
    datatype: z.enum(['string', 'number', 'datetime', 'text', 'singlevaluelist', 'multivaluelist']),
    required: z.boolean(),
    description: z.string(),
    values: z.array(z.object({ key: z.string(), name: z.string() })).optional(),
  }),
);

export const categorySchema = named(
  'Category',
  z.object({
    code: z.string(),
    name: z.string(),
    departmentId: z.string().optional(),
    timeLimit: z
      .object({
        value: z.number(),
        unit: z.enum(['workingHours', 'workingDays', 'naturalHours', 'naturalDays']),
      })
      .optional(),
    filingCriteria: z.string().optional(),
    closingCriteria: z.string().optional(),
    active: z.boolean().optional(),
    attributes: z.array(categoryAttributeSchema).optional(),
  }),
);
export const categoryListSchema = list('CategoryList', categorySchema);

export const gridSchema = named(
  'Grid',
  z.object({
    code: z.string(),
    name: z.string(),
    polygon: polygon.optional(),
    workerIds: z.array(z.string()).optional(),
    version: z.number().optional(),
    validFrom: z.string().optional(),
    history: z
      .array(z.object({ name: z.string(), polygon: polygon.optional(), from: z.string(), to: z.string() }))
      .optional(),
    openCount: z.number().optional(),
    overdueCount: z.number().optional(),
  }),
);
export const gridListSchema = list('GridList', gridSchema);

export const departmentSchema = named('Department', z.object({ id: z.string(), name: z.string() }));
export const departmentListSchema = list('DepartmentList', departmentSchema);

const rate = z.number().nullable();
export const kpiRowSchema = named(
  'KpiRow',
  z.object({
    key: z.string(),
    name: z.string().optional(),
    tenantId: z.string().optional(),
    reported: z.number(),
    registered: z.number(),
    dispatched: z.number().optional(),
    returned: z.number().optional(),
    dueForClose: z.number(),
    closed: z.number(),
    closedOnTime: z.number(),
    overdueOpen: z.number(),
    dueForHandle: z.number(),
    handled: z.number(),
    handledOnTime: z.number(),
    reworked: z.number(),
    extended: z.number().optional(),
    followedUp: z.number().optional(),
    registerRate: rate,
    closeRate: rate,
    onTimeCloseRate: rate,
    handleOnTimeRate: rate,
    reworkRate: rate,
    extensionRate: rate.optional(),
    dispatchAccuracy: rate.optional(),
    satisfactionRate: rate,
    followUpRate: rate.optional(),
    supervised: z.number().optional(),
    supervisedClosed: z.number().optional(),
    supervisionCloseRate: rate.optional(),
    satisfaction: z.number().optional(),
  }),
);
const period = { from: z.string(), to: z.string(), groupBy: z.string() };
export const kpiReportSchema = named('KpiReport', z.object({ ...period, rows: z.array(kpiRowSchema) }));
export const rankedRowSchema = named(
  'RankedRow',
  kpiRowSchema.extend({ rank: z.number().nullable(), score: z.number().nullable() }),
);
export const rankingSchema = named(
  'Ranking',
  z.object({ ...period, weights: z.record(z.string(), z.number()), rows: z.array(rankedRowSchema) }),
);

export const usageRowSchema = named(
  'UsageRow',
  z.object({
    tenantId: z.string(),
    slug: z.string(),
    name: z.string().optional(),
    level: z.string().optional(),
    status: z.string().optional(),
    plan: z.string().optional(),
    requests: z.number(),
    apiRequests: z.number().optional(),
    publicRequests: z.number().optional(),
    open311Requests: z.number().optional(),
    adminRequests: z.number().optional(),
    reports: z.number(),
    cases: z.number(),
    casesClosed: z.number().optional(),
    storageBytes: z.number(),
    storageBytesAdded: z.number().optional(),
    users: z.number(),
    activeUsers: z.number().optional(),
  }),
);

export const planLimitsSchema = named(
  'PlanLimits',
  z.object({ reportsPerMonth: z.number(), storageBytes: z.number(), users: z.number() }),
);

export const tenantUsageSchema = named(
  'TenantUsage',
  z.object({
    tenantId: z.string(),
    plan: z.string(),
    limits: planLimitsSchema.optional(),
    month: z.object({ month: z.string(), reports: z.number(), storageBytes: z.number(), users: z.number() }),
    from: z.string(),
    to: z.string(),
    rows: z.array(usageRowSchema),
  }),
);

export const calendarViewSchema = named(
  'WorkingCalendar',
  z.object({
    timezone: z.literal('Asia/Shanghai').optional(),
    /** 0 = Sunday … 6 = Saturday */
    weekendDays: z.array(z.number()),
    holidays: z.array(z.string()),
    /** weekend days worked to make up for bridged holidays (调休上班) */
    makeupWorkdays: z.array(z.string()),
    workingHours: z.array(z.object({ start: z.string(), end: z.string() })),
    /** from 1 November: next year's holidays are not loaded yet */
    nextYearMissing: z.boolean().optional(),
  }),
);

export const outboxMessageSchema = named(
  'OutboxMessage',
  z.object({
    id: z.string(),
    at: z.string(),
    /** `citizen.<step>` (SMS to the reporter), `case.overdue.supervisor|parent` (escalation notices) */
    kind: z.string(),
    channel: z.string(),
    caseId: z.string().optional(),
    text: z.string(),
    /** the masked phone (`138****5678`) of an SMS */
    to: z.string().optional(),
  }),
);
export const outboxPageSchema = page('OutboxPage', outboxMessageSchema);

export const routingRuleSchema = named(
  'RoutingRule',
  z.object({
    gridCode: z.string(),
    categoryCode: z.string(),
    departmentId: z.string(),
    version: z.number().optional(),
    createdAt: z.string().optional(),
  }),
);
export const routingRuleListSchema = list('RoutingRuleList', routingRuleSchema);
