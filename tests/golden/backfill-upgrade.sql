-- migrun upgrade 0001_create_items:head --sql: 1 revision, from 0001_create_items (offline: the steps and the version table)

-- the version table (and its lock table), as migrun creates them
CREATE TABLE IF NOT EXISTS `mig_version` (
    revision Utf8 NOT NULL,
    state Utf8 NOT NULL,
    steps_done Uint32 NOT NULL,
    steps_total Uint32 NOT NULL,
    source_sha256 Utf8 NOT NULL,
    plugin_sha256 Utf8 NOT NULL,
    applied_by Utf8 NOT NULL,
    applied_at Timestamp NOT NULL,
    migrun_version Utf8 NOT NULL,
    PRIMARY KEY (revision)
);
CREATE TABLE IF NOT EXISTS `mig_version_lock` (
    id Uint32 NOT NULL,
    holder_user Utf8 NOT NULL,
    holder_host Utf8 NOT NULL,
    holder_pid Uint32 NOT NULL,
    since Timestamp NOT NULL,
    expires Timestamp NOT NULL,
    token Utf8 NOT NULL,
    PRIMARY KEY (id)
);

-- revision 0002_backfill_items: Count every row once, note it
-- step 1/1: backfill items (n, note) (migrations/0002_backfill_items.mig:6)
-- backfill runs in pages of up to 1000 rows in key order; each page is one transaction that
-- also records the page's last key (the cursor) in migrun's state, and a rerun resumes
-- after it. One page, from the cursor $c to the end key $e fixed when the step starts
-- ($l is the last key the SELECT returns; a script must loop over the pages itself):
DECLARE $c0 AS Uint64;
DECLARE $c1 AS Utf8;
DECLARE $e0 AS Uint64;
DECLARE $e1 AS Utf8;
DECLARE $l0 AS Uint64;
DECLARE $l1 AS Utf8;
SELECT `id`, `part` FROM `items`
WHERE ((`id` > $c0) OR (`id` = $c0 AND `part` > $c1))
  AND ((`id` < $e0) OR (`id` = $e0 AND `part` <= $e1))
  AND (code <> 'skip'u)
ORDER BY `id`, `part`
LIMIT 1000;
UPDATE `items` SET `n` = (n + 1), `note` = ('seen'u)
WHERE ((`id` > $c0) OR (`id` = $c0 AND `part` > $c1))
  AND ((`id` < $l0) OR (`id` = $l0 AND `part` <= $l1))
  AND (code <> 'skip'u);

-- version table: 0002_backfill_items applied
UPSERT INTO `mig_version` (revision, state, steps_done, steps_total, source_sha256, plugin_sha256, applied_by, applied_at, migrun_version)
VALUES ('0002_backfill_items'u, 'applied'u, 1u, 1u, 'd2c404b50f987436694c99f5aef63f6c71a7e602a42a172ec56c3301f6c4033f'u, '<plugin sha-256>'u, '<user>@<host> (sql script)'u, CurrentUtcTimestamp(), '<version>'u);

