/* exec_select.c - ydbsim: SELECT execution (table references, WHERE, aggregation, ORDER BY,
 * LIMIT/OFFSET) and the internal row sets it produces. */
#include "exec_int.h"
#include "common/text.h"

#include <stdlib.h>
#include <string.h>

/* ---- row sets and table references ---- */

void qres_free(qres *q)
{
    for (size_t i = 0; i < q->nrows; i++) {
        for (size_t k = 0; k < q->ncols; k++) sv_free(&q->rows[i][k]);
        free(q->rows[i]);
        if (q->ctypes) free(q->ctypes[i]);
    }
    free(q->ctypes);
    free(q->rows);
    for (size_t k = 0; k < q->ncols; k++) free(q->names[k]);
    free(q->names);
    free(q->types);
    memset(q, 0, sizeof *q);
}

void qres_push(qres *q, sim_value *row)
{
    q->rows = xrealloc(q->rows, sizeof *q->rows * (q->nrows + 1));
    q->rows[q->nrows++] = row;
}

void tref_free(tref *tr)
{
    free(tr->names);
    free(tr->types);
}

bool open_table(run *u, const char *name, const char *fn, bool write, tref *out)
{
    memset(out, 0, sizeof *out);
    char *abs = eng_abs_path(u->e, u->prefix, name, u->r);
    if (!abs) return false;
    stable *t = eng_find_table(u->e, abs);
    txtab *tt = NULL;
    if (t && u->tx->mode != SIM_TX_ONLINE_RO && u->tx->mode != SIM_TX_STALE_RO) {
        tt = tx_tab(u->tx, t, u->r);
        if (!tt) {
            if (u->r->status != SIM_SUCCESS) { free(abs); return false; }
            t = NULL; /* not in the snapshot */
        }
    }
    if (!t) {
        fail_missing_table(u->r, u->e, abs, fn);
        free(abs);
        return false;
    }
    free(abs);
    if (write && u->tx->mode != SIM_TX_SERIALIZABLE_RW) {
        u->r->status = SIM_GENERIC_ERROR; /* guess: text and status */
        res_push(u->r, "Write operations are not allowed in read-only transactions", 0, 0, 0);
        return false;
    }
    out->t = t;
    out->tt = tt;
    out->rs = tt ? tt->rs : t->rs;
    out->names = xcalloc(t->ncols ? t->ncols : 1, sizeof *out->names);
    out->types = xcalloc(t->ncols ? t->ncols : 1, sizeof *out->types);
    for (size_t i = 0; i < t->ncols; i++) {
        out->names[i] = t->cols[i].name;
        out->types[i] = t->cols[i].t;
        out->types[i].opt = !t->cols[i].not_null;
    }
    return true;
}

void mark_read(tref *tr)
{
    if (tr->tt) tr->tt->read = true;
}

/* truth of a WHERE value */
bool where_ok(ctx *c, const expr *w, bool *res)
{
    *res = true;
    if (!w) return true;
    tv v;
    if (!eval(c, w, &v, 0)) return false;
    if (!want_bool(c, w, &v)) { sv_free(&v.v); return false; }
    *res = !is_null(&v) && v.v.b;
    sv_free(&v.v);
    return true;
}

static bool has_agg(const expr *x)
{
    if (!x) return false;
    if (x->kind == E_AGG || x->kind == E_COUNT_STAR) return true;
    if (has_agg(x->a) || has_agg(x->b) || has_agg(x->c)) return true;
    for (size_t i = 0; i < x->n; i++)
        if (has_agg(x->list[i])) return true;
    return false;
}
static const expr *col_outside_agg(const expr *x)
{
    if (!x || x->kind == E_AGG || x->kind == E_COUNT_STAR) return NULL;
    if (x->kind == E_COL) return x;
    const expr *f;
    if ((f = col_outside_agg(x->a)) || (f = col_outside_agg(x->b)) || (f = col_outside_agg(x->c))) return f;
    for (size_t i = 0; i < x->n; i++)
        if ((f = col_outside_agg(x->list[i]))) return f;
    return NULL;
}
static void collect_aggs(const expr *x, const expr ***v, size_t *n)
{
    if (!x) return;
    if (x->kind == E_AGG || x->kind == E_COUNT_STAR) {
        *v = xrealloc(*v, sizeof **v * (*n + 1));
        (*v)[(*n)++] = x;
        return;
    }
    collect_aggs(x->a, v, n);
    collect_aggs(x->b, v, n);
    collect_aggs(x->c, v, n);
    for (size_t i = 0; i < x->n; i++) collect_aggs(x->list[i], v, n);
}

static bool const_uint(ctx *c, const expr *x, uint64_t *out)
{
    tv v;
    ctx k = *c;
    k.src = NULL;
    if (!eval(&k, x, &v, 0)) return false;
    bool ok = v.t.k == ET_PRIM && prim_is_int(v.t.prim) && !is_null(&v) && !(v.v.kind == SIM_V_I64 && v.v.i64 < 0);
    if (ok) *out = v.v.kind == SIM_V_U64 ? v.v.u64 : (uint64_t)v.v.i64;
    else xfail(c->r, x, "Expected a non-negative integer for LIMIT/OFFSET");
    sv_free(&v.v);
    return ok;
}

typedef struct sortrow { sim_value *proj; sim_value *keys; size_t idx; } sortrow;
typedef struct sortctx { const orderby *ob; size_t n; ety *kt; } sortctx;

static void sort_rows(sortrow *v, size_t n, const sortctx *sc)
{
    /* insertion-merge: a simple stable merge sort */
    if (n < 2) return;
    size_t h = n / 2;
    sort_rows(v, h, sc);
    sort_rows(v + h, n - h, sc);
    sortrow *tmp = xmalloc(sizeof *tmp * n);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        int cmp = 0;
        for (size_t q = 0; q < sc->n && !cmp; q++) {
            tv a = {.t = sc->kt[q], .v = v[j].keys[q]}, b = {.t = sc->kt[q], .v = v[i].keys[q]};
            bool ok;
            if (is_null(&a) || is_null(&b)) cmp = (!is_null(&a)) - (!is_null(&b));
            else cmp = cmp_tv(&a, &b, &ok);
            if (sc->ob[q].desc) cmp = -cmp;
        }
        if (cmp < 0) tmp[k++] = v[j++];
        else tmp[k++] = v[i++];
    }
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, sizeof *tmp * n);
    free(tmp);
}

/* kr_range's constants: a literal or a parameter, evaluated with no row; a failure says
 * nothing (the WHERE itself reports it when it runs). ud: the statement's ctx. */
bool key_const(void *ud, const expr *x, ety *t, sim_value *v)
{
    ctx k = *(const ctx *)ud;
    sim_result scratch;
    memset(&scratch, 0, sizeof scratch);
    scratch.status = SIM_SUCCESS;
    k.src = NULL;
    k.r = &scratch;
    tv out;
    bool ok = eval(&k, x, &out, 0) && scratch.status == SIM_SUCCESS;
    sim_result_free(&scratch);
    if (!ok) return false;
    *t = out.t;
    *v = out.v;
    return true;
}

/* ORDER BY that the table's key order already gives (its first key columns, ascending, by
 * their own names): rows can be taken as they come and the scan can stop at the LIMIT */
static bool order_is_key_order(const select_stmt *s, const stable *t)
{
    if (s->norder > t->npk) return false;
    for (size_t k = 0; k < s->norder; k++) {
        const expr *oe = s->order[k].e;
        if (s->order[k].desc || oe->kind != E_COL || strcmp(oe->name, t->cols[t->pk[k]].name)) return false;
        for (size_t i = 0; i < s->nproj; i++)
            if (s->alias[i] && !strcmp(s->alias[i], oe->name) &&
                (s->proj[i]->kind != E_COL || strcmp(s->proj[i]->name, oe->name)))
                return false; /* the name is another expression's alias */
    }
    return true;
}

/* runs a SELECT into q */
bool run_select(run *u, const select_stmt *s, qres *q)
{
    ctx c = u->base;
    sim_result *r = u->r;
    memset(q, 0, sizeof *q);
    tref tr;
    memset(&tr, 0, sizeof tr);
    bool ok = false;
    size_t ns = 0;
    char **snames = NULL;
    ety *stypes = NULL;
    const sim_value **srows = NULL;
    size_t nsrows = 0;
    tv ptv = {0};
    const expr **aggs = NULL;
    size_t nagg = 0;
    tv *aggv = NULL;
    sortrow *out = NULL;
    size_t nout = 0;
    ety *kt = NULL;
    if (s->from) {
        if (!open_table(u, s->from, "KiReadTable!", false, &tr)) goto done;
        mark_read(&tr);
        ns = tr.t->ncols;
        snames = xcalloc(ns ? ns : 1, sizeof *snames);
        stypes = xcalloc(ns ? ns : 1, sizeof *stypes);
        for (size_t i = 0; i < ns; i++) { snames[i] = tr.names[i]; stypes[i] = tr.types[i]; }
        nsrows = tr.rs->n;
        srows = xcalloc(nsrows ? nsrows : 1, sizeof *srows);
        for (size_t i = 0; i < nsrows; i++) srows[i] = tr.rs->rows[i]->v;
    } else if (s->from_param) {
        if (!find_param(&c, s->from_param, &ptv)) goto done;
        const sim_type *lt = ptv.t.other;
        if (ptv.t.k != ET_OTHER || !lt || lt->kind != SIM_T_LIST || !lt->item || lt->item->kind != SIM_T_STRUCT) {
            xfail(r, s->from_param, "AS_TABLE expects a List<Struct<...>> parameter");
            goto done;
        }
        const sim_type *st = lt->item;
        ns = st->nmembers;
        snames = xcalloc(ns ? ns : 1, sizeof *snames);
        stypes = xcalloc(ns ? ns : 1, sizeof *stypes);
        for (size_t i = 0; i < ns; i++) {
            snames[i] = st->names && st->names[i] ? st->names[i] : "";
            ety_from_st(st->members ? st->members[i] : NULL, &stypes[i]);
        }
        nsrows = ptv.v.nitems;
        srows = xcalloc(nsrows ? nsrows : 1, sizeof *srows);
        for (size_t i = 0; i < nsrows; i++) {
            if (ptv.v.items[i].nitems != ns) { xfail(r, s->from_param, "Parameter rows do not match the struct type"); goto done; }
            srows[i] = ptv.v.items[i].items;
        }
    } else {
        nsrows = 1;
        srows = xcalloc(1, sizeof *srows);
        srows[0] = NULL;
    }
    source src = {.ncols = ns, .names = (const char *const *)snames, .types = stypes, .row = NULL};
    c.src = &src;
    /* projection list */
    size_t np = s->star ? ns : s->nproj;
    q->ncols = np;
    q->names = xcalloc(np ? np : 1, sizeof *q->names);
    q->types = xcalloc(np ? np : 1, sizeof *q->types);
    bool agg = false;
    for (size_t i = 0; i < s->nproj; i++) agg |= has_agg(s->proj[i]);
    if (s->where && has_agg(s->where)) { xfail(r, s->where, "Aggregation is not allowed in WHERE"); goto done; }
    if (agg) {
        for (size_t i = 0; i < s->nproj; i++) {
            const expr *bad = col_outside_agg(s->proj[i]);
            if (bad) { xfail(r, bad, "ydbsim does not support column %s outside aggregation without GROUP BY", bad->name); goto done; }
            collect_aggs(s->proj[i], &aggs, &nagg);
        }
        if (s->norder) { xfail(r, s->order[0].e, "ydbsim does not support ORDER BY with aggregation"); goto done; }
        aggv = xcalloc(nagg ? nagg : 1, sizeof *aggv);
        /* types by probe */
        for (size_t k = 0; k < nagg; k++) {
            const expr *ax = aggs[k];
            memset(&aggv[k], 0, sizeof aggv[k]);
            if (ax->kind == E_COUNT_STAR || ax->op == AGG_COUNT) {
                aggv[k].t.k = ET_PRIM;
                aggv[k].t.prim = SIM_UINT64;
                aggv[k].v.kind = SIM_V_U64;
                if (ax->a) { tv pv; if (!eval(&c, ax->a, &pv, 0)) goto done; sv_free(&pv.v); }
            } else {
                tv pv;
                if (!eval(&c, ax->a, &pv, 0)) goto done;
                sv_free(&pv.v);
                aggv[k].t = pv.t;
                if (ax->op == AGG_SUM) {
                    if (pv.t.k == ET_PRIM && prim_is_signed(pv.t.prim)) aggv[k].t.prim = SIM_INT64;
                    else if (pv.t.k == ET_PRIM && prim_is_unsigned(pv.t.prim)) aggv[k].t.prim = SIM_UINT64;
                    else if (pv.t.k == ET_PRIM && prim_is_float(pv.t.prim)) aggv[k].t.prim = SIM_DOUBLE;
                    else if (pv.t.k == ET_PRIM && pv.t.prim == SIM_INTERVAL) {}
                    else if (pv.t.k != ET_DEC) { xfail(r, ax, "ydbsim does not support SUM over this type"); goto done; }
                }
                if (pv.t.k == ET_OTHER) { xfail(r, ax, "ydbsim does not support aggregation over containers"); goto done; }
                aggv[k].t.opt = true;
                aggv[k].v = sv_null();
            }
        }
    }
    /* iterate: over the key range the WHERE allows; in key order with a LIMIT, until it */
    size_t ri0 = 0, ri1 = nsrows;
    uint64_t stop_at = UINT64_MAX;
    if (s->from) {
        kr_range(tr.t, tr.rs, s->where, key_const, &c, &ri0, &ri1);
        if (!agg && s->limit && order_is_key_order(s, tr.t)) {
            uint64_t off = 0, lim = UINT64_MAX;
            if (s->offset && !const_uint(&c, s->offset, &off)) goto done;
            if (!const_uint(&c, s->limit, &lim)) goto done;
            stop_at = lim > UINT64_MAX - off ? UINT64_MAX : off + lim;
        }
    }
    for (size_t ri = ri0; ri < ri1 && nout < stop_at; ri++) {
        src.row = srows[ri];
        bool pass;
        if (!where_ok(&c, s->where, &pass)) goto done;
        if (!pass) continue;
        if (agg) {
            for (size_t k = 0; k < nagg; k++) {
                const expr *ax = aggs[k];
                if (ax->kind == E_COUNT_STAR) { aggv[k].v.u64++; continue; }
                tv v;
                if (!eval(&c, ax->a, &v, 0)) goto done;
                if (is_null(&v)) { sv_free(&v.v); continue; }
                if (ax->op == AGG_COUNT) aggv[k].v.u64++;
                else if (aggv[k].v.kind == SIM_V_NULL) {
                    sv_free(&aggv[k].v);
                    if (ax->op == AGG_SUM && v.t.k == ET_PRIM && prim_is_float(v.t.prim)) { aggv[k].v.kind = SIM_V_DOUBLE; num_as_double(&v, &aggv[k].v.d); }
                    else if (ax->op == AGG_SUM && v.t.k == ET_PRIM && prim_is_signed(v.t.prim)) { aggv[k].v.kind = SIM_V_I64; aggv[k].v.i64 = v.v.i64; }
                    else if (ax->op == AGG_SUM && v.t.k == ET_PRIM && prim_is_unsigned(v.t.prim)) { aggv[k].v.kind = SIM_V_U64; aggv[k].v.u64 = v.v.u64; }
                    else aggv[k].v = sv_copy(&v.v);
                } else if (ax->op == AGG_SUM) {
                    if (aggv[k].v.kind == SIM_V_DOUBLE) { double d; num_as_double(&v, &d); aggv[k].v.d += d; }
                    else if (aggv[k].v.kind == SIM_V_I64) aggv[k].v.i64 = (int64_t)((uint64_t)aggv[k].v.i64 + (uint64_t)v.v.i64);
                    else if (aggv[k].v.kind == SIM_V_U64) aggv[k].v.u64 += v.v.u64;
                    else sv_set_i128(&aggv[k].v, sv_i128(&aggv[k].v) + sv_i128(&v.v));
                } else {
                    bool okc;
                    tv cur = {.t = aggv[k].t, .v = aggv[k].v};
                    int cr = cmp_tv(&v, &cur, &okc);
                    if ((ax->op == AGG_MIN && cr < 0) || (ax->op == AGG_MAX && cr > 0)) {
                        sv_free(&aggv[k].v);
                        aggv[k].v = sv_copy(&v.v);
                    }
                }
                sv_free(&v.v);
            }
            continue;
        }
        sortrow sr = {.proj = xcalloc(np ? np : 1, sizeof(sim_value)), .keys = NULL, .idx = ri};
        out = xrealloc(out, sizeof *out * (nout + 1));
        out[nout++] = sr;
        for (size_t i = 0; i < np; i++) {
            if (s->star) { sr.proj[i] = srows[ri] ? sv_copy(&srows[ri][i]) : sv_null(); continue; }
            tv v;
            if (!eval(&c, s->proj[i], &v, 0)) goto done;
            sr.proj[i] = v.v;
        }
        if (s->norder) {
            out[nout - 1].keys = xcalloc(s->norder, sizeof(sim_value));
            for (size_t k = 0; k < s->norder; k++) {
                const expr *oe = s->order[k].e;
                long alias = -1;
                if (oe->kind == E_COL)
                    for (size_t i = 0; i < s->nproj; i++)
                        if (s->alias[i] && !strcmp(s->alias[i], oe->name)) alias = (long)i;
                if (alias >= 0) { out[nout - 1].keys[k] = sv_copy(&sr.proj[alias]); continue; }
                tv v;
                if (!eval(&c, oe, &v, 0)) goto done;
                out[nout - 1].keys[k] = v.v;
            }
        }
    }
    /* types and names by probe (row = NULL) */
    src.row = NULL;
    c.agg_exprs = aggs;
    c.agg_vals = aggv;
    c.nagg = nagg;
    for (size_t i = 0; i < np; i++) {
        if (s->star) {
            q->names[i] = xstrdup(snames[i]);
            q->types[i] = stypes[i];
            continue;
        }
        tv v;
        if (!eval(&c, s->proj[i], &v, 0)) goto done;
        sv_free(&v.v);
        q->types[i] = v.t;
        if (s->alias[i]) q->names[i] = xstrdup(s->alias[i]);
        else if (s->proj[i]->kind == E_COL) q->names[i] = xstrdup(s->proj[i]->name);
        else q->names[i] = xasprintf("column%zu", i);
    }
    if (agg) {
        sim_value *row = xcalloc(np ? np : 1, sizeof *row);
        qres_push(q, row);
        for (size_t i = 0; i < np; i++) {
            tv v;
            if (!eval(&c, s->proj[i], &v, 0)) goto done;
            row[i] = v.v;
        }
    } else {
        if (s->norder) {
            kt = xcalloc(s->norder, sizeof *kt);
            for (size_t k = 0; k < s->norder; k++) {
                const expr *oe = s->order[k].e;
                long alias = -1;
                if (oe->kind == E_COL)
                    for (size_t i = 0; i < s->nproj; i++)
                        if (s->alias[i] && !strcmp(s->alias[i], oe->name)) alias = (long)i;
                if (alias >= 0) { kt[k] = q->types[alias]; continue; }
                tv v;
                if (!eval(&c, oe, &v, 0)) goto done;
                sv_free(&v.v);
                kt[k] = v.t;
                if (v.t.k == ET_OTHER) { xfail(r, oe, "ydbsim does not support ORDER BY containers"); goto done; }
            }
            sortctx sc = {.ob = s->order, .n = s->norder, .kt = kt};
            sort_rows(out, nout, &sc);
        }
        uint64_t off = 0, lim = UINT64_MAX;
        if (s->offset && !const_uint(&c, s->offset, &off)) goto done;
        if (s->limit && !const_uint(&c, s->limit, &lim)) goto done;
        for (size_t i = 0; i < nout; i++) {
            if (i >= off && i - off < lim) { qres_push(q, out[i].proj); out[i].proj = NULL; }
        }
    }
    ok = true;
done:
    for (size_t i = 0; i < nout; i++) {
        if (out[i].proj) { for (size_t k = 0; k < np; k++) sv_free(&out[i].proj[k]); free(out[i].proj); }
        if (out[i].keys) { for (size_t k = 0; k < s->norder; k++) sv_free(&out[i].keys[k]); free(out[i].keys); }
    }
    free(out);
    free(kt);
    if (aggv) for (size_t k = 0; k < nagg; k++) sv_free(&aggv[k].v);
    free(aggv);
    free(aggs);
    free(snames);
    free(stypes);
    free(srows);
    sv_free(&ptv.v);
    tref_free(&tr);
    if (!ok) qres_free(q);
    return ok;
}
