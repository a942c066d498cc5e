-- migrun upgrade head --sql: 4 revisions, from base (offline: the steps only)

-- revision 0001_create_users: Create users table
-- step 1/1: create_table users (migrations/0001_create_users.mig:6)
CREATE TABLE `users` (
    `id` Uint64 NOT NULL,
    `username` Utf8 NOT NULL,
    `email` Utf8 NOT NULL,
    `full_name` Utf8,
    INDEX `ix_users_email` GLOBAL SYNC ON (`email`),
    PRIMARY KEY (`id`)
);

-- revision 0002_add_posts: Add posts table
-- step 1/1: create_table posts (migrations/0002_add_posts.mig:6)
CREATE TABLE `posts` (
    `id` Uint64 NOT NULL,
    `user_id` Uint64 NOT NULL,
    `title` Utf8 NOT NULL,
    `content` Utf8,
    `created_at` Datetime NOT NULL,
    INDEX `ix_posts_user` GLOBAL SYNC ON (`user_id`),
    PRIMARY KEY (`id`)
);

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

