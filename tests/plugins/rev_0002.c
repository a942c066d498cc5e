/* rev_0002.c - test plugin: create_table posts and a yql step; written downgrade. The
 * branch point: 0003_add_status and 0003b_audit both revise it. */
#include "mig/plugin.h"

static const mig_p_column cols[] = {
    {"id", {MIG_PT_UINT64, 0, 0, 0, 0}, 1, 0, {0, 0}, NULL, NULL},
    {"title", {MIG_PT_UTF8, 0, 0, 0, 0}, 0, 0, {0, 0}, NULL, NULL},
};
static const char *const key[] = {"id"};
static const mig_p_table posts = {"posts", cols, 2, 1, key, NULL, 0, 0, NULL, {NULL, 0, NULL}, NULL, 0, 0, NULL};
static const char seed[] = "UPSERT INTO posts (id, title) VALUES (1ul, 'hello'u)";
static const mig_p_step up[] = {
    {.kind = MIG_S_CREATE_TABLE, .table = "posts", .def = &posts, .line = 6, .post_path = "posts", .post = &posts},
    {.kind = MIG_S_YQL, .body = seed, .body_len = sizeof seed - 1, .line = 12},
};
static const mig_p_step down[] = {
    {.kind = MIG_S_DROP_TABLE, .table = "posts", .line = 15, .post_path = "posts", .post = NULL},
};
static const char *const parents[] = {"0001_create_users"};
static const mig_revision_desc desc = {
    .magic = MIG_PLUGIN_MAGIC, .abi_version = MIG_ABI_VERSION, .size = sizeof(mig_revision_desc), .elem_sizes = MIG_ELEM_SIZES,
    .host_api_min = 1, .id = "0002_add_posts", .message = "Add posts table",
    .parents = parents, .nparents = 1,
    .downgrade_kind = MIG_DOWN_WRITTEN, .source_path = "migrations/0002_add_posts.mig",
    .source_sha256 = "2222222222222222222222222222222222222222222222222222222222222222",
    .migc_version = "0.1.0", .target_ydb = "26.2",
    .upgrade = up, .nupgrade = 2, .downgrade = down, .ndowngrade = 1,
};

MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void);
const mig_revision_desc *mig_plugin_descriptor(void) { return &desc; }
