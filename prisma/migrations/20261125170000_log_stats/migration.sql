-- AlterTable
ALTER TABLE "log_lines" ADD COLUMN     "message_masked" TEXT,
ADD COLUMN     "pii_kinds" SMALLINT NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "log_hourly_stats" (
    "installation_id" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "level" "LogLevel" NOT NULL,
    "lines" INTEGER NOT NULL,
    "bytes" BIGINT NOT NULL,
    "pii_email" INTEGER NOT NULL DEFAULT 0,
    "pii_ip" INTEGER NOT NULL DEFAULT 0,
    "pii_token" INTEGER NOT NULL DEFAULT 0,
    "pii_card" INTEGER NOT NULL DEFAULT 0,
    "pii_phone" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "log_hourly_stats_pkey" PRIMARY KEY ("installation_id","hour","level")
);

-- AddForeignKey
ALTER TABLE "log_hourly_stats" ADD CONSTRAINT "log_hourly_stats_installation_id_fkey" FOREIGN KEY ("installation_id") REFERENCES "installations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written below: what schema.prisma cannot say.
-- ---------------------------------------------------------------------------

-- A text cell for CSV files that a spreadsheet will not run as a formula:
-- values starting with = + - @ tab or carriage return get a leading quote
-- (OWASP's advice on CSV injection). SQL-language and immutable, so the
-- planner inlines it into the export query.
CREATE FUNCTION logshare_csv_safe(value text) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN left(value, 1) IN ('=', '+', '-', '@', E'\t', E'\r') THEN '''' || value ELSE value END
$$;

-- Rebuilds the hourly statistics of some installations, for every whole UTC
-- hour that touches [from, to), from the lines themselves (after a bulk
-- load, or to repair them).
CREATE FUNCTION logshare_rebuild_hourly_stats(installation_ids text[], range_from timestamptz, range_to timestamptz)
RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  first_hour timestamptz := date_trunc('hour', range_from, 'UTC');
  end_hour timestamptz := date_trunc('hour', range_to - interval '1 microsecond', 'UTC') + interval '1 hour';
BEGIN
  DELETE FROM log_hourly_stats
   WHERE installation_id = ANY (installation_ids) AND hour >= first_hour AND hour < end_hour;
  INSERT INTO log_hourly_stats (installation_id, hour, level, lines, bytes, pii_email, pii_ip, pii_token, pii_card, pii_phone)
  SELECT l.installation_id, date_trunc('hour', l.ts, 'UTC'), l.level, count(*),
         sum(octet_length(l.message) + coalesce(octet_length(l.invocation_id), 0) + coalesce(octet_length(l.trace_id), 0)
             + coalesce(octet_length(l.module), 0) + coalesce(octet_length(l."function"), 0) + coalesce(octet_length(l.app_version), 0)),
         count(*) FILTER (WHERE l.pii_kinds & 1 <> 0), count(*) FILTER (WHERE l.pii_kinds & 2 <> 0),
         count(*) FILTER (WHERE l.pii_kinds & 4 <> 0), count(*) FILTER (WHERE l.pii_kinds & 8 <> 0),
         count(*) FILTER (WHERE l.pii_kinds & 16 <> 0)
    FROM log_lines l
   WHERE l.installation_id = ANY (installation_ids) AND l.ts >= first_hour AND l.ts < end_hour
   GROUP BY 1, 2, 3;
END;
$$;
