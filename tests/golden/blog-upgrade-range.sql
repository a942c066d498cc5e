-- migrun upgrade 0002_add_posts:head --sql: 2 revisions, from 0002_add_posts (offline: the YQL only)

-- revision 0003_add_user_status: Add user status
-- step 1/2: add_column users (status) (migrations/0003_add_user_status.mig:8)
ALTER TABLE `users` ADD COLUMN `status` Utf8;

-- step 2/2: yql (migrations/0003_add_user_status.mig:11)
UPDATE users SET status = "active"u WHERE status IS NULL;

-- revision 0004_financial_records: Add financial records
-- step 1/1: create_table financial_records (migrations/0004_financial_records.mig:6)
CREATE TABLE `financial_records` (
    `id` Uint64 NOT NULL,
    `amount` Decimal(15,2) NOT NULL,
    `metadata` Json,
    `created_at` Timestamp NOT NULL,
    PRIMARY KEY (`id`)
);

