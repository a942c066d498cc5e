/* tables.h - the row tables a database holds, as `migrun check` (unmanaged tables) and
 * `migrun baseline` see them (docs/decisions/0016-edges.md).
 *
 * Every folder is walked from the database's root. Left out: names that start with a dot
 * (.sys, .metadata and other system paths), objects that are neither folders nor row tables
 * (a note each), the paths the ignore list matches, and the version and lock tables of any
 * migrun project (mig_state_is_state_table: this one's and others'). */
#ifndef MIG_RT_TABLES_H
#define MIG_RT_TABLES_H

#include <stdbool.h>
#include <stdio.h>

#include "db.h"

typedef struct mig_tables_opts {
    const char *const *ignore;  /* shell patterns (fnmatch) on the path, such as tmp_* */
    size_t nignore;
    /* a table the caller knows already: neither described nor returned (may be NULL) */
    bool (*known)(void *ud, const char *path);
    void *known_ud;
    FILE *notes;                /* "not a row table" notes, or NULL */
} mig_tables_opts;

/* Split an ignore list (patterns separated by commas or blanks; NULL: none) into o->ignore. */
void mig_tables_ignore_parse(mig_arena *a, const char *list, mig_tables_opts *o);
/* Whether path matches one of the patterns. */
bool mig_tables_ignored(const mig_tables_opts *o, const char *path);

/* The tables (described, path relative to the database) into *out. *skipped counts the
 * objects that are not row tables. 0, or -1 with *e. */
int mig_tables_list(mig_arena *a, mig_db *db, const mig_tables_opts *o, mig_p_table **out, size_t *n, size_t *skipped,
                    mig_rt_error *e);

#endif
