/* tables.c - plugin-data tables built by hand for the runtime's unit tests (tables.h). */
#include "tables.h"

#include <string.h>

mig_p_table th_table(const char *path, const mig_p_column *cols, uint32_t ncols, const char *const *key,
                     uint32_t nkey)
{
    mig_p_table t;
    memset(&t, 0, sizeof t);
    t.path = path;
    t.columns = cols;
    t.ncolumns = ncols;
    t.key = key;
    t.nkey = nkey;
    return t;
}
