import { z } from 'zod';
import { isTrustedProxyEntry } from '@/lib/security/client-address';
import { describeZodIssues } from '@/lib/validations/zod-issues';

// Environment read by the running server. The start script fills in
// DATABASE_URL (embedded PostgreSQL) and the NextAuth values when unset.
const serverEnvSchema = z.object({
  DATABASE_URL: z.string().url({ message: 'DATABASE_URL must be a postgres:// URL' }),
  NEXTAUTH_SECRET: z.string().min(16, 'NEXTAUTH_SECRET must be at least 16 characters'),
  SESSION_MAX_AGE_HOURS: z.coerce.number().positive().default(8),
  ATLASSIAN_CLIENT_ID: z.string().min(1).optional(),
  ATLASSIAN_CLIENT_SECRET: z.string().min(1).optional(),
  LOG_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /** Ingest limits: bytes of one request body (before and after gzip), lines of one request, requests per token and minute. */
  INGEST_MAX_BODY_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  INGEST_MAX_LINES: z.coerce.number().int().min(1).default(10_000),
  INGEST_REQUESTS_PER_MINUTE: z.coerce.number().int().min(1).default(600),
  /** The OTLP/gRPC listener's port (OTLP's default, 4317); 0 serves none. */
  OTLP_GRPC_PORT: z.coerce.number({ message: 'OTLP_GRPC_PORT must be a port number, or 0 for no gRPC listener' }).int().min(0).max(65535).default(4317),
  /** The portal's public URL, for links in e-mails (the start script sets it). */
  NEXTAUTH_URL: z.string().url({ message: 'NEXTAUTH_URL must be a URL' }).default('http://127.0.0.1:3000'),
  /** Unset: e-mails are only kept in the outbox table. */
  SMTP_URL: z.preprocess((v) => (v === '' ? undefined : v), z.string().url({ message: 'SMTP_URL must be an smtp:// or smtps:// URL' }).optional()),
  SMTP_FROM: z.string().min(3).default('Logshare <no-reply@logshare.local>'),
  /** Proxies whose X-Forwarded-For and X-Forwarded-Proto are believed: comma-separated addresses and CIDR ranges. */
  TRUSTED_PROXIES: z
    .string()
    .default('')
    .transform((v) => v.split(',').map((entry) => entry.trim()).filter(Boolean))
    .superRefine((entries, ctx) => {
      const bad = entries.filter((entry) => !isTrustedProxyEntry(entry));
      if (bad.length) ctx.addIssue({ code: 'custom', message: `not an IP address or CIDR range: ${bad.join(', ')} (e.g. 10.0.0.0/8,::1)` });
    }),
  /** 1 lets production builds send webhooks to http://127.0.0.1 and localhost (the end-to-end tests' receiver); development servers always may. */
  WEBHOOK_ALLOW_LOOPBACK: z
    .string()
    .optional()
    .transform((v) => v === '1'),
  /** How often each server looks for due webhook deliveries, and the first retry's delay (doubling after). */
  WEBHOOK_DELIVERY_INTERVAL_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  WEBHOOK_FIRST_RETRY_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
  /** 1 serves GET /api/v1/dev/outbox in production builds too (the end-to-end tests run one). */
  LOGSHARE_DEV_OUTBOX: z
    .string()
    .optional()
    .transform((v) => v === '1'),
});

export type ServerEnv = z.infer<typeof serverEnvSchema>;

let parsed: ServerEnv | undefined;

/** Validated once; a bad variable fails loudly with its name. */
export function serverEnv(): ServerEnv {
  if (parsed) return parsed;
  const result = serverEnvSchema.safeParse(process.env);
  if (!result.success) {
    throw new Error(`Invalid environment: ${describeZodIssues(result.error)}`);
  }
  parsed = result.data;
  return parsed;
}
