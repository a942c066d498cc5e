-- migrun upgrade 0002_add_posts:head --sql: 2 revisions, from 0002_add_posts (offline: the steps and the version table)

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

-- revision 0003_add_user_status: Add user status
-- step 1/2: add_column users (status) (migrations/0003_add_user_status.mig:8)
ALTER TABLE `users` ADD COLUMN `status` Utf8;

-- step 2/2: yql (migrations/0003_add_user_status.mig:11)
UPDATE users SET status = "active"u WHERE status IS NULL;

-- version table: 0003_add_user_status applied
UPSERT INTO `mig_version` (revision, state, steps_done, steps_total, source_sha256, plugin_sha256, applied_by, applied_at, migrun_version)
VALUES ('0003_add_user_status'u, 'applied'u, 2u, 2u, '692d2ca50410c5a1cc04f37443ea3f7493d8ecbe7e1972bd87b677d4b14016d8'u, '<plugin sha-256>'u, '<user>@<host> (sql script)'u, CurrentUtcTimestamp(), '<version>'u);

-- revision 0004_financial_records: Add financial records
-- step 1/1: create_table financial_records (migrations/0004_financial_records.mig:6)
CREATE TABLE `financial_records` (
    `id` Uint64 NOT NULL,
    `amount` Decimal(15,2) NOT NULL,
    `metadata` Json,
    `created_at` Timestamp NOT NULL,
    PRIMARY KEY (`id`)
);

-- version table: 0004_financial_records applied
UPSERT INTO `mig_version` (revision, state, steps_done, steps_total, source_sha256, plugin_sha256, applied_by, applied_at, migrun_version)
VALUES ('0004_financial_records'u, 'applied'u, 1u, 1u, 'ec80de1be6add41aafe4eb24ef63db4284959ee7d7eddc3062182ae36121faa1'u, '<plugin sha-256>'u, '<user>@<host> (sql script)'u, CurrentUtcTimestamp(), '<version>'u);

