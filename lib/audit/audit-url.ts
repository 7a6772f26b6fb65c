import type { AuditFilterInput } from '@/lib/validations/audit-events';

// The audit log's filters as URL query parameters, the same for the Admin
// Hub page's URL, the JSON API and the export (so a view can be shared, and
// its export is exactly what it shows). Plain code: the browser uses it too.

export function auditFilterParams(filters: AuditFilterInput): URLSearchParams {
  const params = new URLSearchParams();
  if (filters.from) params.set('from', filters.from.toISOString());
  if (filters.to) params.set('to', filters.to.toISOString());
  if (filters.action?.length) params.set('action', filters.action.join(','));
  if (filters.app) params.set('app', filters.app);
  if (filters.actor) params.set('actor', filters.actor);
  if (filters.q) params.set('q', filters.q);
  return params;
}

export function hasAuditFilters(filters: AuditFilterInput): boolean {
  return auditFilterParams(filters).size > 0;
}
