-- Partition maintenance must not queue behind a long reader (a download, a
-- search): its ACCESS EXCLUSIVE lock on log_lines, once queued, blocks every
-- reader and writer that comes after it. With a short lock_timeout it gives
-- up instead (SQLSTATE 55P03) and the maintenance job tries again a minute
-- later; partitions are made two days ahead, so a late one costs nothing.
ALTER FUNCTION logshare_ensure_log_partitions(date, date) SET lock_timeout = '1s';
ALTER FUNCTION logshare_drop_log_partitions_before(date) SET lock_timeout = '1s';
