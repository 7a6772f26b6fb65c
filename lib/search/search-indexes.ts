import type pg from 'pg';

// The search indexes of a daily log partition (log_lines_YYYYMMDD), built by
// the maintenance job once the day is closed (build-search-indexes.ts) and
// read by the coverage check (index-coverage.ts). The open partitions carry
// none, so ingest's insert path is what it was.

export type Queryable = Pick<pg.Pool | pg.PoolClient | pg.Client, 'query'>;

/** One index of each closed partition: its name's suffix and the body of its CREATE INDEX after ON <partition>. */
export const SEARCH_INDEXES = [
  // message ILIKE '%word%': trigrams, so any substring of three characters or more is found without reading the day.
  { suffix: 'message_trgm', using: 'USING gin (message gin_trgm_ops)' },
  // attributes @> '{"statusCode":502}': jsonb_path_ops is a third of jsonb_ops's size and serves @>, the only operator the search uses on it.
  { suffix: 'attributes_path', using: 'USING gin (attributes jsonb_path_ops)' },
] as const;

const PARTITION_NAME = /^log_lines_(\d{4})(\d{2})(\d{2})$/;

export function searchIndexName(partition: string, suffix: string): string {
  return `${partition}_${suffix}`;
}

/** The UTC day a partition holds, from its name; undefined for a name that is not a daily partition's. */
export function partitionDay(partition: string): Date | undefined {
  const m = PARTITION_NAME.exec(partition);
  return m ? new Date(`${m[1]}-${m[2]}-${m[3]}T00:00:00.000Z`) : undefined;
}

export type PartitionCoverage = {
  partition: string;
  day: Date;
  /** The search indexes this partition has and are valid (ready for queries). */
  valid: string[];
  /** The search indexes it has that are INVALID: a concurrent build that was interrupted, or one in progress. */
  invalid: string[];
};

/** Every daily partition of log_lines and which of its search indexes exist, from the catalog alone. */
export async function readPartitionCoverage(db: Queryable): Promise<PartitionCoverage[]> {
  const { rows } = await db.query<{ partition: string; valid: string[]; invalid: string[] }>(
    `WITH search AS (
       SELECT x.indrelid, ix.relname::text AS name, x.indisvalid AND x.indisready AS usable
         FROM pg_inherits i
         JOIN pg_class c ON c.oid = i.inhrelid
         JOIN pg_index x ON x.indrelid = c.oid
         JOIN pg_class ix ON ix.oid = x.indexrelid
        WHERE i.inhparent = 'public.log_lines'::regclass
          AND ix.relname::text IN (SELECT c.relname || '_' || s FROM unnest($1::text[]) s)
     )
     SELECT c.relname AS partition,
            ARRAY(SELECT name FROM search WHERE indrelid = c.oid AND usable ORDER BY name) AS valid,
            ARRAY(SELECT name FROM search WHERE indrelid = c.oid AND NOT usable ORDER BY name) AS invalid
       FROM pg_inherits i
       JOIN pg_class c ON c.oid = i.inhrelid
      WHERE i.inhparent = 'public.log_lines'::regclass
      ORDER BY c.relname`,
    [SEARCH_INDEXES.map((s) => s.suffix)],
  );
  return rows.flatMap((r) => {
    const day = partitionDay(r.partition);
    return day ? [{ partition: r.partition, day, valid: r.valid, invalid: r.invalid }] : [];
  });
}

/** Whether a partition has every search index, valid. */
export function isSearchIndexed(coverage: PartitionCoverage): boolean {
  return SEARCH_INDEXES.every((s) => coverage.valid.includes(searchIndexName(coverage.partition, s.suffix)));
}
