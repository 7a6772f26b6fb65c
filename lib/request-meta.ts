/** Who sent a request, as the audit trail records it; the HTTP edge (lib/api/route.ts requestMeta) reads it off the request. */
export type RequestMeta = { ipAddress: string | null; userAgent: string | null };
