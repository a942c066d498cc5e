/* rev_0001.c - test plugin: the root revision, create_table users (derived downgrade). */
#include "mig/plugin.h"

static const mig_p_column cols[] = {
    {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0, 0}, NULL, NULL},
    {"name", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0, 0}, NULL, NULL},
};
static const char *const key[] = {"id"};
static const mig_p_table users = {"users", cols, 2, 1, key, NULL, 0, 0, NULL, {NULL, 0, NULL}, NULL, 0, 0, NULL};
static const mig_p_step up[] = {
    {.kind = MIG_S_CREATE_TABLE, .table = "users", .def = &users, .line = 3, .post_path = "users", .post = &users},
};
static const mig_p_step down[] = {
    {.kind = MIG_S_DROP_TABLE, .table = "users", .line = 0, .post_path = "users", .post = NULL},
};
static const char *const labels[] = {"core"};
static const mig_revision_desc desc = {
    .magic = MIG_PLUGIN_MAGIC, .abi_version = MIG_ABI_VERSION, .size = sizeof(mig_revision_desc), .elem_sizes = MIG_ELEM_SIZES,
    .host_api_min = 1, .id = "0001_create_users", .message = "Create users table",
    .labels = labels, .nlabels = 1,
    .downgrade_kind = MIG_DOWN_DERIVED, .source_path = "migrations/0001_create_users.mig",
    .source_sha256 = "1111111111111111111111111111111111111111111111111111111111111111",
    .migc_version = "0.1.0", .target_ydb = "26.2",
    .upgrade = up, .nupgrade = 1, .downgrade = down, .ndowngrade = 1,
};

MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void);
const mig_revision_desc *mig_plugin_descriptor(void) { return &desc; }
