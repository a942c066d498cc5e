/* rev_0003b.c - test plugin: the other branch after 0002, labelled "audit", depending on
 * 0001_create_users, irreversible. */
#include "mig/plugin.h"

static const char body[] = "UPSERT INTO posts (id, title) VALUES (2ul, 'audit'u);\n";
static const mig_p_step up[] = {
    {.kind = MIG_S_YQL, .body = body, .body_len = sizeof body - 1, .line = 4},
};
static const char *const parents[] = {"0002_add_posts"};
static const char *const depends[] = {"0001_create_users"};
static const char *const labels[] = {"audit"};
static const mig_revision_desc desc = {
    .magic = MIG_PLUGIN_MAGIC, .abi_version = MIG_ABI_VERSION, .size = sizeof(mig_revision_desc), .elem_sizes = MIG_ELEM_SIZES,
    .host_api_min = 1, .id = "0003b_audit", .message = "Audit rows",
    .parents = parents, .nparents = 1, .depends = depends, .ndepends = 1, .labels = labels, .nlabels = 1,
    .downgrade_kind = MIG_DOWN_IRREVERSIBLE, .source_path = "migrations/0003b_audit.mig",
    .source_sha256 = "3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b3b",
    .migc_version = "0.1.0", .target_ydb = "26.2",
    .upgrade = up, .nupgrade = 1, .downgrade = NULL, .ndowngrade = 0,
};

MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void);
const mig_revision_desc *mig_plugin_descriptor(void) { return &desc; }
