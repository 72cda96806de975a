import * as z from 'zod';

/** The scopes an integration API key may hold. */
export const apiKeyScopes = ['cases:read', 'reports:create', 'webhooks:receive'] as const;
/** One of `apiKeyScopes`. */
export type ApiKeyScope = (typeof apiKeyScopes)[number];

/**
 * `POST /api/webhooks`: the target URL, the events it receives (checked against the catalogue by the route), and an
 * optional secret (at least 24 characters; generated and shown once when left out).
 */
export const webhookInputSchema = z.object({
  url: z
    .string({ error: 'url is required' })
    .max(2000, { error: 'url is at most 2000 characters' })
    .refine((u) => URL.canParse(u), { error: 'url must be an absolute URL' }),
  events: z
    .array(z.string().max(80), { error: 'events must be a list of event names' })
    .min(1, { error: 'events must name at least one event' })
    .max(100, { error: 'events names at most 100 events' }),
  secret: z
    .string()
    .min(24, { error: 'secret must be at least 24 characters' })
    .max(200, { error: 'secret is at most 200 characters' })
    .optional(),
  description: z.string().max(200, { error: 'description is at most 200 characters' }).optional(),
});

/** A validated webhook registration. */
export type WebhookInput = z.infer<typeof webhookInputSchema>;
