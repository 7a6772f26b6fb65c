import 'server-only';
import { pgPool } from '@/lib/db/prisma';

export type AuditActorOption = { id: string; label: string };

/** At most this many people are offered in the actor filter (the API takes any user id). */
const MAX_ACTORS = 500;

/**
 * Who appears in a site's trail, for the actor filter: each person once, by
 * their latest label, and `system` when Logshare itself acted. Distinct
 * actors are found by skipping through the (site_id, actor_user_id, …)
 * index, one probe per person rather than a scan of the trail.
 */
export async function listAuditActors(siteId: string): Promise<AuditActorOption[]> {
  const { rows } = await pgPool().query<{ id: string; label: string }>(
    `WITH RECURSIVE actors(id) AS (
       (SELECT actor_user_id FROM audit_events WHERE site_id = $1 AND actor_user_id IS NOT NULL ORDER BY actor_user_id LIMIT 1)
       UNION ALL
       SELECT (SELECT e.actor_user_id FROM audit_events e WHERE e.site_id = $1 AND e.actor_user_id > actors.id ORDER BY e.actor_user_id LIMIT 1)
         FROM actors WHERE actors.id IS NOT NULL
     )
     SELECT a.id, coalesce(u.name || ' (' || u.email || ')', a.id) AS label
       FROM (SELECT id FROM actors WHERE id IS NOT NULL LIMIT ${MAX_ACTORS}) a LEFT JOIN users u ON u.id = a.id
     UNION ALL
     SELECT 'system', 'Logshare (automatic)' WHERE EXISTS (SELECT 1 FROM audit_events WHERE site_id = $1 AND actor_user_id IS NULL)`,
    [siteId],
  );
  return rows.sort((a, b) => (a.id === 'system' ? 1 : b.id === 'system' ? -1 : a.label.localeCompare(b.label, 'en')));
}
