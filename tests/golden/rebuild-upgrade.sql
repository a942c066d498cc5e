-- migrun upgrade 0001_create_items:head --sql: 2 revisions, from 0001_create_items (offline: the steps and the version table)

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

-- revision 0002_rekey_items: Key items by shop and id, prices as Uint64
-- step 1/1: rebuild_table items (migrations/0002_rekey_items.mig:6)
-- rebuild_table items: a new table with the new shape, items__rebuild_0002_rekey_items,
-- filled from items in pages, checked, then swapped in (items is kept as items__before_0002_rekey_items).
-- First the new table:
DROP TABLE IF EXISTS `items__rebuild_0002_rekey_items`;
CREATE TABLE `items__rebuild_0002_rekey_items` (
    `shop` Uint32 NOT NULL,
    `id` Uint64 NOT NULL,
    `price` Uint64 NOT NULL,
    `note` Utf8,
    `seen` Bool,
    INDEX `by_note` GLOBAL SYNC ON (`note`),
    PRIMARY KEY (`shop`, `id`)
);
-- The pages: up to 500 rows each in key order, each one transaction that also records the
-- page's last key (the cursor) in migrun's state; a rerun resumes after it. One page, from
-- the cursor $c to the end key $e fixed when the step starts ($l is the last key the SELECT
-- returns; a script must loop over the pages itself, and stop on a row whose last column
-- is true, or on two rows with the same new key):
DECLARE $c0 AS Uint64;
DECLARE $e0 AS Uint64;
DECLARE $l0 AS Uint64;
SELECT `id`, (`shop`) AS `new key 0`, (`id`) AS `new key 1`, (FALSE OR (`shop`) IS NULL OR (`id`) IS NULL OR (COALESCE(CAST(price AS Uint64), 0ul)) IS NULL) AS `null in a not null column`
FROM `items`
WHERE ((`id` > $c0))
  AND ((`id` <= $e0))
ORDER BY `id`
LIMIT 500;
UPSERT INTO `items__rebuild_0002_rekey_items`
SELECT (`shop`) AS `shop`, (`id`) AS `id`, (COALESCE(CAST(price AS Uint64), 0ul)) AS `price`, (`note`) AS `note`
FROM `items`
WHERE ((`id` > $c0))
  AND ((`id` <= $l0));
-- The check: the rows copied, the rows of items up to the end key and those of
-- items__rebuild_0002_rekey_items must agree, with none after the end key; otherwise the new
-- table is dropped and items stays as it is:
SELECT COUNT(*) AS n FROM `items` WHERE ((`id` <= $e0));
SELECT COUNT(*) AS n FROM `items` WHERE ((`id` > $e0));
SELECT COUNT(*) AS n FROM `items__rebuild_0002_rekey_items`;
-- The swap, in one transaction (YQL has no atomic swap):
-- TableService.RenameTables (one transaction): items -> items__before_0002_rekey_items, items__rebuild_0002_rekey_items -> items

-- version table: 0002_rekey_items applied
UPSERT INTO `mig_version` (revision, state, steps_done, steps_total, source_sha256, plugin_sha256, applied_by, applied_at, migrun_version)
VALUES ('0002_rekey_items'u, 'applied'u, 1u, 1u, '996e6dcb193142b815417ea83090370b32f847afa3a91c580912059bc9d74357'u, '<plugin sha-256>'u, '<user>@<host> (sql script)'u, CurrentUtcTimestamp(), '<version>'u);

-- revision 0003_drop_kept: The old items, checked, go
-- step 1/1: drop_table items__before_0002_rekey_items (migrations/0003_drop_kept.mig:5)
DROP TABLE `items__before_0002_rekey_items`;

-- version table: 0003_drop_kept applied
UPSERT INTO `mig_version` (revision, state, steps_done, steps_total, source_sha256, plugin_sha256, applied_by, applied_at, migrun_version)
VALUES ('0003_drop_kept'u, 'applied'u, 1u, 1u, '15b6bc2f1ca92729d8d2c73d4ee6f3f3bba5ca9ad954f58a920959b4332f22f1'u, '<plugin sha-256>'u, '<user>@<host> (sql script)'u, CurrentUtcTimestamp(), '<version>'u);

