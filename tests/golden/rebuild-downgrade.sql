-- migrun downgrade 0002_rekey_items:0001_create_items --sql: 1 revision, from 0002_rekey_items (offline: the steps only)

-- revision 0002_rekey_items: Key items by shop and id, prices as Uint64
-- step 1/1: rename_table items__before_0002_rekey_items to items replace (derived)
-- TableService.RenameTables (one transaction): items__before_0002_rekey_items -> items, replacing items

