// Whether an installation shares its logs right now. Expiry is checked at
// read time, so an expired grant counts as not shared everywhere at once.

export type LogAccessState =
  | { kind: 'shared'; since: string; until: string | null }
  | { kind: 'not-shared' }
  | { kind: 'not-available' };

type GrantLike = { enabledAt: Date; expiresAt: Date | null; disabledAt: Date | null };

export function isGrantActive(grant: GrantLike, now: Date): boolean {
  return grant.disabledAt === null && (grant.expiresAt === null || grant.expiresAt > now);
}

export function logAccessState(options: { isPaid: boolean; grants: GrantLike[]; now: Date }): LogAccessState {
  if (!options.isPaid) return { kind: 'not-available' };
  const active = options.grants.find((g) => isGrantActive(g, options.now));
  if (!active) return { kind: 'not-shared' };
  return { kind: 'shared', since: active.enabledAt.toISOString(), until: active.expiresAt?.toISOString() ?? null };
}

/** The JSON shape of a log access state in the API. */
export type ApiLogAccess =
  | { state: 'shared'; since: string; until: string | null }
  | { state: 'not_shared' }
  | { state: 'not_available'; reason: string };

export function toApiLogAccess(state: LogAccessState): ApiLogAccess {
  switch (state.kind) {
    case 'shared':
      return { state: 'shared', since: state.since, until: state.until };
    case 'not-shared':
      return { state: 'not_shared' };
    case 'not-available':
      return { state: 'not_available', reason: 'Log sharing is only available for paid apps.' };
  }
}
