/* rev_0004.c - test plugin: the merge of both branches; no steps. */
#include "mig/plugin.h"

static const char *const parents[] = {"0003_add_status", "0003b_audit"};
static const mig_revision_desc desc = {
    .magic = MIG_PLUGIN_MAGIC, .abi_version = MIG_ABI_VERSION, .size = sizeof(mig_revision_desc), .elem_sizes = MIG_ELEM_SIZES,
    .host_api_min = 1, .id = "0004_merge", .message = "Merge status and audit",
    .parents = parents, .nparents = 2,
    .downgrade_kind = MIG_DOWN_DERIVED, .source_path = "migrations/0004_merge.mig",
    .source_sha256 = "4444444444444444444444444444444444444444444444444444444444444444",
    .migc_version = "0.1.0", .target_ydb = "26.2",
};

MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void);
const mig_revision_desc *mig_plugin_descriptor(void) { return &desc; }
