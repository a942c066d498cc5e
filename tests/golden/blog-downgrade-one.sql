-- migrun downgrade head:-1 --sql: 1 revision, from head (offline: the steps and the version table)

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

-- revision 0004_financial_records: Add financial records
-- step 1/1: drop_table financial_records (derived)
DROP TABLE `financial_records`;

-- version table: 0004_financial_records no longer applied
DELETE FROM `mig_version` WHERE revision = '0004_financial_records'u;

