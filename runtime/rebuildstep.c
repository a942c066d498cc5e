/* rebuildstep.c - rebuild_table steps (exec_int.h; decision 0029), and a rename_table that
 * replaces its destination (the swap back a rebuild's downgrade makes).
 *
 * T is rebuilt through a shadow table S (st->name) with the new shape: S is created, T's
 * rows are copied into it in pages (the pager of backfill steps: each page one transaction
 * with its cursor row), the copy is checked (rows copied, rows of T, rows of S agree), and
 * one RenameTables swaps them: T becomes the kept table K (st->to), S becomes T. Then the
 * claim of steps_done deletes the cursor row, as a backfill's does.
 *
 * What a resumed run finds tells it where the step stands: K there (S gone, T of the new
 * shape): swapped, only recorded; a cursor row an earlier run left, with S of the new shape:
 * the pages go on after the cursor; anything else: the step starts again. The cursor row
 * is deleted before S is dropped and written after S is created, so a cursor row always
 * counts exactly the rows S holds. A check that fails leaves T as it was: the cursor row is
 * deleted and S dropped. */
#include <stdlib.h>
#include <string.h>

#include "exec_int.h"
#include "schemacmp.h"
#include "yql.h"

#define MAX_COLLISIONS 5

typedef struct rb_ctx {
    mig_step_ctx *s;
    mig_pager pg;
    uint32_t nnew;                       /* the new key's columns */
    const char *q_count[2];              /* MIG_RB_COUNT: [0] with an end key, [1] without */
    uint64_t n_upto, n_after, n_shadow;  /* what the check counted */
    mig_cursor cur;                      /* the cursor row, as read before the start */
} rb_ctx;

/* ---- small statements ---- */

static const char *render(rb_ctx *c, mig_rb_stmt which, bool from_start)
{
    mig_buf decl = MIG_BUF_INIT, out = MIG_BUF_INIT;
    mig_yql_rebuild(&decl, &out, c->s->st, which, from_start);
    const char *r = mig_printf(c->s->x->a, "%s%s", mig_buf_str(&decl), mig_buf_str(&out));
    mig_buf_free(&decl);
    mig_buf_free(&out);
    return r;
}

/* DDL on S (NoTx, IF EXISTS or checked before: safe to run again). 0, or -1 with *err. */
static int shadow_ddl(rb_ctx *c, mig_rb_stmt which)
{
    mig_exec *x = c->s->x;
    const char *q = render(c, which, true);
    mig_retry rt;
    mig_retry_begin(&rt, x->db);
    for (;;) {
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        if (x->db->api->exec_notx(x->db->conn, q, NULL, 0, which == MIG_RB_DROP, x->a, NULL, &ye) == 0) return 0;
        if (mig_retry_again(&rt, &ye, c->s->what)) {
            if (which == MIG_RB_CREATE) { /* created after all? then drop and create it again */
                if (shadow_ddl(c, MIG_RB_DROP)) return -1;
            }
            continue;
        }
        mig_db_error(x->a, &ye, mig_printf(x->a, "%s failed", c->s->what), NULL, c->s->err);
        c->s->err->detail = mig_printf(x->a, "%s\nThe statement was:\n%s", c->s->err->detail ? c->s->err->detail : "", q);
        c->s->err->hint = "Nothing of the table was changed. Fix the cause, then run migrun again: the step starts again.";
        return -1;
    }
}

/* The live table at path: 0 with *absent or *t, or -1 with *err. */
static int describe(rb_ctx *c, const char *path, mig_p_table *t, bool *absent)
{
    mig_exec *x = c->s->x;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    int rc = x->db->api->describe_table(x->db->conn, path, x->a, t, &ye);
    if (rc < 0) {
        mig_db_error(x->a, &ye, mig_printf(x->a, "cannot describe table \"%s\" for %s", path, c->s->what),
                     "Run migrun again when the database answers: it goes on where this run stopped.", c->s->err);
        return -1;
    }
    *absent = rc == 1;
    return 0;
}

/* Whether the swap took place: 1 (K there, S gone, T of the new shape), 0 (K absent), -1
 * with *err (K there otherwise: not this step's doing, or not finished). */
static int swapped(rb_ctx *c)
{
    const mig_p_step *st = c->s->st;
    mig_exec *x = c->s->x;
    mig_p_table k, sh, t;
    bool k_absent, s_absent, t_absent;
    if (describe(c, st->to, &k, &k_absent)) return -1;
    if (k_absent) return 0;
    if (describe(c, st->name, &sh, &s_absent) || describe(c, st->table, &t, &t_absent)) return -1;
    if (s_absent && !t_absent && mig_table_diff(st->post, &t, NULL, 0) == 0) return 1;
    mig_buf d = MIG_BUF_INIT;
    mig_buf_printf(&d, "\"%s\" exists; \"%s\" %s; \"%s\" %s.\n", st->to, st->name, s_absent ? "is absent" : "exists",
                   st->table, t_absent ? "is absent" : "exists");
    if (!t_absent) {
        mig_buf_puts(&d, "Against the rebuilt shape:\n");
        mig_table_diff(st->post, &t, &d, 10);
    }
    const char *detail = mig_strdup(x->a, mig_buf_str(&d));
    mig_buf_free(&d);
    return mig_rt_fail(c->s->err, MIG_RT_STATE,
                       mig_printf(x->a, "%s: the table it keeps T as, \"%s\", exists already", c->s->what, st->to), detail,
                       mig_printf(x->a,
                                  "It is left from another attempt, or made by someone else. If \"%s\" holds nothing you "
                                  "need, drop it (and \"%s\", if it exists), then run migrun again.",
                                  st->to, st->name));
}

/* ---- the cursor row, outside the pages ---- */

/* Each runs in mig_pager_tx, which hands it the pager (its check_ud: the step's rb_ctx);
 * each is safe to run again. */
static int read_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    rb_ctx *c = ((mig_pager *)ud)->check_ud;
    return mig_cursor_tx_read(c->s->x->st, tx, c->pg.id, &c->cur, ye);
}

static int delete_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    rb_ctx *c = ((mig_pager *)ud)->check_ud;
    return mig_cursor_tx_delete_commit(c->s->x->st, tx, c->pg.id, ye);
}

static int cursor_tx(rb_ctx *c, ydb_tx_fn fn) { return mig_pager_tx(&c->pg, fn, c->s->what) ? -1 : 0; }

/* ---- a page's rows, checked before its commit ---- */

/* The new key of row `row` (columns nkey .. nkey + nnew - 1) as one text; NULL is not "". */
static const char *new_key(const rb_ctx *c, mig_arena *a, const ydb_result_set *rs, size_t row)
{
    mig_buf b = MIG_BUF_INIT;
    for (uint32_t i = 0; i < c->nnew; i++) {
        const char *v = rs->cells[row * rs->ncolumns + c->pg.nkey + i];
        if (v) mig_buf_printf(&b, "+%zu:%s", strlen(v), v);
        else mig_buf_puts(&b, "-");
    }
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

/* The new key for people: "(a, b)" with NULL spelled out. */
static const char *new_key_text(const rb_ctx *c, mig_arena *a, const ydb_result_set *rs, size_t row)
{
    const char **v = mig_alloc(a, (c->nnew + 1) * sizeof *v);
    for (uint32_t i = 0; i < c->nnew; i++) {
        const char *cell = rs->cells[row * rs->ncolumns + c->pg.nkey + i];
        v[i] = cell ? cell : "NULL";
    }
    return mig_pager_key_text(a, v, c->nnew);
}

static const char *old_key_text(const rb_ctx *c, mig_arena *a, const ydb_result_set *rs, size_t row)
{
    return mig_pager_key_text(a, mig_pager_row_key(&c->pg, rs, row), c->pg.nkey);
}

typedef struct keyed {
    const char *key;
    size_t row;
} keyed;

static int keyed_cmp(const void *a, const void *b)
{
    const keyed *x = a, *y = b;
    int r = strcmp(x->key, y->key);
    return r ? r : (x->row > y->row) - (x->row < y->row);
}

static const char *check_page(void *ud, const ydb_result_set *rs)
{
    rb_ctx *c = ud;
    mig_arena *a = c->s->x->a;
    const mig_p_step *st = c->s->st;
    if (rs->ncolumns != (size_t)c->pg.nkey + c->nnew + 1) return "the page's query returned other columns than expected";
    for (size_t r = 0; r < rs->nrows; r++) {
        const char *flag = rs->cells[r * rs->ncolumns + rs->ncolumns - 1];
        if (flag && strcmp(flag, "true") == 0)
            return mig_printf(a, "row %s of \"%s\" would put NULL into a `not null` column of the new shape",
                              old_key_text(c, a, rs, r), st->table);
    }
    /* two rows of the page with the same new key: S would keep only one of them */
    keyed *k = mig_xmalloc((rs->nrows + 1) * sizeof *k);
    for (size_t r = 0; r < rs->nrows; r++) k[r] = (keyed){new_key(c, a, rs, r), r};
    qsort(k, rs->nrows, sizeof *k, keyed_cmp);
    const char *why = NULL;
    for (size_t r = 1; r < rs->nrows && !why; r++)
        if (strcmp(k[r - 1].key, k[r].key) == 0)
            why = mig_printf(a, "rows %s and %s of \"%s\" get the same new key %s", old_key_text(c, a, rs, k[r - 1].row),
                             old_key_text(c, a, rs, k[r].row), st->table, new_key_text(c, a, rs, k[r].row));
    free(k);
    return why;
}

/* ---- the check ---- */

static int count_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    rb_ctx *c = ((mig_pager *)ud)->check_ud;
    mig_exec *x = c->s->x;
    bool no_end = !*c->pg.cur.end;
    mig_param *p = mig_alloc(x->a, ((size_t)c->pg.nkey + 1) * sizeof *p);
    size_t np = 0;
    if (!no_end) {
        const char **ev = mig_alloc(x->a, (c->pg.nkey + 1) * sizeof *ev);
        if (mig_cursor_decode(x->a, c->pg.cur.end, ev, c->pg.nkey)) {
            ye->status_name = "STATE";
            ye->message = "the cursor row's end key is not a key of this table";
            return -1;
        }
        for (uint32_t i = 0; i < c->pg.nkey; i++)
            p[np++] = (mig_param){mig_printf(x->a, "$e%u", (unsigned)i), *mig_yql_backfill_key_type(c->s->st, i), ev[i]};
    }
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (x->db->api->tx_exec(tx, c->q_count[no_end], p, np, x->a, &r, ye)) return -1;
    uint64_t n[3] = {0, 0, 0};
    size_t want = no_end ? 2 : 3;
    for (size_t i = 0; i < want && i < r.nsets; i++)
        if (r.sets[i].nrows && r.sets[i].ncolumns && r.sets[i].cells[0]) n[i] = strtoull(r.sets[i].cells[0], NULL, 10);
    if (no_end) {
        c->n_upto = 0;
        c->n_after = n[0];
        c->n_shadow = n[1];
    } else {
        c->n_upto = n[0];
        c->n_after = n[1];
        c->n_shadow = n[2];
    }
    return 0;
}

/* A page of T's rows for the diagnosis: after key `after` (NULL: from the first), up to the
 * end key. */
typedef struct diag_ctx {
    rb_ctx *c;
    const char *q[2];
    const char **after, **end;
    ydb_result r;
} diag_ctx;

static int diag_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    diag_ctx *d = ud;
    mig_exec *x = d->c->s->x;
    uint32_t nk = d->c->pg.nkey;
    mig_param *p = mig_alloc(x->a, (2 * (size_t)nk + 1) * sizeof *p);
    size_t np = 0;
    for (uint32_t i = 0; d->after && i < nk; i++)
        p[np++] = (mig_param){mig_printf(x->a, "$c%u", (unsigned)i), *mig_yql_backfill_key_type(d->c->s->st, i), d->after[i]};
    for (uint32_t i = 0; i < nk; i++)
        p[np++] = (mig_param){mig_printf(x->a, "$e%u", (unsigned)i), *mig_yql_backfill_key_type(d->c->s->st, i), d->end[i]};
    memset(&d->r, 0, sizeof d->r);
    return x->db->api->tx_exec(tx, d->q[d->after != NULL], p, np, x->a, &d->r, ye);
}

/* A hash set of new keys, each with the old key of the row that had it first. */
typedef struct kset {
    const char **key, **src;
    size_t cap, n;
} kset;

static size_t khash(const char *s)
{
    size_t h = 1469598103934665603ull & (size_t)-1;
    for (; *s; s++) h = (h ^ (unsigned char)*s) * 1099511628211ull;
    return h;
}

/* The first row that had key, or NULL (then key is added with src). */
static const char *kset_put(kset *k, mig_arena *a, const char *key, const char *src)
{
    if (2 * (k->n + 1) > k->cap) {
        kset g = {NULL, NULL, k->cap ? 2 * k->cap : 1024, 0};
        g.key = calloc(g.cap, sizeof *g.key);
        g.src = calloc(g.cap, sizeof *g.src);
        if (!g.key || !g.src) abort();
        for (size_t i = 0; i < k->cap; i++)
            if (k->key[i]) kset_put(&g, a, k->key[i], k->src[i]);
        free(k->key);
        free(k->src);
        *k = g;
    }
    size_t i = khash(key) & (k->cap - 1);
    for (; k->key[i]; i = (i + 1) & (k->cap - 1))
        if (strcmp(k->key[i], key) == 0) return k->src[i];
    k->key[i] = key;
    k->src[i] = src;
    k->n++;
    return NULL;
}

/* T read again in key order up to the end key: the first new keys that rows share, into
 * *out (one line each). 0, or -1 with *err. */
static int diagnose(rb_ctx *c, mig_buf *out, size_t *found)
{
    mig_exec *x = c->s->x;
    const mig_p_step *st = c->s->st;
    *found = 0;
    if (!*c->pg.cur.end) return 0;
    diag_ctx d;
    memset(&d, 0, sizeof d);
    d.c = c;
    for (int i = 0; i < 2; i++) {
        mig_buf decl = MIG_BUF_INIT, q = MIG_BUF_INIT;
        mig_yql_backfill(&decl, &q, st, MIG_BF_PAGE, i == 0);
        d.q[i] = mig_printf(x->a, "%s%s", mig_buf_str(&decl), mig_buf_str(&q));
        mig_buf_free(&decl);
        mig_buf_free(&q);
    }
    d.end = mig_alloc(x->a, (c->pg.nkey + 1) * sizeof *d.end);
    if (mig_cursor_decode(x->a, c->pg.cur.end, d.end, c->pg.nkey)) return 0;
    mig_arena *ka = mig_arena_new(); /* the keys, freed with the set */
    kset ks = {NULL, NULL, 0, 0};
    int rc = 0;
    for (;;) {
        if (mig_lock_renew(x->st, c->s->err)) {
            rc = -1;
            break;
        }
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        if (x->db->api->retry_tx(x->db->conn, diag_fn, &d, &ye)) {
            mig_db_error(x->a, &ye, mig_printf(x->a, "%s: cannot read \"%s\" again to find the rows that collide",
                                               c->s->what, st->table),
                         NULL, c->s->err);
            rc = -1;
            break;
        }
        const ydb_result_set *rs = d.r.nsets > 1 ? &d.r.sets[1] : d.r.nsets ? &d.r.sets[0] : NULL;
        if (!rs || !rs->nrows || rs->ncolumns != (size_t)c->pg.nkey + c->nnew + 1) break;
        for (size_t r = 0; r < rs->nrows && *found < MAX_COLLISIONS; r++) {
            const char *src = old_key_text(c, ka, rs, r);
            const char *first = kset_put(&ks, ka, new_key(c, ka, rs, r), src);
            if (first) {
                mig_buf_printf(out, "  rows %s and %s get the same new key %s\n", first, src,
                               new_key_text(c, x->a, rs, r));
                (*found)++;
            }
        }
        if (*found >= MAX_COLLISIONS) break;
        d.after = mig_pager_row_key(&c->pg, rs, rs->nrows - 1);
    }
    free(ks.key);
    free(ks.src);
    mig_arena_free(ka);
    return rc;
}

/* ---- stopping before the swap ---- */

/* The check failed: the cursor row deleted, then S dropped (in that order: a cursor row
 * never counts rows S lacks), T as it was. Returns -1 with *err. */
static int stop(rb_ctx *c, const char *why, const char *detail, const char *hint)
{
    mig_exec *x = c->s->x;
    const mig_p_step *st = c->s->st;
    mig_rt_error saved = *c->s->err;
    c->pg.stop = NULL; /* the cleanup's transactions are not a page's */
    const char *undone = mig_printf(x->a, "\"%s\" is as it was; \"%s\" was dropped.", st->table, st->name);
    if (cursor_tx(c, delete_fn) || shadow_ddl(c, MIG_RB_DROP))
        undone = mig_printf(x->a, "\"%s\" is as it was; dropping \"%s\" failed (%s): drop it by hand.", st->table,
                            st->name, c->s->err->message);
    *c->s->err = saved;
    return mig_rt_fail(c->s->err, MIG_RT_STEP, mig_printf(x->a, "%s stopped before the swap: %s", c->s->what, why),
                       mig_printf(x->a, "%s%s%s", detail ? detail : "", detail ? "\n" : "", undone), hint);
}

static const char *HINT_FIX =
    "Change the revision (its copy expressions or the new key) or the rows, then run migrun again: the step starts "
    "again from the first row.";

static int check(rb_ctx *c)
{
    mig_exec *x = c->s->x;
    const mig_p_step *st = c->s->st;
    if (cursor_tx(c, count_fn)) return -1;
    mig_exec_ev ev = {.kind = MIG_EV_REBUILD_VERIFIED, .rev = c->s->rev, .up = c->s->up, .step = c->s->k + 1,
                      .steps = c->s->n, .table = st->table, .to = st->name, .rows = c->n_shadow,
                      .rows_done = c->pg.rows_done, .rows_table = c->n_upto, .rows_after = c->n_after,
                      .ok = c->n_upto == c->pg.rows_done && c->n_shadow == c->pg.rows_done && c->n_after == 0};
    mig_exec_report(x, &ev);
    if (ev.ok) return 0;
    const char *counts = mig_printf(x->a,
                                    "Rows copied: %llu; rows of \"%s\" up to the end key: %llu, after it: %llu; rows of "
                                    "\"%s\": %llu.",
                                    (unsigned long long)c->pg.rows_done, st->table, (unsigned long long)c->n_upto,
                                    (unsigned long long)c->n_after, st->name, (unsigned long long)c->n_shadow);
    mig_buf b = MIG_BUF_INIT;
    size_t found = 0;
    if (c->n_shadow < c->pg.rows_done && diagnose(c, &b, &found)) {
        mig_buf_free(&b);
        return -1;
    }
    if (b.len) b.len--; /* its last newline */
    const char *rows = mig_strndup(x->a, mig_buf_str(&b), b.len);
    mig_buf_free(&b);
    if (found)
        return stop(c, "rows of the table get the same new key", mig_printf(x->a, "%s\nThe first of them:\n%s", counts, rows),
                    HINT_FIX);
    return stop(c, mig_printf(x->a, "\"%s\" changed during the copy (the application wrote to it)", st->table), counts,
                "Run migrun again when nothing writes to the table (rebuild_table is for maintenance windows, or "
                "tables the application does not write): the step starts again from the first row.");
}

/* ---- the swap ---- */

static int swap(rb_ctx *c)
{
    mig_exec *x = c->s->x;
    const mig_p_step *st = c->s->st;
    const ydb_rename_item items[2] = {{st->table, st->to, false}, {st->name, st->table, false}};
    mig_retry rt;
    mig_retry_begin(&rt, x->db);
    for (;;) {
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        if (x->db->api->rename_tables(x->db->conn, items, 2, &ye) == 0) return 0;
        if (ye.undetermined || ye.retryable) { /* took place after all? the live tables say */
            int sw = swapped(c);
            if (sw < 0) return -1;
            if (sw == 1) return 0;
            if (mig_retry_again(&rt, &ye, c->s->what)) continue;
        }
        mig_db_error(x->a, &ye, mig_printf(x->a, "%s failed: the swap of \"%s\" and \"%s\"", c->s->what, st->table, st->name),
                     "The rows are copied and checked; nothing was renamed. Fix the cause, then run migrun again: it "
                     "checks the copy again and swaps.",
                     c->s->err);
        return -1;
    }
}

/* ---- the step ---- */

int mig_exec_run_rebuild(mig_step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped)
{
    mig_exec *x = s->x;
    const mig_p_step *st = s->st;
    const char *why = mig_yql_backfill_check(st);
    if (why)
        return mig_rt_fail(s->err, MIG_RT_STEP, mig_printf(x->a, "%s cannot run", s->what), why,
                           "Rebuild the plugin with migc build.");
    rb_ctx c;
    memset(&c, 0, sizeof c);
    c.s = s;
    c.nnew = st->def->nkey;
    c.q_count[0] = render(&c, MIG_RB_COUNT, false);
    c.q_count[1] = render(&c, MIG_RB_COUNT, true);
    mig_pager_init(&c.pg, s);
    c.pg.check = check_page;
    c.pg.check_ud = &c;

    int sw = swapped(&c);
    if (sw < 0) return -1;
    if (sw == 0) {
        /* the pages go on after an earlier run's cursor only with its S of the new shape, and
         * only when that run ran this revision as it is (its copy expressions) */
        mig_p_table live;
        bool absent = true;
        if (mig_cursor_ensure(x->st, s->err) || cursor_tx(&c, read_fn)) return -1;
        bool trust = s->resumed && !s->edited && c.cur.present;
        if (trust && describe(&c, st->name, &live, &absent)) return -1;
        trust = trust && !absent && mig_table_diff(st->def, &live, NULL, 0) == 0;
        if (!trust && (cursor_tx(&c, delete_fn) || shadow_ddl(&c, MIG_RB_DROP) || shadow_ddl(&c, MIG_RB_CREATE)))
            return -1;
        if (mig_pager_start(&c.pg, trust)) return -1;
        int rc = mig_pager_pages(&c.pg);
        if (rc < 0) return -1;
        if (rc == 1) return stop(&c, c.pg.stop, NULL, HINT_FIX);
        if (check(&c) || swap(&c)) return -1;
        mig_exec_ev ev = {.kind = MIG_EV_REBUILD_SWAPPED, .rev = s->rev, .up = s->up, .step = s->k + 1, .steps = s->n,
                          .table = st->table, .to = st->to};
        mig_exec_report(x, &ev);
    }
    return mig_exec_run_tx_step(s, expected, after, skipped);
}

/* ---- the plan's row count ---- */

typedef struct rows_ctx {
    mig_exec *x;
    const char *q;
    uint64_t n;
} rows_ctx;

static int rows_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    rows_ctx *c = ud;
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (c->x->db->api->tx_exec(tx, c->q, NULL, 0, c->x->a, &r, ye)) return -1;
    c->n = r.nsets && r.sets[0].nrows && r.sets[0].ncolumns && r.sets[0].cells[0] ? strtoull(r.sets[0].cells[0], NULL, 10) : 0;
    return 0;
}

int mig_exec_rebuild_rows(mig_exec *x, const mig_p_step *st, uint64_t *rows, mig_rt_error *err)
{
    mig_p_table t;
    ydb_error ye;
    memset(&ye, 0, sizeof ye);
    int rc = x->db->api->describe_table(x->db->conn, st->table, x->a, &t, &ye);
    if (rc == 1) return 1;
    if (rc == 0) {
        mig_buf b = MIG_BUF_INIT;
        mig_yql_rebuild(&b, &b, st, MIG_RB_ROWS, true);
        rows_ctx c = {x, mig_strdup(x->a, mig_buf_str(&b)), 0};
        mig_buf_free(&b);
        memset(&ye, 0, sizeof ye);
        rc = x->db->api->retry_tx(x->db->conn, rows_fn, &c, &ye);
        *rows = c.n;
        if (rc == 0) return 0;
    }
    mig_db_error(x->a, &ye, mig_printf(x->a, "cannot count the rows of table \"%s\"", st->table), NULL, err);
    return -1;
}

int mig_exec_rename_replace(mig_step_ctx *s, ydb_error *ye)
{
    mig_exec *x = s->x;
    mig_p_table t;
    /* YDB refuses to replace a destination that does not exist: then it is a plain move */
    int rc = x->db->api->describe_table(x->db->conn, s->st->to, x->a, &t, ye);
    if (rc < 0) return -1;
    const ydb_rename_item item = {s->st->table, s->st->to, rc == 0};
    return x->db->api->rename_tables(x->db->conn, &item, 1, ye);
}
