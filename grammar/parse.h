/* parse.h - the front end's one entry point. */
#ifndef MIG_PARSE_H
#define MIG_PARSE_H

#include <stdbool.h>

#include "ast.h"

/* Parse one source. Never returns NULL: a file with syntax errors yields the parts that
 * could be read, with file->nerrors > 0 and the errors reported to d. The tree lives in a. */
mig_file *mig_parse(mig_arena *a, mig_diags *d, const mig_source *src);

/* Parse a declared schema (schema.mig, `migc diff`): the steps of an upgrade block written
 * at the top level, with no headers, into file->decls. The grammar is the one of
 * revisions; which steps a declared schema may hold is the compiler's to check. */
mig_file *mig_parse_declared(mig_arena *a, mig_diags *d, const mig_source *src);

#endif
