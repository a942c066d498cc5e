/* rev_0003.c - test plugin: add_column and a c step, on one branch after 0002. */
#include "mig/plugin.h"

static const mig_p_column status[] = {
    {"status", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0, 0}, NULL, NULL},
};
static const char *const drop[] = {"status"};
static int backfill(mig_ctx *ctx, const mig_host_api *api)
{
    return api->exec(ctx, "UPDATE users SET status = 'active'u", NULL, 0, NULL);
}
static const char csrc[] = "return api->exec(ctx, \"UPDATE users SET status = 'active'u\", NULL, 0, NULL);";
static const mig_p_step up[] = {
    {.kind = MIG_S_ADD_COLUMN, .table = "users", .columns = status, .ncolumns = 1, .line = 3, .post_path = "users"},
    {.kind = MIG_S_C, .body = csrc, .body_len = sizeof csrc - 1, .line = 5, .native = backfill},
};
static const mig_p_step down[] = {
    {.kind = MIG_S_DROP_COLUMN, .table = "users", .names = drop, .nnames = 1, .line = 0, .post_path = "users"},
};
static const char *const parents[] = {"0002_add_posts"};
static const mig_revision_desc desc = {
    .magic = MIG_PLUGIN_MAGIC, .abi_version = MIG_ABI_VERSION, .size = sizeof(mig_revision_desc), .elem_sizes = MIG_ELEM_SIZES,
    .host_api_min = 1, .id = "0003_add_status", .message = "Add user status",
    .parents = parents, .nparents = 1,
    .downgrade_kind = MIG_DOWN_DERIVED, .source_path = "migrations/0003_add_status.mig",
    .source_sha256 = "3333333333333333333333333333333333333333333333333333333333333333",
    .migc_version = "0.1.0", .target_ydb = "26.2",
    .upgrade = up, .nupgrade = 2, .downgrade = down, .ndowngrade = 1,
};

MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void);
const mig_revision_desc *mig_plugin_descriptor(void) { return &desc; }
