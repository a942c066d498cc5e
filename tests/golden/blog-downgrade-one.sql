-- migrun downgrade head:-1 --sql: 1 revision, from head (offline: the YQL only)

-- revision 0004_financial_records: Add financial records
-- step 1/1: drop_table financial_records (derived)
DROP TABLE `financial_records`;

