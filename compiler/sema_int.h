/* sema_int.h - what the parts of semantic analysis share (not a public header).
 *
 * sema.c replays revisions in graph order and resolves each step through the checks of
 * its family: sema_table.c (tables), sema_column.c (columns), sema_index.c (indexes, TTL,
 * settings, changefeeds), sema_yql.c (yql and c steps), sema_backfill.c (backfill),
 * sema_rebuild.c (rebuild_table); sema_names.c holds the checks
 * they share, and sema_down.c checks each revision's downgrade.
 */
#ifndef MIG_SEMA_INT_H
#define MIG_SEMA_INT_H

#include "sema.h"
#include "settings.h"

#define MAX_COLUMNS 200
#define MAX_INDEXES 20

typedef struct sema_ctx {
    mig_project *p;
    mig_arena *a;
    mig_diags *d;
    mig_schema_ctx sc;
    mig_ydbver target;
    char tv[16];               /* the target, printed */
    const mig_source *src;     /* the file being checked */
    const mig_revision *rev;
    bool declared;             /* checking a declared schema (declared.c), not a revision */
    const mig_ops *done;       /* the ops of the section being checked, so far */
} sema_ctx;

/* The checks report through these, at a location in the file being checked (s->src). */
#define ERR(loc, ...) mig_report(s->d, MIG_SEV_ERROR, s->src, (loc), __VA_ARGS__)
#define WARN(loc, ...) mig_report(s->d, MIG_SEV_WARNING, s->src, (loc), __VA_ARGS__)
#define HINT(g, ...) mig_hint(s->d, (g), __VA_ARGS__)
#define PUSHA(vec, n, cap, v) MIG_PUSH(s->a, vec, n, cap, v)

/* ---- sema_names.c ---- */

mig_where sema_here(sema_ctx *s, mig_loc loc);
/* Is feature f in the target release? Reports (with the release that has it) if not. */
bool sema_need_feature(sema_ctx *s, mig_feature f, mig_loc loc);
/* A table path: elements of [A-Za-z0-9._-], none starting with '.', at most 32 deep. */
bool sema_check_path(sema_ctx *s, const char *path, mig_loc loc);
/* A column name (column), or an index, family or changefeed name (what names it). */
bool sema_check_name(sema_ctx *s, const mig_name *n, const char *what, bool column);
/* Add "Did you mean ...?" to g when one of the n candidates is close to word. */
void sema_suggest(sema_ctx *s, mig_diag *g, const char *word, const char **cands, size_t n);
/* The table, column or index named, or NULL / -1 after reporting it missing. */
const mig_table *sema_need_table(sema_ctx *s, const mig_schema *sch, const mig_path *path);
int sema_need_col(sema_ctx *s, const mig_table *t, const mig_name *n);
int sema_need_index(sema_ctx *s, const mig_table *t, const mig_name *n);
/* A note on g at w, if w is in a file (derived objects have none). */
void sema_note_at(sema_ctx *s, mig_diag *g, mig_where w, const char *what);
/* Report a renamed_from hint found outside a declared schema (at loc); true when allowed. */
bool sema_renamed_from_ok(sema_ctx *s, mig_loc loc);
/* Report st's if_exists / if_not_exists unless it is `allowed`. */
void sema_cond_not_allowed(sema_ctx *s, const mig_step *st, mig_cond allowed);

/* ---- sema_column.c ---- */

typedef struct sema_coldef {
    mig_scol col;
    const mig_column *ast;
    bool pk, explicit_null, explicit_not_null;
    const mig_lit *deflit;
    mig_loc defloc;
    bool ok;
} sema_coldef;

bool sema_resolve_coldef(sema_ctx *s, const mig_column *c, bool in_create, sema_coldef *out);
/* Settle NOT NULL once the key is known, and check a NULL default. */
void sema_finish_col(sema_ctx *s, sema_coldef *cd, bool key);

/* ---- sema_index.c ---- */

/* An index of table t (NULL when it has errors); cond gets an if_not_exists option. */
mig_sindex *sema_resolve_index(sema_ctx *s, const mig_table *t, const mig_index *ix, bool in_create, mig_cond *cond);
bool sema_resolve_ttl(sema_ctx *s, const mig_table *t, const mig_ttl *ttl, mig_sttl *out);
bool sema_resolve_settings(sema_ctx *s, const mig_settings *in, mig_setting_ctx ctx, mig_kv **out, size_t *nout);

/* ---- the steps: resolve st against cur into op; true when op may be applied ---- */

bool sema_op_create_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_drop_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_rename_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_add_column(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_drop_column(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_alter_column(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_create_index(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_drop_index(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_rename_index(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_set_ttl(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_reset_ttl(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_set(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_add_changefeed(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_drop_changefeed(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_yql(sema_ctx *s, const mig_step *st, mig_op *op);
bool sema_op_backfill(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);
bool sema_op_rebuild_table(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op);

/* ---- sema_table.c ---- */

/* A create_table or rebuild_table body (st->items) checked and resolved into op->def, a
 * new table at st->table. False when it has errors (op->def is still set). */
bool sema_table_body(sema_ctx *s, const mig_step *st, mig_op *op);

/* ---- sema_backfill.c: what the steps that page through a table share ---- */

/* t has no key column that may be NULL (its rows are paged in key order); else reported at
 * `at` as "cannot <verb> table ...", the hint naming `step`. */
bool sema_pageable(sema_ctx *s, const mig_table *t, mig_loc at, const char *verb, const char *step);
/* `batch N` (NULL: absent) as rows per page into *out (the default when absent). */
bool sema_rows_per_page(sema_ctx *s, const mig_lit *batch, uint32_t *out);

/* ---- sema_yql.c ---- */

/* The next word (identifier) of YQL text in [p, end) outside strings, quoted names and
 * comments: *ws and *wn get it; returns the position after it, or NULL at the end. */
const char *sema_yql_next_word(const char *p, const char *end, const char **ws, size_t *wn);
/* Every bare name of an expression's text (at `at`) that reads a column is one of t's;
 * else each is reported as a missing column. */
bool sema_yql_names_ok(sema_ctx *s, const mig_table *t, const char *text, size_t len, mig_loc at);
/* The text is only white space. */
bool sema_yql_blank(const char *p, size_t n);
/* One `C = "EXPR"` (backfill's set, rebuild_table's copy): the expression is not empty and
 * reads only columns of `reads`, and is not the word NULL when C is `not_null` (else
 * reported, with null_hint). */
bool sema_yql_expr_ok(sema_ctx *s, const mig_table *reads, const mig_assign *as, bool not_null, const char *null_hint);

/* ---- sema.c and sema_down.c ---- */

/* Resolve and apply a section's steps to `cur`. Returns false if any step had errors. */
bool sema_run_steps(sema_ctx *s, mig_schema *cur, const mig_steps *steps, mig_ops *out);
/* Check, or derive, revision r's downgrade; fills rs->down and its flags. */
void sema_check_downgrade(sema_ctx *s, mig_revision *r, mig_rev_sema *rs);

#endif
