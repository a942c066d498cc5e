-- migrun downgrade head:base --sql: 4 revisions, from head (offline: the YQL only)

-- revision 0004_financial_records: Add financial records
-- step 1/1: drop_table financial_records (derived)
DROP TABLE `financial_records`;

-- revision 0003_add_user_status: Add user status
-- step 1/1: drop_column users (status) (migrations/0003_add_user_status.mig:16)
ALTER TABLE `users` DROP COLUMN `status`;

-- revision 0002_add_posts: Add posts table
-- step 1/1: drop_table posts (migrations/0002_add_posts.mig:19)
DROP TABLE `posts`;

-- revision 0001_create_users: Create users table
-- step 1/1: drop_table users (derived)
DROP TABLE `users`;

