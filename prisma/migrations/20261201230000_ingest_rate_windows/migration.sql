-- CreateTable
CREATE TABLE "ingest_rate_windows" (
    "token_id" TEXT NOT NULL,
    "window_start" TIMESTAMPTZ(3) NOT NULL,
    "requests" INTEGER NOT NULL,

    CONSTRAINT "ingest_rate_windows_pkey" PRIMARY KEY ("token_id","window_start")
);

-- CreateIndex
CREATE INDEX "ingest_rate_windows_window_start_idx" ON "ingest_rate_windows"("window_start");

-- AddForeignKey
ALTER TABLE "ingest_rate_windows" ADD CONSTRAINT "ingest_rate_windows_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "ingest_tokens"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- ---------------------------------------------------------------------------
-- Hand-written below: what schema.prisma cannot say.
-- ---------------------------------------------------------------------------

-- Whether the transaction that wrote a row (its xmin) had finished when a
-- snapshot was taken. The live tail asks it for the lines it scans, so lines
-- whose batch committed after a later batch (concurrent ingest) are not
-- skipped. xmin is a 32-bit xid and snapshots speak 64-bit xid8: the row's
-- epoch is the snapshot's, or the one before when its low bits are higher
-- (rows the tail reads are seconds old, far from a wraparound apart).
CREATE FUNCTION logshare_visible_in_snapshot(row_xmin xid, snap pg_snapshot) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT pg_visible_in_snapshot(
    (((((pg_snapshot_xmax(snap)::text::bigint >> 32)
        - CASE WHEN row_xmin::text::bigint > (pg_snapshot_xmax(snap)::text::bigint & 4294967295) THEN 1 ELSE 0 END) << 32)
      | row_xmin::text::bigint)::text)::xid8,
    snap)
$$;
