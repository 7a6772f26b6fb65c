-- The live tail's journal is keyed by installation too, like every log table,
-- so it can be distributed by installation_id on Citus (see the README's
-- "Scaling out"). Nothing looks rows up by id alone; the table holds minutes of rows.
ALTER TABLE "log_line_writes" DROP CONSTRAINT "log_line_writes_pkey",
  ADD CONSTRAINT "log_line_writes_pkey" PRIMARY KEY ("installation_id", "id");
