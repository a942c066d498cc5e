/* backfillstep.c - backfill steps (exec_int.h; decision 0027), and the pager they share
 * with rebuild_table steps (decision 0029).
 *
 * The first transaction fixes the end key (the table's greatest key when the step starts)
 * in a new cursor row. Then each page is one transaction of one query (page_fn): it updates
 * the page's rows, writes the page's last key back as the cursor and selects the keys of
 * the page after it (after the new cursor, up to the end key, at most `batch`), committing.
 * The first page of a run selects its keys in a query of its own, as does any attempt that
 * runs again: a page whose commit answer was lost is decided by that attempt, which reads
 * the cursor row first: committed, it has moved on; not, the same page runs again. Nothing
 * is done twice and nothing is skipped. When a page finds no rows, mig_exec_run_tx_step deletes the cursor
 * with the claim of steps_done. */
#include <string.h>
#include <time.h>

#include "exec_int.h"
#include "yql.h"


/* One statement of the step's alone (MIG_BF_END), or with the cursor row's: the page's
 * SELECT after the read of the row; the commit's SELECT of the next page and UPDATE (UPSERT)
 * after the read of the row and before its write; DECLAREs first. */
static const char *render(mig_state *st_, const mig_p_step *st, mig_bf_stmt which, bool from_start)
{
    mig_buf decl = MIG_BUF_INIT, out = MIG_BUF_INIT;
    if (which != MIG_BF_END) mig_cursor_sql_read(st_, &decl, &out);
    mig_yql_backfill(&decl, &out, st, which, from_start);
    if (which == MIG_BF_UPDATE) mig_cursor_sql_write(st_, &decl, &out, false);
    const char *r = mig_printf(st_->a, "%s%s", mig_buf_str(&decl), mig_buf_str(&out));
    mig_buf_free(&decl);
    mig_buf_free(&out);
    return r;
}

/* Parameters $<prefix>0.. for a key's values. */
static mig_param *key_params(mig_pager *c, char prefix, const char *const *vals, mig_param *out)
{
    for (uint32_t i = 0; i < c->nkey; i++) {
        const mig_p_type *t = mig_yql_backfill_key_type(c->s->st, i);
        out[i].name = mig_printf(c->s->x->a, "$%c%u", prefix, (unsigned)i);
        out[i].type = *t;
        out[i].value = vals[i];
    }
    return out + c->nkey;
}

const char **mig_pager_row_key(const mig_pager *c, const ydb_result_set *rs, size_t row)
{
    const char **v = mig_alloc(c->s->x->a, (c->nkey + 1) * sizeof *v);
    for (uint32_t i = 0; i < c->nkey; i++) {
        const char *cell = i < rs->ncolumns ? rs->cells[row * rs->ncolumns + i] : NULL;
        v[i] = cell ? cell : "";
    }
    return v;
}

/* The first transaction: a cursor row with the end key, unless the caller trusts the one an
 * earlier run left. */
static int start_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    mig_pager *c = ud;
    mig_exec *x = c->s->x;
    if (mig_cursor_tx_read(x->st, tx, c->id, &c->cur, ye)) return -1;
    if (c->cur.present && c->trust) return 0;
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (x->db->api->tx_exec(tx, c->q_end, NULL, 0, x->a, &r, ye)) return -1;
    mig_cursor n = {true, "", "", 0, mig_ts_format(x->a, time(NULL))};
    if (r.nsets && r.sets[0].nrows) n.end = mig_cursor_encode(x->a, mig_pager_row_key(c, &r.sets[0], 0), c->nkey);
    c->cur = n;
    return mig_cursor_tx_write_commit(x->st, tx, c->id, c->s->rev->m->id, &n, ye);
}

/* Parameters of the commit after the key parameters: the cursor row's, without $id (the
 * query's SELECT of the row declared it and it is in p already). */
static mig_param *write_params(mig_pager *c, const mig_cursor *next, mig_param *out)
{
    mig_param w[MIG_CURSOR_WRITE_PARAMS];
    size_t n = mig_cursor_write_params(c->s->x->st, c->id, c->s->rev->m->id, next, w);
    for (size_t i = 0; i < n; i++)
        if (strcmp(w[i].name, "$id") != 0) *out++ = w[i];
    return out;
}

/* The keys of the page after the cursor, read with the cursor row in this transaction (a
 * round trip): the page's result set, NULL when the query returned none; *cur becomes the
 * row as read. When the row says otherwise than *cur (an attempt whose answer was lost did
 * commit), the page is selected again after the row's cursor. -1 with *ye. */
static int select_page(mig_pager *c, ydb_tx *tx, mig_cursor *cur, const char **cv, const char **ev,
                       const ydb_result_set **page, ydb_error *ye)
{
    mig_exec *x = c->s->x;
    mig_param *p = mig_alloc(x->a, (2 * (size_t)c->nkey + 1) * sizeof *p), *q;
    ydb_result r;
    for (int attempt = 0;; attempt++) {
        bool from_start = !*cur->cursor;
        if ((!from_start && mig_cursor_decode(x->a, cur->cursor, cv, c->nkey)) ||
            mig_cursor_decode(x->a, cur->end, ev, c->nkey)) {
            c->bad_cursor = true;
            ye->status_name = "STATE";
            ye->message = "the backfill's cursor row does not hold keys of this table";
            return -1;
        }
        q = p;
        *q++ = (mig_param){"$id", {MIG_PT_UTF8, 0, 0, 0, 0}, c->id};
        if (!from_start) q = key_params(c, 'c', cv, q);
        q = key_params(c, 'e', ev, q);
        memset(&r, 0, sizeof r);
        if (x->db->api->tx_exec(tx, c->q_page[!from_start], p, (size_t)(q - p), x->a, &r, ye)) return -1;
        mig_cursor now;
        mig_cursor_from_rows(&r, 0, &now);
        if (!now.present) {
            c->missing = true;
            ye->status_name = "STATE";
            ye->message = "the backfill's cursor row is gone";
            return -1;
        }
        if (strcmp(now.cursor, cur->cursor) == 0 && strcmp(now.end, cur->end) == 0) {
            *cur = now;
            *page = r.nsets > 1 ? &r.sets[1] : NULL;
            return 0;
        }
        if (attempt > 0) { /* it cannot move again inside this transaction */
            c->bad_cursor = true;
            ye->status_name = "STATE";
            ye->message = "the backfill's cursor row changed while the page was read";
            return -1;
        }
        *cur = now;
        c->cur = now;
    }
}

/* One page, one transaction. Its keys were selected by the commit of the page before (the
 * next page's SELECT rides with each commit: c->ahead), so a page is one round trip; the
 * first page of a run, and any attempt that runs again, selects them in a query of its own
 * that reads the cursor row first (select_page). The commit reads the row, selects the keys
 * of the page after this one, updates this page's rows and writes the row with the page's
 * last key. A row found changed by that read means another process moved it: the commit
 * went through on top of it, and the step stops with the state error. */
static int page_fn(ydb_tx *tx, void *ud, ydb_error *ye)
{
    mig_pager *c = ud;
    mig_exec *x = c->s->x;
    const ydb_result_set *page = c->ahead;
    c->ahead = NULL; /* for this attempt only: another one reads the row again */
    c->missing = c->bad_cursor = c->finished = false;
    c->stop = NULL;
    c->page_rows = 0;
    if (!*c->cur.end) { /* the table had no rows */
        c->finished = true;
        return 0;
    }
    mig_cursor cur = c->cur;
    const char **cv = mig_alloc(x->a, (c->nkey + 1) * sizeof *cv), **ev = mig_alloc(x->a, (c->nkey + 1) * sizeof *ev);
    if (page) {
        if ((*cur.cursor && mig_cursor_decode(x->a, cur.cursor, cv, c->nkey)) ||
            mig_cursor_decode(x->a, cur.end, ev, c->nkey)) {
            c->bad_cursor = true;
            ye->status_name = "STATE";
            ye->message = "the backfill's cursor row does not hold keys of this table";
            return -1;
        }
    } else if (select_page(c, tx, &cur, cv, ev, &page, ye)) {
        return -1;
    }
    bool from_start = !*cur.cursor;
    c->rows_done = cur.rows;
    size_t n = page ? page->nrows : 0;
    if (n == 0) {
        c->finished = true;
        return 0;
    }
    c->last = mig_pager_row_key(c, page, n - 1);
    if (c->check && (c->stop = c->check(c->check_ud, page))) { /* not committed */
        ye->status_name = "STEP";
        ye->message = c->stop;
        ye->retryable = ye->undetermined = false;
        return -1;
    }
    mig_cursor next = cur;
    next.cursor = mig_cursor_encode(x->a, c->last, c->nkey);
    next.rows = cur.rows + n;
    mig_param *p = mig_alloc(x->a, (3 * (size_t)c->nkey + MIG_CURSOR_WRITE_PARAMS + 1) * sizeof *p), *q = p;
    *q++ = (mig_param){"$id", {MIG_PT_UTF8, 0, 0, 0, 0}, c->id};
    if (!from_start) q = key_params(c, 'c', cv, q);
    q = key_params(c, 'e', ev, q);
    q = key_params(c, 'l', c->last, q);
    q = write_params(c, &next, q);
    c->page_rows = n;
    c->rows_done = next.rows;
    c->next = next;
    ydb_result r;
    memset(&r, 0, sizeof r);
    if (x->db->api->tx_exec_commit(tx, c->q_upd[!from_start], p, (size_t)(q - p), x->a, &r, ye)) return -1;
    mig_cursor was;
    mig_cursor_from_rows(&r, 0, &was);
    if (!was.present || strcmp(was.cursor, cur.cursor) != 0 || strcmp(was.end, cur.end) != 0) {
        c->bad_cursor = true;
        ye->status_name = "STATE";
        ye->message = was.present ? "the backfill's cursor row was moved by another process under a page"
                                  : "the backfill's cursor row was deleted by another process under a page";
        return -1;
    }
    c->ahead = r.nsets > 1 ? &r.sets[1] : NULL;
    return 0;
}

int mig_pager_tx(mig_pager *c, ydb_tx_fn fn, const char *what)
{
    mig_step_ctx *s = c->s;
    mig_exec *x = s->x;
    mig_retry rt;
    mig_retry_begin(&rt, x->db);
    for (;;) {
        ydb_error ye;
        memset(&ye, 0, sizeof ye);
        if (x->db->api->retry_tx(x->db->conn, fn, c, &ye) == 0) return 0;
        if (c->stop) return 1;
        if (c->missing || c->bad_cursor)
            return mig_rt_fail(s->err, MIG_RT_STATE, mig_printf(x->a, "%s: %s", s->what, ye.message),
                               mig_printf(x->a, "Its row \"%s\" in \"%s\".", c->id, mig_cursor_table(x->st)),
                               "Another process changed migrun's state (was the lock broken?). Check `migrun status`.");
        if (!ye.timed_out && mig_retry_again(&rt, &ye, what)) continue;
        mig_db_error(x->a, &ye, mig_printf(x->a, "%s failed", s->what),
                     "The pages committed before stay done, and the cursor says where they end: run migrun again "
                     "and it resumes after it.",
                     s->err);
        if (ye.timed_out) s->err->hint = mig_exec_timeout_hint(x);
        return -1;
    }
}

const char *mig_pager_key_text(mig_arena *a, const char *const *v, uint32_t n)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_putc(&b, '(');
    for (uint32_t i = 0; i < n; i++) mig_buf_printf(&b, "%s%s", i ? ", " : "", v[i]);
    mig_buf_putc(&b, ')');
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

static void pause_ms(uint32_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0) {
    }
}

void mig_pager_init(mig_pager *c, mig_step_ctx *s)
{
    mig_exec *x = s->x;
    memset(c, 0, sizeof *c);
    c->s = s;
    c->nkey = s->st->pre->nkey;
    c->id = mig_cursor_id(x->a, s->rev->m->id, s->up, s->k + 1);
    c->q_end = render(x->st, s->st, MIG_BF_END, true);
    for (int i = 0; i < 2; i++) {
        c->q_page[i] = render(x->st, s->st, MIG_BF_PAGE, i == 0);
        c->q_upd[i] = render(x->st, s->st, MIG_BF_UPDATE, i == 0);
    }
}

int mig_pager_start(mig_pager *c, bool trust)
{
    c->trust = trust;
    c->ahead = NULL;
    c->rows_total = mig_exec_rows_estimate(c->s);
    if (mig_cursor_ensure(c->s->x->st, c->s->err)) return -1;
    return mig_pager_tx(c, start_fn, c->s->what) ? -1 : 0;
}

int mig_pager_pages(mig_pager *c)
{
    mig_step_ctx *s = c->s;
    mig_exec *x = s->x;
    long long t0 = mig_exec_now_ms();
    uint64_t run_rows = 0;
    for (;;) {
        if (mig_lock_renew(x->st, s->err)) return -1;
        int rc = mig_pager_tx(c, page_fn, s->what);
        if (rc) return rc;
        if (c->finished) return 0;
        c->cur = c->next;
        run_rows += c->page_rows;
        mig_exec_ev ev = {.kind = MIG_EV_BACKFILL_PAGE, .rev = s->rev, .up = s->up, .step = s->k + 1, .steps = s->n,
                          .rows = c->page_rows, .rows_done = c->rows_done, .rows_run = run_rows,
                          .rows_total = c->rows_total,
                          .cursor = mig_pager_key_text(x->a, c->last, c->nkey), .ms = mig_exec_now_ms() - t0};
        mig_exec_report(x, &ev);
        if (s->st->pause_ms) pause_ms(s->st->pause_ms);
    }
}

int mig_exec_run_backfill(mig_step_ctx *s, uint32_t expected, const mig_vrow *after, bool *skipped)
{
    mig_exec *x = s->x;
    const char *why = mig_yql_backfill_check(s->st);
    if (why)
        return mig_rt_fail(s->err, MIG_RT_STEP, mig_printf(x->a, "%s cannot run", s->what), why,
                           "Rebuild the plugin with migc build.");
    mig_pager c;
    mig_pager_init(&c, s);
    /* A row found when the version table does not say an earlier run stopped here was left by
     * an attempt it no longer records (its revision stamped away): the step starts over. */
    if (mig_pager_start(&c, s->resumed) || mig_pager_pages(&c)) return -1;
    return mig_exec_run_tx_step(s, expected, after, skipped);
}
