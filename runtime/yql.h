/* yql.h - the one place YQL is written: compiled steps as YQL statements.
 *
 * Online runs and `migrun upgrade --sql` use these functions, so what a user reviews is
 * what runs. Rules from ../shared/reference/yql-ddl.md: one statement per query, one
 * action kind per ALTER TABLE, explicit NOT NULL on key columns, typed literals.
 * Its parts are listed in yql_int.h; the step descriptions at the end are stepdesc.c's.
 */
#ifndef MIG_RT_YQL_H
#define MIG_RT_YQL_H

#include <stdbool.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "mig/plugin.h"

/* Append the YQL of one step to out: one statement ending with ";\n" (a yql step's text
 * as written, with a final ";\n" added when missing). A c step has no YQL: returns 1 and
 * appends nothing. Returns 0, or -1 with *err (a static sentence) for a step it cannot
 * render (an unknown kind from a newer migc). */
int mig_yql_step(mig_buf *out, const mig_p_step *st, const char **err);

/* A value as a typed YQL literal for a column type: 42ul, 'new'u, Timestamp("..."),
 * Decimal("1.5", 22, 9), NULL. */
void mig_yql_value(mig_buf *out, const mig_p_type *t, mig_p_value v);

/* A name quoted with backticks (always), escaping backticks and backslashes. */
void mig_yql_name(mig_buf *out, const char *name);

/* Types are written by mig_ptype_write (common/ydbtype.h). */

/* A one-line description of a step for logs and --sql comments:
 * "create_table users", "add_column users (status)", "yql (line 12)". */
void mig_step_describe(mig_buf *out, const mig_p_step *st);
/* The same on one line (newlines become spaces), in a. */
const char *mig_step_describe_line(mig_arena *a, const mig_p_step *st);

/* A step kind's name as the language spells it ("create_table", "yql", "c"); NULL for an
 * unknown kind. */
const char *mig_p_step_kind_name(uint32_t kind);

#endif
