/* diff.h - `migc diff`'s engine: the steps that take the schema at head to the declared
 * schema (declared.h), in a fixed order, and the revision text that holds them.
 *
 * Step order: rename_table, create_table (with its add_changefeed steps), add_column,
 * alter_column, rebuild_table, rename_index, create_index (a changed index: drop_index then
 * create_index), set_ttl / reset_ttl, set, add_changefeed (a changed changefeed: drop then
 * add), then the drops: drop_changefeed, drop_index, drop_column, and drop_table last. Within
 * a phase, tables go in path order and a table's objects in declaration order: the same
 * inputs give the same steps.
 *
 * A table YDB cannot reshape in place (a primary-key change, a column type change, NOT NULL
 * on an existing column, other column families) gets one rebuild_table step with the whole
 * declared table (diff_rebuild.c). What no step can do (a column rename, a new NOT NULL
 * column without a default, a rebuild of a table with a changefeed) is refused with an error
 * that names the table and the change.
 */
#ifndef MIG_DIFF_H
#define MIG_DIFF_H

#include "../common/buf.h"
#include "declared.h"
#include "schema.h"
#include "ydbver.h"

typedef struct mig_diff {
    mig_ops ops;
    const char **notes;  /* per op: a comment written above it ("destructive: ..."), or NULL */
    size_t ndestructive;
} mig_diff;

/* The steps from `head` to `want`. Reports refused changes (errors), destructive drops and
 * rebuilds (warnings) to d; returns false when something was refused (out is then
 * incomplete). The steps are checked by replaying them on head: what they give must equal
 * want, but for the tables the rebuilds keep (T__before_<REV>, dropped by a later revision). */
bool mig_diff_run(mig_schema_ctx *c, mig_diags *d, const mig_schema *head, const mig_declared *want, mig_diff *out);

/* The steps as .mig text, one block per step, each line starting with indent; a note is
 * written as a comment line above its step. */
void mig_diff_print(mig_arena *a, mig_buf *out, const mig_schema *head, const mig_diff *df, const char *indent);

/* What follows a new revision's headers: the upgrade block, and a downgrade only when the
 * compiler cannot derive one (then `downgrade irreversible;`, the reasons as comments). */
const char *mig_diff_revision_body(mig_schema_ctx *c, mig_ydbver target, const mig_schema *head, const mig_diff *df);

#endif
