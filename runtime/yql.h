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
#include <stdint.h>

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

/* ---- backfill (yqlbackfill.c, decision 0027): the statements of its pages. Parameters:
 * $c0.. the cursor (the last key done), $e0.. the end key, $l0.. the page's last key;
 * key i is st->pre->key[i], typed as that column. */
typedef enum mig_bf_stmt {
    MIG_BF_END,    /* the end key: the table's greatest key (no parameters) */
    MIG_BF_PAGE,   /* the keys of the next page: after $c (unless from the start), up to $e */
    MIG_BF_UPDATE, /* the keys of the page after this one (MIG_BF_PAGE's SELECT after $l, up
                    * to $e), then the page's UPDATE: after $c (unless from the start), up to $l */
} mig_bf_stmt;
/* NULL when st can be written as YQL, else why not (a static sentence). */
const char *mig_yql_backfill_check(const mig_p_step *st);
/* The type of key column i (NULL if the table lacks it). */
const mig_p_type *mig_yql_backfill_key_type(const mig_p_step *st, uint32_t i);
/* One statement to out, its DECLAREs to decl (st checked by mig_yql_backfill_check). With
 * decl == out the DECLAREs come first; apart, the caller puts them before every statement
 * of a query that holds several. */
void mig_yql_backfill(mig_buf *decl, mig_buf *out, const mig_p_step *st, mig_bf_stmt which, bool from_start);
/* What one page runs, for a script (upgrade --sql), with comments saying that it pages. */
void mig_yql_backfill_script(mig_buf *out, const mig_p_step *st);

/* ---- rebuild_table (yqlrebuild.c, decision 0029). Its pages are backfill's (MIG_BF_END,
 * MIG_BF_PAGE, MIG_BF_UPDATE through mig_yql_backfill, with the same parameters): a page's
 * SELECT returns T's key (st->pre's, nkey columns), then the new key's values
 * (st->def->nkey columns: what each row's key in the rebuilt table will be), then a Bool
 * that is true when a `not null` column of the new shape would get NULL; its commit is
 * UPSERT INTO S (st->name) SELECT ... FROM T over the page's range. */
typedef enum mig_rb_stmt {
    MIG_RB_DROP,     /* DROP TABLE IF EXISTS S */
    MIG_RB_CREATE,   /* CREATE TABLE S with the new shape (st->def) and its indexes */
    MIG_RB_COUNT,    /* COUNT(*) AS n of T up to $e, of T after $e, of S (three result sets;
                        with from_start, i.e. no end key: of all T, of S) */
    MIG_RB_ROWS,     /* COUNT(*) AS n of T (the plan's row count) */
} mig_rb_stmt;
void mig_yql_rebuild(mig_buf *decl, mig_buf *out, const mig_p_step *st, mig_rb_stmt which, bool from_start);
/* What the step runs, for a script (upgrade --sql): S's DDL, one page, the verification and a
 * comment for the swap, which YQL cannot write (TableService.RenameTables). */
void mig_yql_rebuild_script(mig_buf *out, const mig_p_step *st);
/* A rename_table with MIG_PSTEP_REPLACE, for a script: a comment (RenameTables). */
void mig_yql_rename_replace_script(mig_buf *out, const mig_p_step *st);

/* A one-line description of a step for logs and --sql comments:
 * "create_table users", "add_column users (status)", "yql (line 12)". */
void mig_step_describe(mig_buf *out, const mig_p_step *st);
/* The same on one line (newlines become spaces), in a. */
const char *mig_step_describe_line(mig_arena *a, const mig_p_step *st);

/* A step kind's name as the language spells it ("create_table", "yql", "c"); NULL for an
 * unknown kind. */
const char *mig_p_step_kind_name(uint32_t kind);

#endif
