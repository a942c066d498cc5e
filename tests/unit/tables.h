/* tables.h - plugin-data tables built by hand for the runtime's unit tests, the way a
 * compiled revision holds them. */
#ifndef MIG_TEST_TABLES_H
#define MIG_TEST_TABLES_H

#include "mig/plugin.h"

/* A table of path with its columns and primary key (key may be NULL with nkey 0); everything
 * else (indexes, families, TTL, settings, changefeeds) unset, for the test to add. */
mig_p_table th_table(const char *path, const mig_p_column *cols, uint32_t ncols, const char *const *key,
                     uint32_t nkey);

#endif
