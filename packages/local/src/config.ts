import * as z from 'zod';
import { StartupError } from './errors';

const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  CIVICGRID_DATA_DIR: z.string().min(1).default('./.civicgrid'),
  CIVICGRID_ADMIN_EMAIL: z.email().optional(),
  CIVICGRID_ADMIN_PASSWORD: z.string().min(10, 'must be at least 10 characters').optional(),
  CIVICGRID_DEMO: z.string().default('1'),
  CIVICGRID_PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
});

/** The embedded runtime's configuration, read from the environment (see API.md, "Runtime configuration"). */
export interface RuntimeConfig {
  port: number;
  host: string;
  dataDir: string;
  /** The platform admin created on first start; generated and printed when unset. */
  adminEmail?: string;
  adminPassword?: string;
  /** Seed demo tenants on first start. */
  demo: boolean;
  /** Origin citizens reach the pages at (links in SMS notices); defaults to this runtime's address. */
  publicUrl?: string | undefined;
}

/** Parses the environment; an invalid value is a StartupError naming the variable. */
export function readConfig(env: NodeJS.ProcessEnv = process.env): RuntimeConfig {
  // An empty variable (`PORT=`) means "not set", as shells and .env files usually intend.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const parsed = Env.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const name = String(issue?.path[0] ?? 'environment');
    throw new StartupError(`${name}=${JSON.stringify(env[name] ?? '')} is invalid: ${issue?.message ?? 'invalid'}`);
  }
  const value = parsed.data;
  return {
    port: value.PORT,
    host: value.HOST,
    dataDir: value.CIVICGRID_DATA_DIR,
    adminEmail: value.CIVICGRID_ADMIN_EMAIL,
    adminPassword: value.CIVICGRID_ADMIN_PASSWORD,
    demo: value.CIVICGRID_DEMO !== '0',
    publicUrl: value.CIVICGRID_PUBLIC_URL,
  };
}
