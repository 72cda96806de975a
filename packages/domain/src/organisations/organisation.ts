import * as z from 'zod';
import { creditCodeSchema } from '../credit-code';
import { gridCodeSchema } from '../grid-code';
import { entityIdSchema, locationSchema, optionalText, requiredText } from '../schemas/common';

/** 企业 (enterprise), 社会组织 (social organisation), 机关事业单位 (institution). */
export const organisationKinds = ['enterprise', 'social', 'institution'] as const;
export type OrganisationKind = (typeof organisationKinds)[number];
export const organisationKindLabels: Readonly<Record<OrganisationKind, string>> = {
  enterprise: '企业',
  social: '社会组织',
  institution: '机关事业单位',
};

/** 正常 (operating), 停业 (suspended), 注销 (deregistered: kept on record, no longer counted). */
export const organisationStatuses = ['active', 'suspended', 'closed'] as const;
export type OrganisationStatus = (typeof organisationStatuses)[number];
export const organisationStatusLabels: Readonly<Record<OrganisationStatus, string>> = {
  active: '正常',
  suspended: '停业',
  closed: '注销',
};

/** How a social organisation is cultivated: 孵化 → 登记 → 评估等级 (rated 1A–5A). */
export const cultivationStages = ['incubating', 'registered', 'rated'] as const;
export type CultivationStage = (typeof cultivationStages)[number];
export const cultivationStageLabels: Readonly<Record<CultivationStage, string>> = {
  incubating: '孵化',
  registered: '登记',
  rated: '评估等级',
};
export const organisationRatings = ['1A', '2A', '3A', '4A', '5A'] as const;

/** A contact person of an organisation: a person record and what they do there. */
export const organisationContactSchema = z.object({
  personId: entityIdSchema,
  role: optionalText('role', 30),
});

const stageFields = {
  stage: z.enum(cultivationStages, { error: 'stage is incubating, registered or rated' }).optional(),
  rating: z.enum(organisationRatings, { error: 'rating is 1A … 5A' }).optional(),
};

/** The stage rules: only social organisations have one; a rating exactly when rated. */
function checkStage(
  o: { kind?: OrganisationKind; stage?: CultivationStage; rating?: string },
  ctx: z.RefinementCtx,
): void {
  if (o.stage && o.kind && o.kind !== 'social') {
    ctx.addIssue({ code: 'custom', path: ['stage'], message: 'only social organisations have a cultivation stage' });
  }
  if (o.stage === 'rated' && !o.rating) {
    ctx.addIssue({ code: 'custom', path: ['rating'], message: 'a rated organisation needs its rating (1A … 5A)' });
  }
  if (o.rating && o.stage !== 'rated') {
    ctx.addIssue({ code: 'custom', path: ['rating'], message: 'a rating needs stage "rated"' });
  }
}

/**
 * A new organisation. The unified social credit code is checked by its GB 32100 check character; the grid is the
 * one its point lies in, else `gridCode`; legal representative and contacts are people of the tenant.
 */
export const organisationInputSchema = z
  .object({
    name: requiredText('name', 100),
    creditCode: creditCodeSchema,
    kind: z.enum(organisationKinds, { error: 'kind is enterprise, social or institution' }),
    address: requiredText('address', 200),
    gridCode: gridCodeSchema.optional(),
    location: locationSchema.optional(),
    legalRepresentativeId: entityIdSchema.optional(),
    contacts: z.array(organisationContactSchema).max(10, { error: 'at most 10 contacts' }).optional(),
    status: z.enum(organisationStatuses, { error: 'status is active, suspended or closed' }).optional(),
    ...stageFields,
  })
  .superRefine((o, ctx) => {
    if (!o.gridCode && !o.location) {
      ctx.addIssue({ code: 'custom', path: ['gridCode'], message: 'gridCode is required when there is no location' });
    }
    checkStage(o, ctx);
  });
export type OrganisationInput = z.infer<typeof organisationInputSchema>;

/** A change to an organisation (with the `version` read); the credit code never changes. */
export const organisationUpdateSchema = z.object({
  version: z.number().int().positive({ error: 'version must be a positive integer' }),
  name: requiredText('name', 100).optional(),
  address: requiredText('address', 200).optional(),
  status: z.enum(organisationStatuses, { error: 'status is active, suspended or closed' }).optional(),
  legalRepresentativeId: entityIdSchema.optional(),
  contacts: z.array(organisationContactSchema).max(10, { error: 'at most 10 contacts' }).optional(),
  ...stageFields,
});

/** Linking a person to an organisation as an employee (their workplace). */
export const employmentInputSchema = z.object({
  personId: entityIdSchema,
  position: optionalText('position', 50),
  since: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'since must be a date YYYY-MM-DD' })
    .optional(),
});

/** An organisation as stored. */
export interface Organisation {
  id: string;
  name: string;
  creditCode: string;
  kind: OrganisationKind;
  address: string;
  gridCode: string;
  location?: { lat: number; lng: number };
  legalRepresentativeId?: string;
  contacts: { personId: string; role?: string }[];
  status: OrganisationStatus;
  stage?: CultivationStage;
  rating?: (typeof organisationRatings)[number];
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** A person working at an organisation (listed under both). */
export interface Employment {
  id: string;
  organisationId: string;
  organisationName: string;
  personId: string;
  personName: string;
  position?: string;
  since?: string;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** The stage rules of a changed organisation (the kind stays). */
export function organisationStageProblem(o: Pick<Organisation, 'kind' | 'stage' | 'rating'>): string | undefined {
  if (o.stage && o.kind !== 'social') return 'only social organisations have a cultivation stage';
  if (o.stage === 'rated' && !o.rating) return 'a rated organisation needs its rating (1A … 5A)';
  if (o.rating && o.stage !== 'rated') return 'a rating needs stage "rated"';
  return undefined;
}

/**
 * What one organisation adds to the counters of its grid and tenant: every organisation counts in `status:<s>`;
 * those not deregistered also in `total`, `kind:<k>` and (social organisations) `stage:<stage>`.
 */
export function organisationContribution(o: Organisation): Record<string, number> {
  const counts: Record<string, number> = { [`status:${o.status}`]: 1 };
  if (o.status !== 'closed') {
    counts.total = 1;
    counts[`kind:${o.kind}`] = 1;
    if (o.stage) counts[`stage:${o.stage}`] = 1;
  }
  return counts;
}

/** Organisation counters as the stats API returns them. */
export interface OrganisationStructure {
  total: number;
  kind: Record<string, number>;
  status: Record<string, number>;
  stage: Record<string, number>;
}

/** Turn raw counters into the structure (zero entries dropped; every kind listed). */
export function organisationStructure(counts: Record<string, number>): OrganisationStructure {
  const out: OrganisationStructure = {
    total: counts.total ?? 0,
    kind: Object.fromEntries(organisationKinds.map((k) => [k, 0])),
    status: {},
    stage: {},
  };
  for (const [name, value] of Object.entries(counts)) {
    const [group, key] = name.split(':') as [string, string | undefined];
    if (key === undefined || value === 0) continue;
    if (group === 'kind') out.kind[key] = value;
    else if (group === 'status') out.status[key] = value;
    else if (group === 'stage') out.stage[key] = value;
  }
  return out;
}
