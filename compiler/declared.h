/* declared.h - the declared schema (schema.mig): the tables a project wants, written with
 * the body syntax of create_table, that `migc diff` compares with the schema at head.
 *
 * A declared schema is a file, or a directory of `*.mig` files read in name order, holding
 * create_table blocks and add_changefeed steps only (exactly what `migc schema` prints).
 * It is parsed by the grammar's declared-schema entry (grammar/parse.h) and checked by the
 * checks of create_table and add_changefeed (sema), as if it were the upgrade of a first
 * revision. `renamed_from "old";` hints, allowed here only, are collected for the diff.
 */
#ifndef MIG_DECLARED_H
#define MIG_DECLARED_H

#include "schema.h"
#include "ydbver.h"

typedef enum mig_rename_kind { MIG_RENAME_TABLE, MIG_RENAME_COLUMN, MIG_RENAME_INDEX } mig_rename_kind;

/* A `renamed_from "from";` hint on table `table` (the declared path), or on its column or
 * index `to`. */
typedef struct mig_rename {
    mig_rename_kind kind;
    const char *table;
    const char *from, *to;
    const mig_source *src;
    mig_loc loc;             /* the old name's string */
} mig_rename;

typedef struct mig_declared {
    mig_schema *schema;
    mig_rename *renames;     /* in file order */
    size_t nrenames, cap;
    size_t nfiles;
} mig_declared;

/* Read, parse and check the declared schema at path (a file or a directory). Reports
 * every problem to d. Returns 0 (also when the schema has errors: see d->nerrors), or
 * an exit code (common/exitcodes.h) when path cannot be read. */
int mig_declared_load(mig_schema_ctx *c, mig_diags *d, const char *path, mig_ydbver target, mig_declared *out);

#endif
