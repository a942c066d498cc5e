/* engine_int.h - ydbsim: the engine's catalog, rows and transactions (shared by engine.c,
 * rows.c, ddl.c, alter.c, scheme.c, exec*.c, state.c, ...). The engine is single-threaded: the
 * server must serialize calls. */
#ifndef YDBSIM_ENGINE_INT_H
#define YDBSIM_ENGINE_INT_H

#include "yql.h"

/* An immutable, reference-counted row: v[i] belongs to table column i. */
typedef struct srow { int refs; size_t n; sim_value v[]; } srow;
/* A reference-counted set of rows sorted by primary key; copied when shared and written. */
typedef struct rowset { int refs; size_t n, cap; srow **rows; } rowset;

typedef struct scol {
    char *name;
    ety t;              /* never opt */
    bool not_null;
    char *family;       /* NULL: default */
    bool has_def;
    sim_value def;
    ety def_t;
} scol;

typedef struct sindex {
    char *name;
    char **cols; size_t ncols;
    char **cover; size_t ncover;
    bool unique, async;
    int64_t ready_at_ms;    /* still building until this time (build.c); 0: ready */
    bool build_fails;       /* ... and then it fails: the index goes away */
} sindex;

typedef struct sfamily { char *name, *data, *compression; } sfamily;
typedef struct ssetting { char *key, *value; } ssetting;
typedef struct sfeed { char *name, *mode, *format; } sfeed;

typedef struct stable {
    uint64_t id;
    char *path;         /* absolute, e.g. /local/a/t */
    scol *cols; size_t ncols;
    size_t *pk; size_t npk;
    sindex *idx; size_t nidx;
    sfamily *fams; size_t nfams;
    ssetting *set; size_t nset;
    sfeed *feeds; size_t nfeeds;
    bool has_ttl;
    char *ttl_col;
    uint64_t ttl_secs;
    int ttl_unit;
    rowset *rs;
    uint64_t version;        /* bumped by every commit that writes rows */
    uint64_t schema_version; /* bumped by every ALTER */
} stable;

/* a buffered write, applied to the live table at commit */
enum { W_UPSERT, W_REPLACE, W_DELETE };
typedef struct wop {
    int kind;
    srow *row;        /* full-width row; for W_UPSERT only the mask columns matter */
    bool *mask;       /* W_UPSERT: which columns were written (ncols) */
} wop;

typedef struct txtab {
    uint64_t tid;
    rowset *rs;          /* this transaction's view (snapshot + own writes) */
    uint64_t ver_at;     /* table version when rs was taken */
    uint64_t schema_at;
    bool read, wrote;
    wop *log; size_t nlog;
} txtab;

struct sim_tx {
    char *id;
    sim_tx_mode mode;
    txtab **tabs; size_t ntabs; /* each owned here; a statement's table reference keeps
                                   a txtab pointer, so growing the array must not move them */
    bool snapshot_all;   /* snapshot RO: all tables captured at begin */
    bool failed;         /* a statement failed: YDB invalidates the transaction */
};

struct sim_engine {
    char *db;
    char **dirs; size_t ndirs;     /* absolute paths of directories (not the database) */
    stable **tabs; size_t ntabs;
    sim_tx **txs; size_t ntxs;
    uint64_t next_table_id;
    uint64_t next_tx;
    char *version;                 /* what Version() answers; NULL: it is unknown */
    unsigned index_build_ms;  /* an index added to a table with rows builds this long */
    bool index_build_fail;    /* ... and then fails */
};

/* engine.c */
stable *eng_find_table(sim_engine *e, const char *abs);
stable *eng_table_by_id(sim_engine *e, uint64_t id);
char *eng_abs_path(sim_engine *e, const char *prefix, const char *path, sim_result *r); /* NULL on error (r set) */
void table_free(stable *t);
bool eng_dir_exists(sim_engine *e, const char *abs);
void eng_add_dirs_for(sim_engine *e, const char *abs_table);
void fail_missing_table(sim_result *r, sim_engine *e, const char *abs, const char *fn);

/* ---- DDL (engine.c, ddl.c, alter.c) ---- */
/* engine.c */
/* DDL failure shapes (§6): compile-time errors nest under "Type annotation" and
 * "At function: Ki...!"; SchemeShard errors under "Execution" and "Executing <STMT>". */
enum { K_FLAT, K_TYPEANN, K_EXEC };
sim_result ok_result(void);
/* a DDL failure of the given shape (K_*), its message from fmt */
void ddl_fail(sim_result *r, sim_status st, int shape, const stmt *s, uint32_t code,
              const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void strv_free(char **v, size_t n);

/* ddl.c */
long col_index(const stable *t, const char *name);
char *upper(const char *s);
bool in_list(const char *k, const char **l, size_t n);
#define INL(k, l) in_list(k, l, sizeof l / sizeof l[0])
/* a WITH/SET setting ydbsim knows (TTL aside); K upper-case */
bool setting_known(const char *K);
bool apply_setting(sim_engine *e, stable *t, const kv *k, bool alter, const stmt *s, sim_result *r);
bool make_column(stable *t, const coldef *c, bool alter, const stmt *s, scol *sc, sim_result *r);
void scol_free(scol *c);
bool family_exists(const stable *t, const char *f);
bool apply_family(stable *t, const famdef *f, const stmt *s, sim_result *r, bool must_be_new);
char **strv_dup(char **v, size_t n);
bool add_index(stable *t, const idxdef *x, const stmt *s, bool alter, sim_result *r);
bool path_taken(sim_engine *e, const char *abs, const stmt *s, sim_result *r);
bool parent_is_table(sim_engine *e, const char *abs, const stmt *s, sim_result *r);
void exec_ddl(sim_engine *e, stmt **st, size_t n, sim_result *r);

/* alter.c */
void do_alter(sim_engine *e, const stmt *s, const char *prefix, sim_result *r);

/* build.c: index builds */
void sindex_free(sindex *x);
void eng_build_start(sim_engine *e, stable *t, sindex *x, const char *abs_table, sim_result *r);
void eng_builds_settle(sim_engine *e);

/* rows.c */
srow *row_new(size_t n);
srow *row_ref(srow *r);
void row_unref(srow *r);
rowset *rs_new(void);
rowset *rs_ref(rowset *rs);
void rs_unref(rowset *rs);
rowset *rs_clone(const rowset *rs);
int row_key_cmp(const stable *t, const srow *a, const srow *b);
/* binary search: index of the row with the same key, or -(insertion point)-1 */
long rs_find(const stable *t, const rowset *rs, const srow *key);
void rs_put(const stable *t, rowset *rs, srow *row);  /* takes the reference */
void rs_del(const stable *t, rowset *rs, const srow *key);

/* keyrange.c: the rows [*from, *to) of rs (t's rows in key order) outside which `where`
 * cannot hold; fn evaluates a constant operand (a literal, a parameter) into *t and *v
 * (caller frees v), or returns false. Never narrower than the WHERE. */
typedef bool (*kr_const_fn)(void *ud, const expr *x, ety *t, sim_value *v);
void kr_range(const stable *t, const rowset *rs, const expr *where, kr_const_fn fn, void *ud, size_t *from,
              size_t *to);

/* exec.c */
void exec_dml(sim_engine *e, sim_tx *tx, stmt **st, size_t n, const sim_param *params,
              size_t nparams, sim_result *r);
/* exec_tx.c */
sim_tx *tx_new(sim_engine *e, sim_tx_mode mode);
void tx_free(sim_tx *tx);
bool tx_commit_apply(sim_engine *e, sim_tx *tx, sim_result *r);

#endif

#ifndef YDBSIM_ENGINE_INT_H2
#define YDBSIM_ENGINE_INT_H2
/* exec_eval.c: constant evaluation (DEFAULT, settings) */
bool eval_const(expr *x, ety *t, sim_value *v, sim_result *r);
/* exec_conv.c: converts a value of type from to type to (YQL's implicit rules for literals when literal) */
bool conv_value(ety from, const sim_value *v, ety to, sim_value *out, bool literal);
#endif
