-- Word search (message ILIKE '%word%') is served by trigram GIN indexes,
-- built per daily partition of log_lines once its day is closed, by the
-- maintenance job (lib/search/build-search-indexes.ts), never here: a
-- migration runs in one transaction and would lock every partition while
-- it built. pg_trgm is a trusted extension (PostgreSQL 13+), shipped with
-- Debian's PostgreSQL and with the embedded one.
CREATE EXTENSION IF NOT EXISTS pg_trgm;
