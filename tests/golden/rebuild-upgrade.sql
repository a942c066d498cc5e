-- migrun upgrade 0001_create_items:head --sql: 2 revisions, from 0001_create_items (offline: the steps only)

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
SELECT `id`, (`shop`) AS `new key 0`, (`id`) AS `new key 1`, (FALSE OR (COALESCE(CAST(price AS Uint64), 0ul)) IS NULL) AS `null in a not null column`
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

-- revision 0003_drop_kept: The old items, checked, go
-- step 1/1: drop_table items__before_0002_rekey_items (migrations/0003_drop_kept.mig:5)
DROP TABLE `items__before_0002_rekey_items`;

