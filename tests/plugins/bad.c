/* bad.c - test plugins the loader must refuse. Each is built with one -D switch and
 * otherwise claims to be 0001_create_users (same id and source checksum), so only the
 * named fault differs:
 *   BAD_MAGIC    wrong magic number
 *   BAD_ABI      ABI version 99 and a smaller struct (two differing fields)
 *   OLD_ABI      ABI version 2, as migc built plugins before values replaced YQL text
 *                (its mig_p_kv had no kind: 16 bytes)
 *   BAD_SIZE     right magic and version, descriptor smaller than migrun's
 *   BAD_HOSTAPI  needs host API version 99
 *   BAD_ELEM     its steps are 8 bytes smaller than migrun's (a plugin built before a
 *                field was added to mig_p_step)
 *   NO_SYMBOL    exports another name instead of mig_plugin_descriptor
 *   UNDEF        needs a symbol nothing defines, so dlopen(RTLD_NOW) fails
 */
#include "mig/plugin.h"

#ifdef BAD_MAGIC
#define MAGIC 0x21444142u /* "BAD!" */
#else
#define MAGIC MIG_PLUGIN_MAGIC
#endif
#ifdef BAD_ABI
#define ABI 99u
#define SIZE 64u
#elif defined(OLD_ABI)
#define ABI 2u
#define SIZE ((uint32_t)sizeof(mig_revision_desc))
#elif defined(BAD_SIZE)
#define ABI MIG_ABI_VERSION
#define SIZE 64u
#else
#define ABI MIG_ABI_VERSION
#define SIZE ((uint32_t)sizeof(mig_revision_desc))
#endif
#ifdef BAD_HOSTAPI
#define HOSTAPI 99u
#else
#define HOSTAPI 1u
#endif

static const char *const labels[] = {"core"};
static const mig_revision_desc desc = {
    .magic = MAGIC, .abi_version = ABI, .size = SIZE, .host_api_min = HOSTAPI,
    .id = "0001_create_users", .message = "Create users table", .labels = labels, .nlabels = 1,
    .downgrade_kind = MIG_DOWN_DERIVED, .source_path = "migrations/0001_create_users.mig",
    .source_sha256 = "1111111111111111111111111111111111111111111111111111111111111111",
    .migc_version = "0.1.0", .target_ydb = "26.2",
#ifdef BAD_ELEM
    .elem_sizes = {sizeof(mig_p_step) - 8, sizeof(mig_p_table), sizeof(mig_p_column), sizeof(mig_p_index),
                   sizeof(mig_p_family), sizeof(mig_p_kv), sizeof(mig_p_ttl), sizeof(mig_p_changefeed),
                   sizeof(mig_p_change), sizeof(mig_p_type)},
#elif defined(OLD_ABI)
    .elem_sizes = {sizeof(mig_p_step), sizeof(mig_p_table), sizeof(mig_p_column), sizeof(mig_p_index),
                   sizeof(mig_p_family), 2 * sizeof(const char *), sizeof(mig_p_ttl), sizeof(mig_p_changefeed),
                   sizeof(mig_p_change), sizeof(mig_p_type)},
#else
    .elem_sizes = MIG_ELEM_SIZES,
#endif
};

#ifdef UNDEF
extern int mig_test_no_such_function(void);
#endif

#ifdef NO_SYMBOL
MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptr(void);
const mig_revision_desc *mig_plugin_descriptr(void) { return &desc; }
#else
MIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void);
const mig_revision_desc *mig_plugin_descriptor(void)
{
#ifdef UNDEF
    if (mig_test_no_such_function()) return 0;
#endif
    return &desc;
}
#endif
