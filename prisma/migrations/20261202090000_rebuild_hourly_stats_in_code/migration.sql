-- The hourly statistics are rebuilt by lib/logs/rebuild-hourly-stats.ts,
-- whose SQL is generated from PII_KINDS; this function held a hand-written
-- copy of the pii_kinds bit layout and the bytes formula that a new
-- personal-data kind would silently miss.
DROP FUNCTION logshare_rebuild_hourly_stats(text[], timestamptz, timestamptz);
