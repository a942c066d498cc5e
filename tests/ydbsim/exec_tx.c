/* exec_tx.c - ydbsim: optimistic transactions.
 *
 * Every table holds a reference-counted rowset. A transaction's first access
 * to a table takes a reference (its snapshot) and the table's version; its writes go to a
 * private copy of that rowset (so it reads its own writes) and to a log. Commit checks, for
 * every table the transaction READ, that the table's version is unchanged (per-table
 * optimistic locks: coarser than YDB's per-range locks, never less strict), then replays the
 * log on the live tables. Snapshot RO takes every table's rowset at begin. */
#include "exec_int.h"
#include "common/text.h"

#include <stdlib.h>

/* ---- transactions ---- */

sim_tx *tx_new(sim_engine *e, sim_tx_mode mode)
{
    sim_tx *tx = xcalloc(1, sizeof *tx);
    tx->id = xasprintf("01simtx%012llu", (unsigned long long)e->next_tx++);
    tx->mode = mode;
    if (mode == SIM_TX_SNAPSHOT_RO) {
        tx->snapshot_all = true;
        tx->tabs = xcalloc(e->ntabs ? e->ntabs : 1, sizeof *tx->tabs);
        for (size_t i = 0; i < e->ntabs; i++) {
            txtab *tt = tx->tabs[tx->ntabs++] = xcalloc(1, sizeof *tt);
            tt->tid = e->tabs[i]->id;
            tt->rs = rs_ref(e->tabs[i]->rs);
            tt->ver_at = e->tabs[i]->version;
            tt->schema_at = e->tabs[i]->schema_version;
        }
    }
    return tx;
}

void tx_free(sim_tx *tx)
{
    if (!tx) return;
    for (size_t i = 0; i < tx->ntabs; i++) {
        txtab *tt = tx->tabs[i];
        rs_unref(tt->rs);
        for (size_t k = 0; k < tt->nlog; k++) {
            row_unref(tt->log[k].row);
            free(tt->log[k].mask);
        }
        free(tt->log);
        free(tt);
    }
    free(tx->tabs);
    free(tx->id);
    free(tx);
}

static void locks_invalidated(sim_result *r, const char *path)
{
    r->status = SIM_ABORTED;
    char *m = xasprintf("Transaction locks invalidated. Table: `%s`", path);
    res_push(r, m, 2001, 0, 0);
    free(m);
}

bool tx_commit_apply(sim_engine *e, sim_tx *tx, sim_result *r)
{
    /* validate */
    for (size_t i = 0; i < tx->ntabs; i++) {
        txtab *tt = tx->tabs[i];
        if (!tt->read && !tt->wrote) continue;
        stable *t = eng_table_by_id(e, tt->tid);
        if (!t) {
            if (!tt->wrote && tx->mode != SIM_TX_SERIALIZABLE_RW) continue;
            r->status = SIM_ABORTED; /* guess: the table was dropped meanwhile */
            res_push(r, "Transaction locks invalidated. Table was dropped", 2001, 0, 0);
            return false;
        }
        if (tx->mode != SIM_TX_SERIALIZABLE_RW) continue;
        if (t->schema_version != tt->schema_at) {
            r->status = SIM_ABORTED; /* guess */
            char *m = xasprintf("Table '%s' scheme changed.", t->path);
            res_push(r, m, 2028, 0, 0);
            free(m);
            return false;
        }
        if (tt->read && t->version != tt->ver_at) {
            locks_invalidated(r, t->path);
            return false;
        }
    }
    /* apply */
    for (size_t i = 0; i < tx->ntabs; i++) {
        txtab *tt = tx->tabs[i];
        if (!tt->nlog) continue;
        stable *t = eng_table_by_id(e, tt->tid);
        if (t->rs->refs > 1) {
            rowset *c = rs_clone(t->rs);
            rs_unref(t->rs);
            t->rs = c;
        }
        for (size_t k = 0; k < tt->nlog; k++) {
            wop *w = &tt->log[k];
            if (w->kind == W_DELETE) rs_del(t, t->rs, w->row);
            else if (w->kind == W_REPLACE) rs_put(t, t->rs, row_ref(w->row));
            else {
                long at = rs_find(t, t->rs, w->row);
                if (at < 0) {
                    rs_put(t, t->rs, row_ref(w->row));
                } else {
                    srow *o = t->rs->rows[at];
                    srow *n = row_new(t->ncols);
                    for (size_t c = 0; c < t->ncols; c++)
                        n->v[c] = sv_copy(w->mask[c] ? &w->row->v[c] : &o->v[c]);
                    rs_put(t, t->rs, n);
                }
            }
        }
        t->version++;
    }
    return true;
}

/* the transaction's view of t; NULL + error when the schema changed under it */
txtab *tx_tab(sim_tx *tx, stable *t, sim_result *r)
{
    for (size_t i = 0; i < tx->ntabs; i++)
        if (tx->tabs[i]->tid == t->id) {
            txtab *tt = tx->tabs[i];
            if (tt->schema_at != t->schema_version) {
                r->status = SIM_ABORTED; /* guess */
                char *m = xasprintf("Table '%s' scheme changed.", t->path);
                res_push(r, m, 2028, 0, 0);
                free(m);
                return NULL;
            }
            return tt;
        }
    if (tx->snapshot_all) {
        /* the table did not exist at the snapshot */
        return NULL;
    }
    tx->tabs = xrealloc(tx->tabs, sizeof *tx->tabs * (tx->ntabs + 1));
    txtab *tt = tx->tabs[tx->ntabs++] = xcalloc(1, sizeof *tt);
    tt->tid = t->id;
    tt->rs = rs_ref(t->rs);
    tt->ver_at = t->version;
    tt->schema_at = t->schema_version;
    return tt;
}

void tt_write(txtab *tt, const stable *t, int kind, srow *row, bool *mask)
{
    if (tt->rs->refs > 1) {
        rowset *c = rs_clone(tt->rs);
        rs_unref(tt->rs);
        tt->rs = c;
    }
    if (kind == W_DELETE) {
        rs_del(t, tt->rs, row);
    } else if (kind == W_REPLACE) {
        rs_put(t, tt->rs, row_ref(row));
    } else {
        long at = rs_find(t, tt->rs, row);
        if (at < 0) rs_put(t, tt->rs, row_ref(row));
        else {
            srow *o = tt->rs->rows[at];
            srow *n = row_new(t->ncols);
            for (size_t c = 0; c < t->ncols; c++) n->v[c] = sv_copy(mask[c] ? &row->v[c] : &o->v[c]);
            rs_put(t, tt->rs, n);
        }
    }
    tt->log = xrealloc(tt->log, sizeof *tt->log * (tt->nlog + 1));
    tt->log[tt->nlog].kind = kind;
    tt->log[tt->nlog].row = row; /* takes the caller's reference */
    tt->log[tt->nlog].mask = mask;
    tt->nlog++;
    tt->wrote = true;
}
