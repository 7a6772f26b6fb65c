import { grantIsActive } from '@/lib/auth/permissions';
import { storedGrantScope, type GrantScope } from '@/lib/validations/grant-scope';

// Whether an installation shares its logs right now (lib/auth/permissions.ts:
// paid apps only, an active grant).

export type LogAccessState =
  /** grantId: the active grant, where the caller loaded it (the console asks for more time on it). scope: what it lets the vendor see. */
  | { kind: 'shared'; since: string; until: string | null; grantId?: string; scope: GrantScope | null }
  | { kind: 'not-shared' }
  | { kind: 'not-available' };

type GrantLike = { id?: string; enabledAt: Date; expiresAt: Date | null; disabledAt: Date | null; scope?: unknown };

export function logAccessState(options: { isPaid: boolean; grants: GrantLike[]; now: Date }): LogAccessState {
  if (!options.isPaid) return { kind: 'not-available' };
  const active = options.grants.find((g) => grantIsActive(g, options.now));
  if (!active) return { kind: 'not-shared' };
  return { kind: 'shared', since: active.enabledAt.toISOString(), until: active.expiresAt?.toISOString() ?? null, ...(active.id ? { grantId: active.id } : {}), scope: storedGrantScope(active.scope) };
}

/** The JSON shape of a log access state in the API. */
export type ApiLogAccess =
  | { state: 'shared'; since: string; until: string | null; scope: GrantScope | null }
  | { state: 'not_shared' }
  | { state: 'not_available'; reason: string };

export function toApiLogAccess(state: LogAccessState): ApiLogAccess {
  switch (state.kind) {
    case 'shared':
      return { state: 'shared', since: state.since, until: state.until, scope: state.scope };
    case 'not-shared':
      return { state: 'not_shared' };
    case 'not-available':
      return { state: 'not_available', reason: 'Log sharing is only available for paid apps.' };
  }
}
