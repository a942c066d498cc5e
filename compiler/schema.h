/* schema.h - the schema the compiler knows at every revision, and the resolved steps
 * ("ops") that move it from one revision to the next.
 *
 * Schemas are persistent: a schema is a tree of table pointers keyed by path
 * (schemamap.c), and neither a node nor a table is changed once another schema may share
 * it. Editing a table in a schema copies it and the O(log n) nodes above it first (copy
 * on write, tracked with a generation number), so the schema of every revision can be
 * kept at the cost of what its steps changed.
 */
#ifndef MIG_SCHEMA_H
#define MIG_SCHEMA_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "../common/arena.h"
#include "../common/buf.h"
#include "../common/diag.h"
#include "../grammar/ast.h"
#include "literal.h"
#include "settings.h"
#include "types.h"

typedef struct mig_where {
    const mig_source *src; /* NULL for things the compiler made (derived steps) */
    mig_loc loc;
} mig_where;

typedef struct mig_scol {
    const char *name;
    mig_coltype type;
    bool not_null;
    bool has_default;
    mig_value def;
    const char *family;  /* NULL: the default family */
    mig_where where;
} mig_scol;

typedef struct mig_sindex {
    const char *name;
    const char **cols;
    size_t ncols;
    const char **cover;
    size_t ncover;
    bool unique, async;
    mig_where where;
} mig_sindex;

typedef struct mig_sfamily {
    const char *name;
    const char *data;        /* NULL when not set */
    const char *compression; /* NULL when not set */
    mig_where where;
} mig_sfamily;

typedef struct mig_sttl {
    bool set;
    const char *col;
    int64_t seconds;
    const char *unit; /* NULL, or SECONDS / MILLISECONDS / MICROSECONDS / NANOSECONDS */
    mig_where where;
} mig_sttl;

typedef struct mig_sfeed {
    const char *name;
    mig_kv *opts;
    size_t nopts;
    mig_where where;
} mig_sfeed;

typedef struct mig_table {
    const char *path;
    mig_scol *cols;
    size_t ncols;
    const char **pk;
    size_t npk;
    mig_sindex *indexes;
    size_t nindexes;
    mig_sfamily *families;
    size_t nfamilies;
    mig_sttl ttl;
    mig_kv *settings;   /* explicitly set, sorted by key */
    size_t nsettings;
    mig_sfeed *feeds;
    size_t nfeeds;
    mig_where where;    /* where it was created */
    unsigned gen;       /* copy-on-write owner */
} mig_table;

typedef struct mig_tnode mig_tnode;

typedef struct mig_schema {
    mig_tnode *root;    /* private to schemamap.c: walk with mig_schema_first/next */
    size_t n;           /* number of tables */
    unsigned gen;
    mig_arena *nodes;   /* where this schema's own nodes go; NULL: the context's arena. A
                         * schema kept only for a comparison puts them in a scratch arena
                         * freed after it (its tables still go to the context's arena). */
} mig_schema;

/* A generation counter shared by the schemas of one analysis. */
typedef struct mig_schema_ctx {
    mig_arena *arena;
    unsigned next_gen;
} mig_schema_ctx;

/* schemamap.c. A schema is changed only between freezes (mig_op_apply freezes it after
 * every op); clone a schema after a freeze, never in the middle of an op. */
mig_schema *mig_schema_new(mig_schema_ctx *c);
mig_schema *mig_schema_clone(mig_schema_ctx *c, const mig_schema *s); /* O(1) */
const mig_table *mig_schema_find(const mig_schema *s, const char *path);
/* The tables in path order: for (t = first(s); t; t = next(s, t)). */
const mig_table *mig_schema_first(const mig_schema *s);
const mig_table *mig_schema_next(const mig_schema *s, const mig_table *t);
/* A table of s that may be changed (copied first when shared). NULL when absent. */
mig_table *mig_schema_edit(mig_schema_ctx *c, mig_schema *s, const char *path);
/* Insert (or replace) a table; the table becomes owned by s. */
void mig_schema_put(mig_schema_ctx *c, mig_schema *s, mig_table *t);
bool mig_schema_remove(mig_schema_ctx *c, mig_schema *s, const char *path);
/* Same paths, and `same` holds for every pair of tables that are not one object. */
bool mig_schema_same(const mig_schema *a, const mig_schema *b, bool (*same)(const mig_table *, const mig_table *));
mig_table *mig_table_new(mig_schema_ctx *c, const char *path);
mig_table *mig_table_copy(mig_arena *a, const mig_table *t);

int mig_table_col(const mig_table *t, const char *name);      /* index or -1 */
int mig_table_index(const mig_table *t, const char *name);    /* index or -1 */
int mig_table_feed(const mig_table *t, const char *name);     /* index or -1 */
int mig_table_family(const mig_table *t, const char *name);   /* index or -1 */
bool mig_table_is_key(const mig_table *t, const char *col);
/* Same columns, cover, unique and async (the names are not compared). */
bool mig_index_same(const mig_sindex *x, const mig_sindex *y);
const char *mig_table_setting(const mig_table *t, const char *key); /* value or NULL */
void mig_table_set_setting(mig_schema_ctx *c, mig_table *t, const char *key, const char *value);
void mig_table_unset_setting(mig_table *t, const char *key);

/* Differences between two schemas, one sentence each ("table \"t\": column \"c\" is
 * Utf8 in the first and missing in the second."), at most `max`; returns their count. */
size_t mig_schema_diff(const mig_schema *a, const mig_schema *b, const char *aname, const char *bname,
                       mig_buf *out, size_t max);
bool mig_schema_equal(const mig_schema *a, const mig_schema *b);

/* The schema as .mig text: mig_schema_print_mig (ptable.h). */

/* ---- resolved steps ---- */

typedef struct mig_opchange {
    mig_change_kind kind; /* NULL, FAMILY, DEFAULT, DROP_DEFAULT (the others are refused) */
    const char *family;
    mig_value def;
} mig_opchange;

/* The rows per page of a backfill or rebuild_table step that names no `batch`. */
#define MIG_BATCH_DEFAULT 1000

typedef struct mig_op {
    mig_step_kind kind;
    const mig_step *step;     /* the written step; NULL for a derived one */
    const char *table;
    const char *to;           /* RENAME_TABLE; REBUILD_TABLE: the kept table T__before_<REV> */
    bool replace;             /* RENAME_TABLE: an existing destination is dropped */
    const char *name;         /* index / changefeed / column (ALTER_COLUMN); REBUILD_TABLE:
                                 the shadow table T__rebuild_<REV> */
    const char *name2;        /* RENAME_INDEX new name */
    mig_cond cond;
    const mig_table *def;     /* CREATE_TABLE: the table as created; REBUILD_TABLE: the new shape */
    mig_scol *cols;           /* ADD_COLUMN */
    size_t ncols;
    const char **names;       /* DROP_COLUMN; BACKFILL: the columns set; REBUILD_TABLE: every
                                 column of the new shape */
    size_t nnames;
    mig_opchange *changes;    /* ALTER_COLUMN */
    size_t nchanges;
    mig_sindex *index;        /* CREATE_INDEX */
    mig_sttl ttl;             /* SET_TTL */
    mig_kv *settings;         /* SET (a value NULL means: back to YDB's default), ADD_CHANGEFEED */
    size_t nsettings;
    const char *body;         /* YQL, C; BACKFILL: the where condition (NULL: none) */
    size_t body_len;
    const char **exprs;       /* BACKFILL: the expression of each column in names;
                                 REBUILD_TABLE: its source over the old row (NULL: none) */
    uint32_t batch;           /* BACKFILL, REBUILD_TABLE: rows per page (MIG_BATCH_DEFAULT
                                 when the step names none) */
    uint32_t pause_ms;        /* BACKFILL: the pause between pages */
    const mig_table *post;    /* the table after this op; NULL when dropped or for YQL/C */
    bool noop;                /* if_exists / if_not_exists made it a no-op in the model */
} mig_op;

typedef struct mig_ops {
    mig_op *v;
    size_t n, cap;
} mig_ops;

/* Apply an op to a schema (the op was checked when it was made). Returns NULL, or a
 * sentence saying why it cannot apply (used when replaying other branches at a merge,
 * where two branches may collide). Sets op->post. */
const char *mig_op_apply(mig_schema_ctx *c, mig_schema *s, mig_op *op);

/* The table ops->v[i] meets, ops having been applied in order to `start`: the post state
 * of the last earlier op that left its path, else the table in `start`. NULL when there
 * is none, and for yql and c steps. */
const mig_table *mig_ops_table_before(const mig_ops *ops, size_t i, const mig_schema *start);

#endif
