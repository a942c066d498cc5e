/* exec.c - ydbsim: DML execution, expressions, and optimistic transactions.
 *
 * Transactions: every table holds a reference-counted rowset. A transaction's first access
 * to a table takes a reference (its snapshot) and the table's version; its writes go to a
 * private copy of that rowset (so it reads its own writes) and to a log. Commit checks, for
 * every table the transaction READ, that the table's version is unchanged (per-table
 * optimistic locks: coarser than YDB's per-range locks, never less strict), then replays the
 * log on the live tables. Snapshot RO takes every table's rowset at begin. */
#include "engine_int.h"
#include "common/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

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
static txtab *tx_tab(sim_tx *tx, stable *t, sim_result *r)
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

static void tt_write(txtab *tt, const stable *t, int kind, srow *row, bool *mask)
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

/* ---- typed values ---- */

typedef struct tv { ety t; sim_value v; } tv;

static bool is_null(const tv *x) { return x->t.k == ET_NULL || x->v.kind == SIM_V_NULL; }

static char *tname(ety t) { return ety_name(t); }

/* errors from expressions: GENERIC_ERROR at the expression's position */
static void xfail(sim_result *r, const expr *x, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static void xfail(sim_result *r, const expr *x, const char *fmt, ...)
{
    if (r->status != SIM_SUCCESS) return;
    va_list ap;
    va_start(ap, fmt);
    char buf[1024];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    r->status = SIM_GENERIC_ERROR;
    sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
    iss_push(top, buf, 0, x ? x->line : 0, x ? x->col : 0);
}

static bool num_as_double(const tv *x, double *d)
{
    if (x->t.k == ET_DEC) {
        sim_i128 v = sv_i128(&x->v);
        *d = (double)v;
        for (int i = 0; i < x->t.scale; i++) *d /= 10;
        return true;
    }
    switch (x->v.kind) {
    case SIM_V_I64: *d = (double)x->v.i64; return true;
    case SIM_V_U64: *d = (double)x->v.u64; return true;
    case SIM_V_DOUBLE: *d = x->v.d; return true;
    default: return false;
    }
}

static bool to_kind_for(sim_prim p, sim_value *v)
{
    (void)p;
    (void)v;
    return true;
}

/* YQL's order of the numeric types (GetNumericDataTypeLevel): a value converts implicitly
 * to a type of the same or a higher level. */
static int num_level(sim_prim p)
{
    static const sim_prim order[] = {SIM_INT8, SIM_UINT8, SIM_INT16, SIM_UINT16, SIM_INT32,
                                     SIM_UINT32, SIM_INT64, SIM_UINT64, SIM_FLOAT, SIM_DOUBLE};
    for (int i = 0; i < (int)(sizeof order / sizeof order[0]); i++)
        if (order[i] == p) return i;
    return -1;
}

/* The implicit conversions of a value of type `from` to a column or operand of type `to`, as
 * YQL's type annotation makes them (yql/essentials/core/yql_expr_type_annotation.cpp,
 * TryConvertToImpl, read in ydb-platform/ydb): Utf8 to String; a String literal that is
 * valid UTF-8 to Utf8; a numeric type to one of the same or a higher level, and an integer
 * literal to any integer type it fits; Date/Datetime to the wider time types. `literal`
 * allows what only a literal may do (an explicit CAST passes true). */
bool conv_value(ety from, const sim_value *v, ety to, sim_value *out, bool literal)
{
    *out = sv_null();
    if (from.k == ET_NULL || v->kind == SIM_V_NULL) return from.k == ET_NULL || from.opt || true;
    if (to.k == ET_DEC) {
        if (from.k == ET_DEC) {
            if (from.prec == to.prec && from.scale == to.scale) { *out = sv_copy(v); return true; }
            if (to.scale < from.scale) return false;
            sim_i128 x = sv_i128(v);
            for (int i = from.scale; i < to.scale; i++) x *= 10;
            sim_i128 lim = 1;
            for (int i = 0; i < to.prec; i++) lim *= 10;
            if (x >= lim || x <= -lim) return false;
            sv_set_i128(out, x);
            return true;
        }
        if (literal && from.k == ET_PRIM && prim_is_int(from.prim)) {
            sim_i128 x = v->kind == SIM_V_I64 ? (sim_i128)v->i64 : (sim_i128)v->u64;
            for (int i = 0; i < to.scale; i++) x *= 10;
            sim_i128 lim = 1;
            for (int i = 0; i < to.prec; i++) lim *= 10;
            if (x >= lim || x <= -lim) return false;
            sv_set_i128(out, x);
            return true;
        }
        return false;
    }
    if (to.k != ET_PRIM || from.k != ET_PRIM) return false;
    sim_prim f = from.prim, t = to.prim;
    if (f == t) { *out = sv_copy(v); return true; }
    if (prim_is_int(f) && prim_is_int(t)) {
        if (!literal && num_level(t) < num_level(f)) return false; /* a narrowing needs a CAST */
        bool neg = v->kind == SIM_V_I64 && v->i64 < 0;
        uint64_t u = v->kind == SIM_V_U64 ? v->u64 : (uint64_t)(neg ? 0 : v->i64);
        if (!int_fits(t, neg, v->i64, u)) return false;
        if (prim_is_unsigned(t)) { out->kind = SIM_V_U64; out->u64 = u; }
        else { out->kind = SIM_V_I64; out->i64 = neg ? v->i64 : (int64_t)u; }
        return true;
    }
    if (prim_is_int(f) && prim_is_float(t)) {
        out->kind = SIM_V_DOUBLE;
        out->d = v->kind == SIM_V_I64 ? (double)v->i64 : (double)v->u64;
        if (t == SIM_FLOAT) out->d = (float)out->d;
        return true;
    }
    if (f == SIM_FLOAT && t == SIM_DOUBLE) { *out = sv_copy(v); return true; }
    if (f == SIM_DOUBLE && t == SIM_FLOAT && literal) {
        out->kind = SIM_V_DOUBLE;
        out->d = (float)v->d;
        return true;
    }
    if (f == SIM_UTF8 && t == SIM_STRING) { *out = sv_copy(v); return true; }
    if (f == SIM_STRING && t == SIM_UTF8 && literal && from.lit) {
        if (v->kind != SIM_V_BYTES || strlen(v->bytes) != v->len || !mig_utf8_valid(v->bytes)) return false;
        *out = sv_copy(v);
        return true;
    }
    if (f == SIM_JSON && t == SIM_JSON_DOCUMENT) { *out = sv_copy(v); return true; }
    if (f == SIM_DATE && (t == SIM_DATETIME || t == SIM_TIMESTAMP)) {
        out->kind = SIM_V_U64;
        out->u64 = v->u64 * 86400u * (t == SIM_TIMESTAMP ? 1000000u : 1u);
        return true;
    }
    if (f == SIM_DATETIME && t == SIM_TIMESTAMP) {
        out->kind = SIM_V_U64;
        out->u64 = v->u64 * 1000000u;
        return true;
    }
    (void)to_kind_for;
    return false;
}

/* ---- evaluation context ---- */

typedef struct source {
    size_t ncols;
    const char *const *names;
    const ety *types;       /* as read: opt for nullable */
    const sim_value *row;   /* current row values (NULL: typing probe, all NULL) */
} source;

typedef struct ctx {
    sim_engine *e;
    const sim_param *params;
    size_t nparams;
    stmt **st;
    size_t nst;
    const source *src;
    sim_result *r;
    bool agg_ok;
    /* aggregation: values computed outside, looked up by expr pointer */
    const expr **agg_exprs;
    tv *agg_vals;
    size_t nagg;
} ctx;

static const sim_value null_value = {SIM_V_NULL, false, 0, 0, 0, NULL, 0, 0, 0, NULL, 0};

static bool eval(ctx *c, const expr *x, tv *out, int depth);

static bool find_param(ctx *c, const expr *x, tv *out)
{
    const sim_param *p = NULL;
    for (size_t i = 0; i < c->nparams; i++)
        if (c->params[i].name && !strcmp(c->params[i].name, x->name)) { p = &c->params[i]; break; }
    const stmt *decl = NULL;
    for (size_t i = 0; i < c->nst; i++)
        if (c->st[i]->kind == S_DECLARE && !strcmp(c->st[i]->name, x->name)) decl = c->st[i];
    if (!p) {
        if (decl) {
            c->r->status = SIM_BAD_REQUEST;
            char *m = xasprintf("Missing value for parameter: %s", x->name);
            res_push(c->r, m, 0, 0, 0);
            free(m);
        } else {
            xfail(c->r, x, "Unknown name: %s", x->name);
        }
        return false;
    }
    ety t;
    ety_from_st(p->type, &t);
    if (decl && decl->dtype.k != ET_OTHER) {
        ety d = decl->dtype;
        bool same = d.k == t.k && d.opt == t.opt && (d.k != ET_PRIM || d.prim == t.prim) &&
                    (d.k != ET_DEC || (d.prec == t.prec && d.scale == t.scale));
        if (!same) {
            char *a = tname(d), *b = t.k == ET_OTHER ? xstrdup("container") : tname(t);
            c->r->status = SIM_BAD_REQUEST;
            char *m = xasprintf("Parameter %s type mismatch, expected: %s, actual: %s", x->name, a, b);
            res_push(c->r, m, 0, 0, 0);
            free(m);
            free(a);
            free(b);
            return false;
        }
    }
    out->t = t;
    out->v = p->value ? sv_copy(p->value) : sv_null();
    if (out->v.kind == SIM_V_NESTED) { sv_free(&out->v); xfail(c->r, x, "ydbsim does not support nested optional parameters"); return false; }
    return true;
}

static int cmp_tv(const tv *a, const tv *b, bool *ok)
{
    *ok = true;
    ety x = a->t, y = b->t;
    if (x.k == ET_PRIM && y.k == ET_PRIM) {
        bool xs = prim_is_string(x.prim), ys = prim_is_string(y.prim);
        bool xn = prim_is_int(x.prim) || prim_is_float(x.prim), yn = prim_is_int(y.prim) || prim_is_float(y.prim);
        if (xs && ys) return sv_cmp(&a->v, &b->v);
        if (xn && yn) {
            if (a->v.kind == SIM_V_DOUBLE || b->v.kind == SIM_V_DOUBLE) {
                double p, q;
                num_as_double(a, &p);
                num_as_double(b, &q);
                return (p > q) - (p < q);
            }
            return sv_cmp(&a->v, &b->v);
        }
        if (x.prim == y.prim) return sv_cmp(&a->v, &b->v);
        if (prim_is_time(x.prim) && prim_is_time(y.prim)) {
            /* normalize to microseconds */
            sim_i128 p = a->v.kind == SIM_V_U64 ? (sim_i128)a->v.u64 : a->v.i64;
            sim_i128 q = b->v.kind == SIM_V_U64 ? (sim_i128)b->v.u64 : b->v.i64;
            sim_prim ps[2] = {x.prim, y.prim};
            sim_i128 *vs[2] = {&p, &q};
            for (int i = 0; i < 2; i++) {
                if (ps[i] == SIM_DATE || ps[i] == SIM_DATE32) *vs[i] *= (sim_i128)86400 * 1000000;
                else if (ps[i] == SIM_DATETIME || ps[i] == SIM_DATETIME64) *vs[i] *= 1000000;
            }
            bool xi = x.prim == SIM_INTERVAL || x.prim == SIM_INTERVAL64, yi = y.prim == SIM_INTERVAL || y.prim == SIM_INTERVAL64;
            if (xi != yi) { *ok = false; return 0; }
            return (p > q) - (p < q);
        }
        *ok = false;
        return 0;
    }
    if (x.k == ET_DEC && y.k == ET_DEC && x.scale == y.scale) return sv_cmp(&a->v, &b->v);
    if ((x.k == ET_DEC || y.k == ET_DEC) && (x.k == ET_DEC || (x.k == ET_PRIM && prim_is_int(x.prim))) &&
        (y.k == ET_DEC || (y.k == ET_PRIM && prim_is_int(y.prim)))) {
        sim_i128 p = x.k == ET_DEC ? sv_i128(&a->v) : a->v.kind == SIM_V_U64 ? (sim_i128)a->v.u64 : a->v.i64;
        sim_i128 q = y.k == ET_DEC ? sv_i128(&b->v) : b->v.kind == SIM_V_U64 ? (sim_i128)b->v.u64 : b->v.i64;
        int sx = x.k == ET_DEC ? x.scale : 0, sy = y.k == ET_DEC ? y.scale : 0;
        for (; sx < sy; sx++) p *= 10;
        for (; sy < sx; sy++) q *= 10;
        return (p > q) - (p < q);
    }
    *ok = false;
    return 0;
}

static bool want_bool(ctx *c, const expr *x, const tv *v)
{
    if (v->t.k == ET_NULL) return true;
    if (v->t.k == ET_PRIM && v->t.prim == SIM_BOOL) return true;
    char *n = tname(v->t);
    xfail(c->r, x, "Expected bool, but got: %s", n);
    free(n);
    return false;
}


static bool arith(ctx *c, const expr *x, tv *a, tv *b, tv *out)
{
    int op = x->op;
    ety ta = a->t, tb = b->t;
    if (ta.k == ET_NULL && tb.k == ET_NULL) { out->t.k = ET_NULL; out->v = sv_null(); return true; }
    if (ta.k == ET_NULL) { ta = tb; }
    if (tb.k == ET_NULL) { tb = ta; }
    bool opt = a->t.opt || b->t.opt || a->t.k == ET_NULL || b->t.k == ET_NULL;
    ety rt;
    memset(&rt, 0, sizeof rt);
    if (op == OP_CONCAT) {
        if (ta.k != ET_PRIM || tb.k != ET_PRIM || !(ta.prim == SIM_STRING || ta.prim == SIM_UTF8) ||
            !(tb.prim == SIM_STRING || tb.prim == SIM_UTF8)) goto bad;
        rt.k = ET_PRIM;
        rt.prim = ta.prim == SIM_UTF8 && tb.prim == SIM_UTF8 ? SIM_UTF8 : SIM_STRING;
        rt.opt = opt;
        out->t = rt;
        if (is_null(a) || is_null(b)) { out->v = sv_null(); return true; }
        out->v.kind = SIM_V_BYTES;
        out->v.len = a->v.len + b->v.len;
        out->v.bytes = xmalloc(out->v.len + 1);
        if (a->v.len) memcpy(out->v.bytes, a->v.bytes, a->v.len);
        if (b->v.len) memcpy(out->v.bytes + a->v.len, b->v.bytes, b->v.len);
        out->v.bytes[out->v.len] = 0;
        return true;
    }
    if (ta.k == ET_PRIM && tb.k == ET_PRIM && prim_is_int(ta.prim) && prim_is_int(tb.prim)) {
        rt.k = ET_PRIM;
        if (ta.prim == tb.prim) rt.prim = ta.prim;
        else if (prim_is_signed(ta.prim) || prim_is_signed(tb.prim)) rt.prim = SIM_INT64;
        else rt.prim = SIM_UINT64;
        if (rt.prim == SIM_INT8 || rt.prim == SIM_INT16) rt.prim = SIM_INT32; /* YQL widens small ints */
        if (rt.prim == SIM_UINT8 || rt.prim == SIM_UINT16) rt.prim = SIM_UINT32;
        rt.opt = opt || op == OP_DIV || op == OP_MOD;
        out->t = rt;
        if (is_null(a) || is_null(b)) { out->v = sv_null(); return true; }
        bool s = prim_is_signed(rt.prim);
        if (s) {
            int64_t p = a->v.kind == SIM_V_U64 ? (int64_t)a->v.u64 : a->v.i64;
            int64_t q = b->v.kind == SIM_V_U64 ? (int64_t)b->v.u64 : b->v.i64;
            int64_t res = 0;
            bool ovf = false;
            switch (op) {
            case OP_ADD: ovf = __builtin_add_overflow(p, q, &res); break;
            case OP_SUB: ovf = __builtin_sub_overflow(p, q, &res); break;
            case OP_MUL: ovf = __builtin_mul_overflow(p, q, &res); break;
            case OP_DIV: case OP_MOD:
                if (q == 0 || (p == INT64_MIN && q == -1)) { out->v = sv_null(); return true; }
                res = op == OP_DIV ? p / q : p % q;
                break;
            }
            (void)ovf; /* YQL wraps around */
            if (ovf) res = (int64_t)(op == OP_ADD ? (uint64_t)p + (uint64_t)q : op == OP_SUB ? (uint64_t)p - (uint64_t)q : (uint64_t)p * (uint64_t)q);
            if (rt.prim == SIM_INT32) res = (int32_t)(uint32_t)(uint64_t)res;
            out->v.kind = SIM_V_I64;
            out->v.i64 = res;
        } else {
            uint64_t p = a->v.kind == SIM_V_U64 ? a->v.u64 : (uint64_t)a->v.i64;
            uint64_t q = b->v.kind == SIM_V_U64 ? b->v.u64 : (uint64_t)b->v.i64;
            uint64_t res = 0;
            switch (op) {
            case OP_ADD: res = p + q; break;
            case OP_SUB: res = p - q; break;
            case OP_MUL: res = p * q; break;
            case OP_DIV: case OP_MOD:
                if (q == 0) { out->v = sv_null(); return true; }
                res = op == OP_DIV ? p / q : p % q;
                break;
            }
            if (rt.prim == SIM_UINT32) res = (uint32_t)res;
            out->v.kind = SIM_V_U64;
            out->v.u64 = res;
        }
        return true;
    }
    if (ta.k == ET_PRIM && tb.k == ET_PRIM && (prim_is_int(ta.prim) || prim_is_float(ta.prim)) &&
        (prim_is_int(tb.prim) || prim_is_float(tb.prim))) {
        rt.k = ET_PRIM;
        rt.prim = (ta.prim == SIM_FLOAT || prim_is_int(ta.prim)) && (tb.prim == SIM_FLOAT || prim_is_int(tb.prim)) ? SIM_FLOAT : SIM_DOUBLE;
        rt.opt = opt;
        out->t = rt;
        if (is_null(a) || is_null(b)) { out->v = sv_null(); return true; }
        double p, q, res = 0;
        num_as_double(a, &p);
        num_as_double(b, &q);
        switch (op) {
        case OP_ADD: res = p + q; break;
        case OP_SUB: res = p - q; break;
        case OP_MUL: res = p * q; break;
        case OP_DIV: res = p / q; break;
        case OP_MOD: res = fmod(p, q); break;
        }
        out->v.kind = SIM_V_DOUBLE;
        out->v.d = rt.prim == SIM_FLOAT ? (float)res : res;
        return true;
    }
    if (ta.k == ET_PRIM && tb.k == ET_PRIM && prim_is_time(ta.prim) && prim_is_time(tb.prim) && (op == OP_ADD || op == OP_SUB)) {
        bool ia = ta.prim == SIM_INTERVAL, ib = tb.prim == SIM_INTERVAL;
        rt.k = ET_PRIM;
        if (ia && ib) rt.prim = SIM_INTERVAL;
        else if (!ia && ib) rt.prim = ta.prim;
        else if (ia && !ib && op == OP_ADD) rt.prim = tb.prim;
        else if (!ia && !ib && op == OP_SUB && ta.prim == tb.prim) rt.prim = SIM_INTERVAL;
        else goto bad;
        if (rt.prim != SIM_INTERVAL && rt.prim != SIM_TIMESTAMP && rt.prim != SIM_DATETIME && rt.prim != SIM_DATE) goto bad;
        rt.opt = true; /* may overflow the type's range */
        out->t = rt;
        if (is_null(a) || is_null(b)) { out->v = sv_null(); return true; }
        sim_i128 us[2];
        const tv *vv[2] = {a, b};
        for (int i = 0; i < 2; i++) {
            sim_prim p = vv[i]->t.prim;
            sim_i128 raw = vv[i]->v.kind == SIM_V_U64 ? (sim_i128)vv[i]->v.u64 : vv[i]->v.i64;
            us[i] = p == SIM_DATE ? raw * 86400 * 1000000 : p == SIM_DATETIME ? raw * 1000000 : raw;
        }
        sim_i128 res = op == OP_ADD ? us[0] + us[1] : us[0] - us[1];
        if (rt.prim == SIM_INTERVAL) {
            if (res > INT64_MAX || res < -INT64_MAX) { out->v = sv_null(); return true; }
            out->v.kind = SIM_V_I64;
            out->v.i64 = (int64_t)res;
        } else {
            sim_i128 div = rt.prim == SIM_DATE ? (sim_i128)86400 * 1000000 : rt.prim == SIM_DATETIME ? 1000000 : 1;
            res /= div;
            if (res < 0 || res > (rt.prim == SIM_TIMESTAMP ? (sim_i128)4291747200000000LL : rt.prim == SIM_DATETIME ? (sim_i128)UINT32_MAX : 49672)) {
                out->v = sv_null();
                return true;
            }
            out->v.kind = SIM_V_U64;
            out->v.u64 = (uint64_t)res;
        }
        return true;
    }
    if (ta.k == ET_DEC && tb.k == ET_DEC && ta.prec == tb.prec && ta.scale == tb.scale && (op == OP_ADD || op == OP_SUB)) {
        rt = ta;
        rt.opt = opt;
        out->t = rt;
        if (is_null(a) || is_null(b)) { out->v = sv_null(); return true; }
        sim_i128 res = op == OP_ADD ? sv_i128(&a->v) + sv_i128(&b->v) : sv_i128(&a->v) - sv_i128(&b->v);
        sv_set_i128(&out->v, res);
        return true;
    }
bad:;
    char *p = tname(a->t), *q = tname(b->t);
    static const char *ops[] = {"+", "-", "*", "/", "%", "||"};
    xfail(c->r, x, "Cannot apply '%s' to %s and %s", ops[op], p, q);
    free(p);
    free(q);
    return false;
}

static bool do_cast(ctx *c, const expr *x, tv *a, tv *out)
{
    ety to = x->t;
    out->t = to;
    out->t.opt = true;
    out->v = sv_null();
    if (a->t.k == ET_OTHER) { xfail(c->r, x, "ydbsim does not support CAST of containers"); return false; }
    if (to.k == ET_OTHER) { xfail(c->r, x, "ydbsim does not support CAST to containers"); return false; }
    bool safe = a->t.k == to.k && (to.k != ET_PRIM || a->t.prim == to.prim) &&
                (to.k != ET_DEC || (a->t.prec == to.prec && a->t.scale == to.scale));
    if (to.k == ET_PRIM && a->t.k == ET_PRIM && to.prim == SIM_STRING && (prim_is_int(a->t.prim) || a->t.prim == SIM_UTF8)) safe = true;
    if (safe && !a->t.opt && a->t.k != ET_NULL) out->t.opt = to.opt;
    if (is_null(a)) return true;
    if (a->t.k == ET_PRIM && prim_is_string(a->t.prim) && !(to.k == ET_PRIM && prim_is_string(to.prim))) {
        sim_value v;
        if (value_from_text(to, a->v.bytes ? a->v.bytes : "", a->v.len, &v)) out->v = v;
        return true;
    }
    if (to.k == ET_PRIM && (to.prim == SIM_STRING || to.prim == SIM_UTF8) && a->t.k == ET_PRIM) {
        char buf[64];
        const char *txt = NULL;
        if (prim_is_string(a->t.prim)) {
            if (to.prim == SIM_UTF8 && a->t.prim == SIM_STRING) {
                /* YQL checks UTF-8 validity; ydbsim accepts any bytes without NUL */
            }
            out->v = sv_copy(&a->v);
            return true;
        }
        if (a->v.kind == SIM_V_I64 && !prim_is_time(a->t.prim)) { snprintf(buf, sizeof buf, "%lld", (long long)a->v.i64); txt = buf; }
        else if (a->v.kind == SIM_V_U64 && !prim_is_time(a->t.prim)) { snprintf(buf, sizeof buf, "%llu", (unsigned long long)a->v.u64); txt = buf; }
        else if (a->v.kind == SIM_V_BOOL) txt = a->v.b ? "true" : "false";
        else if (a->v.kind == SIM_V_DOUBLE) { snprintf(buf, sizeof buf, "%.17g", a->v.d); txt = buf; }
        if (!txt) { xfail(c->r, x, "ydbsim does not support CAST from %s to text", prim_name(a->t.prim)); return false; }
        out->v.kind = SIM_V_BYTES;
        out->v.bytes = xstrdup(txt);
        out->v.len = strlen(txt);
        return true;
    }
    if (a->t.k == ET_PRIM && a->t.prim == SIM_BOOL && to.k == ET_PRIM && prim_is_int(to.prim)) {
        tv t2 = {.t = {.k = ET_PRIM, .prim = SIM_UINT8}, .v = {.kind = SIM_V_U64, .u64 = a->v.b}};
        conv_value(t2.t, &t2.v, to, &out->v, true);
        return true;
    }
    if (a->t.k == ET_PRIM && prim_is_float(a->t.prim) && to.k == ET_PRIM && prim_is_int(to.prim)) {
        double d = trunc(a->v.d);
        if (!(d >= -9.2e18 && d <= 1.8e19)) return true;
        tv t2;
        if (d < 0) { t2.t.k = ET_PRIM; t2.t.prim = SIM_INT64; t2.v.kind = SIM_V_I64; t2.v.i64 = (int64_t)d; }
        else { t2.t.k = ET_PRIM; t2.t.prim = SIM_UINT64; t2.v.kind = SIM_V_U64; t2.v.u64 = (uint64_t)d; }
        conv_value(t2.t, &t2.v, to, &out->v, true);
        return true;
    }
    sim_value v;
    if (conv_value(a->t, &a->v, to, &v, true)) out->v = v;
    else if (a->t.k == ET_PRIM && to.k == ET_PRIM && !(prim_is_int(a->t.prim) && prim_is_int(to.prim)) &&
             !(prim_is_time(a->t.prim) && prim_is_time(to.prim))) {
        char *p = tname(a->t), *q = tname(to);
        xfail(c->r, x, "ydbsim does not support CAST from %s to %s", p, q);
        free(p);
        free(q);
        return false;
    }
    return true;
}

static bool eval(ctx *c, const expr *x, tv *out, int depth)
{
    memset(out, 0, sizeof *out);
    if (depth > 400) { xfail(c->r, x, "Expression is too deep"); return false; }
    switch (x->kind) {
    case E_LIT:
        out->t = x->t;
        out->t.lit = x->t.k != ET_NULL;
        out->v = sv_copy(&x->v);
        return true;
    case E_VERSION: /* YQL's Version(): the string the server was started with (--ydb-version) */
        if (!c->e->version) { /* guess: the wording of a release that predates Version() */
            xfail(c->r, x, "Unknown builtin: Version");
            return false;
        }
        out->t.k = ET_PRIM;
        out->t.prim = SIM_UTF8;
        out->v.kind = SIM_V_BYTES;
        out->v.bytes = xstrdup(c->e->version);
        out->v.len = strlen(c->e->version);
        return true;
    case E_PARAM:
        if (!find_param(c, x, out)) return false;
        if (out->t.k == ET_OTHER) {
            sv_free(&out->v);
            xfail(c->r, x, "ydbsim does not support container parameters in expressions (%s)", x->name);
            return false;
        }
        return true;
    case E_COL: {
        if (!c->src) { xfail(c->r, x, "Column reference '%s' without a source table", x->name); return false; }
        for (size_t i = 0; i < c->src->ncols; i++)
            if (!strcmp(c->src->names[i], x->name)) {
                out->t = c->src->types[i];
                out->v = c->src->row ? sv_copy(&c->src->row[i]) : sv_null();
                return true;
            }
        xfail(c->r, x, "Member not found: %s", x->name);
        return false;
    }
    case E_COUNT_STAR: case E_AGG:
        for (size_t i = 0; i < c->nagg; i++)
            if (c->agg_exprs[i] == x) {
                out->t = c->agg_vals[i].t;
                out->v = sv_copy(&c->agg_vals[i].v);
                return true;
            }
        xfail(c->r, x, "Aggregation is not allowed in this context");
        return false;
    case E_NEG: {
        tv a;
        if (!eval(c, x->a, &a, depth + 1)) return false;
        tv z = {.t = {.k = ET_PRIM, .prim = SIM_INT32}, .v = {.kind = SIM_V_I64, .i64 = 0}};
        if (a.t.k == ET_PRIM && prim_is_float(a.t.prim)) { z.t.prim = a.t.prim; z.v.kind = SIM_V_DOUBLE; z.v.d = 0; }
        if (a.t.k == ET_PRIM && prim_is_unsigned(a.t.prim)) { z.t.prim = SIM_INT64; }
        if (a.t.k == ET_PRIM && a.t.prim == SIM_INTERVAL) { z.t.prim = SIM_INTERVAL; }
        expr fake = *x;
        fake.op = OP_SUB;
        bool ok = arith(c, &fake, &z, &a, out);
        out->t.lit = ok && a.t.lit; /* -5 is a literal too */
        sv_free(&a.v);
        return ok;
    }
    case E_NOT: {
        tv a;
        if (!eval(c, x->a, &a, depth + 1)) return false;
        if (!want_bool(c, x->a, &a)) { sv_free(&a.v); return false; }
        out->t.k = ET_PRIM;
        out->t.prim = SIM_BOOL;
        out->t.opt = a.t.opt || a.t.k == ET_NULL;
        if (is_null(&a)) out->v = sv_null();
        else { out->v.kind = SIM_V_BOOL; out->v.b = !a.v.b; }
        sv_free(&a.v);
        return true;
    }
    case E_ISNULL: {
        tv a;
        if (!eval(c, x->a, &a, depth + 1)) return false;
        out->t.k = ET_PRIM;
        out->t.prim = SIM_BOOL;
        out->v.kind = SIM_V_BOOL;
        out->v.b = is_null(&a) != x->negate;
        sv_free(&a.v);
        return true;
    }
    case E_BIN: {
        tv a, b;
        if (!eval(c, x->a, &a, depth + 1)) return false;
        if (!eval(c, x->b, &b, depth + 1)) { sv_free(&a.v); return false; }
        bool ok = true;
        if (x->op == OP_AND || x->op == OP_OR) {
            ok = want_bool(c, x->a, &a) && want_bool(c, x->b, &b);
            if (ok) {
                out->t.k = ET_PRIM;
                out->t.prim = SIM_BOOL;
                out->t.opt = a.t.opt || b.t.opt || a.t.k == ET_NULL || b.t.k == ET_NULL;
                bool an = is_null(&a), bn = is_null(&b);
                bool dom = x->op == OP_OR; /* the dominant value */
                if ((!an && a.v.b == dom) || (!bn && b.v.b == dom)) { out->v.kind = SIM_V_BOOL; out->v.b = dom; }
                else if (an || bn) out->v = sv_null();
                else { out->v.kind = SIM_V_BOOL; out->v.b = !dom; }
            }
        } else if (x->op >= OP_EQ && x->op <= OP_GE) {
            out->t.k = ET_PRIM;
            out->t.prim = SIM_BOOL;
            out->t.opt = a.t.opt || b.t.opt || a.t.k == ET_NULL || b.t.k == ET_NULL;
            bool cmp_ok = true;
            int cr = 0;
            if (a.t.k != ET_NULL && b.t.k != ET_NULL) {
                tv pa = a, pb = b;
                sim_value na = null_value;
                if (is_null(&a) || is_null(&b)) { /* type check with placeholder values */
                    (void)na;
                }
                if (!is_null(&a) && !is_null(&b)) cr = cmp_tv(&pa, &pb, &cmp_ok);
                else {
                    /* check comparability of types only */
                    tv za = a, zb = b;
                    sim_value d1 = {.kind = SIM_V_I64}, d2 = {.kind = SIM_V_I64};
                    za.v = d1;
                    zb.v = d2;
                    if (za.t.k == ET_DEC) sv_set_i128(&za.v, 0);
                    if (zb.t.k == ET_DEC) sv_set_i128(&zb.v, 0);
                    if (za.t.k == ET_PRIM && prim_is_string(za.t.prim)) za.v.kind = SIM_V_BYTES;
                    if (zb.t.k == ET_PRIM && prim_is_string(zb.t.prim)) zb.v.kind = SIM_V_BYTES;
                    cmp_tv(&za, &zb, &cmp_ok);
                }
                if (a.t.k == ET_OTHER || b.t.k == ET_OTHER) cmp_ok = false;
            }
            if (!cmp_ok) {
                char *p = tname(a.t), *q = tname(b.t);
                xfail(c->r, x, "Cannot compare %s with %s", p, q);
                free(p);
                free(q);
                ok = false;
            } else if (is_null(&a) || is_null(&b)) {
                out->v = sv_null();
            } else {
                bool res = false;
                switch (x->op) {
                case OP_EQ: res = cr == 0; break;
                case OP_NE: res = cr != 0; break;
                case OP_LT: res = cr < 0; break;
                case OP_LE: res = cr <= 0; break;
                case OP_GT: res = cr > 0; break;
                case OP_GE: res = cr >= 0; break;
                }
                out->v.kind = SIM_V_BOOL;
                out->v.b = res;
            }
        } else {
            ok = arith(c, x, &a, &b, out);
        }
        sv_free(&a.v);
        sv_free(&b.v);
        return ok;
    }
    case E_BETWEEN: {
        expr lo = {.kind = E_BIN, .op = OP_GE, .a = x->a, .b = x->b, .line = x->line, .col = x->col};
        expr hi = {.kind = E_BIN, .op = OP_LE, .a = x->a, .b = x->c, .line = x->line, .col = x->col};
        expr both = {.kind = E_BIN, .op = OP_AND, .a = &lo, .b = &hi, .line = x->line, .col = x->col};
        expr neg = {.kind = E_NOT, .a = &both, .line = x->line, .col = x->col};
        return eval(c, x->negate ? &neg : &both, out, depth + 1);
    }
    case E_IN: {
        tv a;
        if (!eval(c, x->a, &a, depth + 1)) return false;
        bool found = false, any_null = false, opt = a.t.opt || a.t.k == ET_NULL;
        for (size_t i = 0; i < x->n; i++) {
            expr eq = {.kind = E_BIN, .op = OP_EQ, .a = x->a, .b = x->list[i], .line = x->line, .col = x->col};
            tv r;
            if (!eval(c, &eq, &r, depth + 1)) { sv_free(&a.v); return false; }
            opt |= r.t.opt;
            if (is_null(&r)) any_null = true;
            else if (r.v.b) found = true;
            sv_free(&r.v);
        }
        out->t.k = ET_PRIM;
        out->t.prim = SIM_BOOL;
        out->t.opt = opt;
        if (is_null(&a) || (!found && any_null)) out->v = sv_null();
        else { out->v.kind = SIM_V_BOOL; out->v.b = found != x->negate; }
        sv_free(&a.v);
        return true;
    }
    case E_CAST: {
        tv a;
        if (!eval(c, x->a, &a, depth + 1)) return false;
        bool ok = do_cast(c, x, &a, out);
        sv_free(&a.v);
        return ok;
    }
    }
    xfail(c->r, x, "ydbsim does not support this expression");
    return false;
}

bool eval_const(expr *x, ety *t, sim_value *v, sim_result *r)
{
    ctx c;
    memset(&c, 0, sizeof c);
    c.r = r;
    tv out;
    if (x->kind == E_COL) {
        xfail(r, x, "Default value must be a literal: %s", x->name);
        return false;
    }
    if (!eval(&c, x, &out, 0)) return false;
    *t = out.t;
    if (out.v.kind == SIM_V_NULL && out.t.k != ET_NULL && !x->t.opt && x->kind == E_CAST) {
        sv_free(&out.v);
        xfail(r, x, "Invalid literal value");
        return false;
    }
    *v = out.v;
    return true;
}

/* ---- statements ---- */

typedef struct qres {        /* an internal row set: SELECT output or write input */
    size_t ncols;
    char **names;
    ety *types;
    sim_value **rows;
    size_t nrows;
    ety **ctypes;            /* VALUES input: each cell's own type (rows may differ) */
} qres;

static void qres_free(qres *q)
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

static void qres_push(qres *q, sim_value *row)
{
    q->rows = xrealloc(q->rows, sizeof *q->rows * (q->nrows + 1));
    q->rows[q->nrows++] = row;
}

typedef struct run {
    sim_engine *e;
    sim_tx *tx;
    const char *prefix;
    ctx base;
    sim_result *r;
} run;

typedef struct tref {
    stable *t;
    txtab *tt;       /* NULL: read the live table (online/stale RO) */
    rowset *rs;
    char **names;
    ety *types;
} tref;

static void tref_free(tref *tr)
{
    free(tr->names);
    free(tr->types);
}

static bool open_table(run *u, const char *name, const char *fn, bool write, tref *out)
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

static void mark_read(tref *tr)
{
    if (tr->tt) tr->tt->read = true;
}

/* truth of a WHERE value */
static bool where_ok(ctx *c, const expr *w, bool *res)
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
 * nothing (the WHERE itself reports it when it runs) */
static bool key_const(void *ud, const expr *x, ety *t, sim_value *v)
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
static bool run_select(run *u, const select_stmt *s, qres *q)
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

/* ---- writes ---- */

static void conv_fail(sim_result *r, const char *col, ety from, ety to)
{
    if (r->status != SIM_SUCCESS) return;
    r->status = SIM_GENERIC_ERROR;
    sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
    sim_issue *m = iss_push(top, "Failed to convert input columns types to scheme types", 0, 0, 0);
    char *a = tname(from), *b = tname(to);
    char *t = xasprintf("Failed to convert type for column %s: %s to %s", col, a, b);
    iss_push(m, t, 0, 0, 0);
    free(t);
    free(a);
    free(b);
}

/* Whether a value of type `it` may be stored in a column of type `ct`, decided as YDB does
 * when it compiles the query, rows or no rows: by the value when it is known (a literal),
 * else by a representative of the type. */
static bool fits(ety it, const sim_value *known, ety ct)
{
    if (it.k == ET_NULL) return true;
    if (it.k == ET_OTHER) return false;
    sim_value probe = sv_null(), outv;
    if (known && known->kind != SIM_V_NULL) probe = *known; /* borrowed */
    else if (it.k == ET_PRIM && prim_is_string(it.prim)) { probe.kind = SIM_V_BYTES; probe.bytes = ""; }
    else if (it.k == ET_DEC) sv_set_i128(&probe, 0);
    else if (it.k == ET_PRIM && prim_is_float(it.prim)) probe.kind = SIM_V_DOUBLE;
    else if (it.k == ET_PRIM && it.prim == SIM_BOOL) probe.kind = SIM_V_BOOL;
    else if (it.k == ET_PRIM && it.prim == SIM_UUID) probe.kind = SIM_V_I128;
    else if (it.k == ET_PRIM && prim_is_unsigned(it.prim)) probe.kind = SIM_V_U64;
    else if (it.k == ET_PRIM && (it.prim == SIM_DATE || it.prim == SIM_DATETIME || it.prim == SIM_TIMESTAMP)) probe.kind = SIM_V_U64;
    else probe.kind = SIM_V_I64;
    bool ok = conv_value(it, &probe, ct, &outv, it.lit);
    if (ok) sv_free(&outv);
    return ok;
}

static void not_null_fail(sim_result *r, const char *col)
{
    if (r->status != SIM_SUCCESS) return;
    r->status = SIM_BAD_REQUEST;
    char *m = xasprintf("Can't set NULL or optional value to not null column: %s", col);
    res_push(r, m, 0, 0, 0);
    free(m);
}

static bool check_unique(run *u, tref *tr, const srow *row)
{
    const stable *t = tr->t;
    for (size_t i = 0; i < t->nidx; i++) {
        if (!t->idx[i].unique) continue;
        size_t nc = t->idx[i].ncols;
        long ci[32];
        bool any_null = false;
        for (size_t k = 0; k < nc && k < 32; k++) {
            ci[k] = -1;
            for (size_t j = 0; j < t->ncols; j++)
                if (!strcmp(t->cols[j].name, t->idx[i].cols[k])) ci[k] = (long)j;
            if (ci[k] < 0 || row->v[ci[k]].kind == SIM_V_NULL) any_null = true;
        }
        if (any_null || nc > 32) continue;
        mark_read(tr);
        for (size_t r2 = 0; r2 < tr->rs->n; r2++) {
            const srow *o = tr->rs->rows[r2];
            if (!row_key_cmp(t, o, row)) continue;
            bool same = true;
            for (size_t k = 0; k < nc && same; k++) same = sv_eq(&o->v[ci[k]], &row->v[ci[k]]);
            if (same) {
                u->r->status = SIM_PRECONDITION_FAILED;
                res_push(u->r, "Conflict with existing key.", 2012, 0, 0);
                return false;
            }
        }
    }
    return true;
}

static bool is_key(const stable *t, size_t ci)
{
    for (size_t k = 0; k < t->npk; k++)
        if (t->pk[k] == ci) return true;
    return false;
}

/* maps input columns to table columns and checks types; map[i] = table column of input i */
static bool map_input(run *u, tref *tr, const qres *in, long *map, int kind)
{
    stable *t = tr->t;
    sim_result *r = u->r;
    for (size_t i = 0; i < in->ncols; i++) {
        map[i] = -1;
        for (size_t j = 0; j < t->ncols; j++)
            if (!strcmp(t->cols[j].name, in->names[i])) map[i] = (long)j;
        if (map[i] < 0) {
            r->status = SIM_GENERIC_ERROR;
            sim_issue *top = res_push(r, "Type annotation", 1030, 0, 0);
            char *m = xasprintf("No such column: %s, table: db.[%s]", in->names[i], t->path);
            iss_push(top, m, 0, 0, 0);
            free(m);
            return false;
        }
        for (size_t k = 0; k < i; k++)
            if (map[k] == map[i]) {
                xfail(r, NULL, "Duplicate column in input: %s", in->names[i]);
                return false;
            }
        scol *c = &t->cols[map[i]];
        ety ct = c->t;
        ety it = in->types[i];
        if (c->not_null && (it.opt || it.k == ET_NULL)) { not_null_fail(r, c->name); return false; }
        if (it.k == ET_NULL) continue;
        /* VALUES: each cell as written (a literal converts by its value); a SELECT: its types */
        for (size_t ri = 0; in->ctypes && ri < in->nrows; ri++)
            if (!fits(in->ctypes[ri][i], &in->rows[ri][i], ct)) { conv_fail(r, c->name, in->ctypes[ri][i], ct); return false; }
        if (!in->ctypes && !fits(it, NULL, ct)) { conv_fail(r, c->name, it, ct); return false; }
    }
    if (kind == S_UPDATE_ON || kind == S_DELETE_ON || kind == S_UPSERT || kind == S_INSERT || kind == S_REPLACE) {
        for (size_t k = 0; k < t->npk; k++) {
            bool have = false;
            for (size_t i = 0; i < in->ncols; i++) have |= map[i] == (long)t->pk[k];
            if (!have) {
                r->status = SIM_BAD_REQUEST;
                char *m = xasprintf("Missing key column in input: %s for table: %s", t->cols[t->pk[k]].name, t->path);
                res_push(r, m, 0, 0, 0);
                free(m);
                return false;
            }
        }
    }
    if (kind == S_UPSERT || kind == S_INSERT || kind == S_REPLACE) {
        for (size_t j = 0; j < t->ncols; j++) {
            if (!t->cols[j].not_null || t->cols[j].has_def) continue;
            bool have = false;
            for (size_t i = 0; i < in->ncols; i++) have |= map[i] == (long)j;
            if (!have) {
                r->status = SIM_BAD_REQUEST;
                char *m = xasprintf("Missing not null column in input: %s. All not null columns should be initialized", t->cols[j].name);
                res_push(r, m, 0, 0, 0);
                free(m);
                return false;
            }
        }
    }
    return true;
}

/* builds a full-width row from input row i; fills defaults for absent columns */
static srow *make_row(run *u, tref *tr, const qres *in, const long *map, size_t ri, bool **mask_out, bool defaults)
{
    stable *t = tr->t;
    srow *row = row_new(t->ncols);
    bool *mask = xcalloc(t->ncols ? t->ncols : 1, sizeof *mask);
    for (size_t j = 0; j < t->ncols; j++)
        if (defaults && t->cols[j].has_def) row->v[j] = sv_copy(&t->cols[j].def);
    for (size_t i = 0; i < in->ncols; i++) {
        size_t j = (size_t)map[i];
        sim_value cv;
        if (in->rows[ri][i].kind == SIM_V_NULL) {
            if (t->cols[j].not_null) { not_null_fail(u->r, t->cols[j].name); goto bad; }
            cv = sv_null();
        } else if (!conv_value(in->ctypes ? in->ctypes[ri][i] : in->types[i], &in->rows[ri][i], t->cols[j].t, &cv,
                               (in->ctypes ? in->ctypes[ri][i] : in->types[i]).lit)) {
            u->r->status = SIM_BAD_REQUEST;
            char *m = xasprintf("Value out of range for column %s", t->cols[j].name); /* guess */
            res_push(u->r, m, 0, 0, 0);
            free(m);
            goto bad;
        }
        sv_free(&row->v[j]);
        row->v[j] = cv;
        mask[j] = true;
    }
    *mask_out = mask;
    return row;
bad:
    free(mask);
    row_unref(row);
    return NULL;
}

static bool input_rows(run *u, const stmt *s, qres *in)
{
    memset(in, 0, sizeof *in);
    if (s->sel) {
        if (!run_select(u, s->sel, in)) return false;
        if (!s->nicols) return true; /* the SELECT's column names are the table's */
        /* a column list takes the SELECT's columns by position (YQL's TModifyBySource) */
        if (in->ncols != s->nicols) {
            res_fail(u->r, SIM_GENERIC_ERROR, 0, "SELECT has %zu columns, %s expects: %zu", in->ncols,
                     s->kind == S_UPSERT ? "UPSERT INTO" : s->kind == S_INSERT ? "INSERT INTO" : "REPLACE INTO",
                     s->nicols);
            qres_free(in);
            return false;
        }
        for (size_t i = 0; i < s->nicols; i++) {
            free(in->names[i]);
            in->names[i] = xstrdup(s->icols[i]);
        }
        return true;
    }
    ctx c = u->base;
    c.src = NULL;
    in->ncols = s->nicols;
    in->names = xcalloc(s->nicols ? s->nicols : 1, sizeof *in->names);
    in->types = xcalloc(s->nicols ? s->nicols : 1, sizeof *in->types);
    for (size_t i = 0; i < s->nicols; i++) in->names[i] = xstrdup(s->icols[i]);
    for (size_t ri = 0; ri < s->nrows; ri++) {
        sim_value *row = xcalloc(s->nicols ? s->nicols : 1, sizeof *row);
        in->ctypes = xrealloc(in->ctypes, sizeof *in->ctypes * (in->nrows + 1));
        in->ctypes[in->nrows] = xcalloc(s->nicols ? s->nicols : 1, sizeof **in->ctypes);
        qres_push(in, row);
        for (size_t i = 0; i < s->nicols; i++) {
            tv v;
            if (!eval(&c, s->rows[ri][i], &v, 0)) { qres_free(in); return false; }
            row[i] = v.v;
            in->ctypes[ri][i] = v.t;
            if (ri == 0 || in->types[i].k == ET_NULL) in->types[i] = v.t;
            else if (v.t.k != ET_NULL && (v.t.k != in->types[i].k || v.t.prim != in->types[i].prim)) {
                /* rows of VALUES must agree; literal ints are widened */
                if (!(v.t.k == ET_PRIM && in->types[i].k == ET_PRIM && prim_is_int(v.t.prim) && prim_is_int(in->types[i].prim))) {
                    xfail(u->r, s->rows[ri][i], "VALUES rows have different types for column %s", s->icols[i]);
                    qres_free(in);
                    return false;
                }
            }
            if (v.t.opt || v.t.k == ET_NULL) in->types[i].opt = true;
        }
    }
    if (!s->nrows && s->rows == NULL && !s->sel) return true;
    return true;
}

static bool do_write(run *u, const stmt *s)
{
    tref tr;
    if (!open_table(u, s->table, "KiWriteTable!", true, &tr)) return false;
    qres in;
    bool ok = false;
    long *map = NULL;
    if (!input_rows(u, s, &in)) { tref_free(&tr); return false; }
    map = xcalloc(in.ncols ? in.ncols : 1, sizeof *map);
    if (!map_input(u, &tr, &in, map, s->kind)) goto done;
    if (s->kind == S_INSERT || s->kind == S_UPDATE_ON) mark_read(&tr);
    for (size_t ri = 0; ri < in.nrows; ri++) {
        bool *mask = NULL;
        srow *row;
        if (s->kind == S_DELETE_ON) {
            row = make_row(u, &tr, &in, map, ri, &mask, false);
            if (!row) goto done;
            free(mask);
            tt_write(tr.tt, tr.t, W_DELETE, row, NULL);
            continue;
        }
        if (s->kind == S_UPDATE_ON) {
            row = make_row(u, &tr, &in, map, ri, &mask, false);
            if (!row) goto done;
            long at = rs_find(tr.t, tr.rs, row);
            if (at < 0) { row_unref(row); free(mask); continue; }
            srow *o = tr.tt->rs->rows[at];
            srow *n = row_new(tr.t->ncols);
            for (size_t j = 0; j < tr.t->ncols; j++) n->v[j] = sv_copy(mask[j] ? &row->v[j] : &o->v[j]);
            row_unref(row);
            free(mask);
            if (!check_unique(u, &tr, n)) { row_unref(n); goto done; }
            tt_write(tr.tt, tr.t, W_REPLACE, n, NULL);
            tr.rs = tr.tt->rs;
            continue;
        }
        row = make_row(u, &tr, &in, map, ri, &mask, true);
        if (!row) goto done;
        if (s->kind == S_INSERT && rs_find(tr.t, tr.tt->rs, row) >= 0) {
            row_unref(row);
            free(mask);
            u->r->status = SIM_PRECONDITION_FAILED;
            sim_issue *top = res_push(u->r, "Execution", 1060, 0, 0);
            iss_push(top, "Conflict with existing key.", 2012, 0, 0);
            goto done;
        }
        if (!check_unique(u, &tr, row)) { row_unref(row); free(mask); goto done; }
        if (s->kind == S_UPSERT) tt_write(tr.tt, tr.t, W_UPSERT, row, mask);
        else { free(mask); tt_write(tr.tt, tr.t, W_REPLACE, row, NULL); }
        tr.rs = tr.tt->rs;
    }
    ok = true;
done:
    free(map);
    qres_free(&in);
    tref_free(&tr);
    return ok;
}

static bool refs_column(const expr *x, char **cols, size_t n)
{
    if (!x) return false;
    if (x->kind == E_COL)
        for (size_t i = 0; i < n; i++)
            if (!strcmp(cols[i], x->name)) return true;
    if (refs_column(x->a, cols, n) || refs_column(x->b, cols, n) || refs_column(x->c, cols, n)) return true;
    for (size_t i = 0; i < x->n; i++)
        if (refs_column(x->list[i], cols, n)) return true;
    return false;
}

static bool do_update_delete(run *u, const stmt *s)
{
    bool upd = s->kind == S_UPDATE || s->kind == S_BATCH_UPDATE;
    tref tr;
    if (!open_table(u, s->table, "KiWriteTable!", true, &tr)) return false;
    mark_read(&tr);
    stable *t = tr.t;
    ctx c = u->base;
    source src = {.ncols = t->ncols, .names = (const char *const *)tr.names, .types = tr.types, .row = NULL};
    c.src = &src;
    bool ok = false;
    long *map = xcalloc(s->nset ? s->nset : 1, sizeof *map);
    srow **targets = NULL;
    size_t ntargets = 0;
    if (upd) {
        if (s->kind == S_BATCH_UPDATE) {
            for (size_t i = 0; i < s->nset; i++)
                if (refs_column(s->setvals[i], s->setcols, s->nset)) {
                    u->r->status = SIM_GENERIC_ERROR; /* text guess */
                    res_push(u->r, "BATCH UPDATE is supported only for idempotent updates: SET may not reference the updated columns", 0, 0, 0);
                    goto done;
                }
        }
        for (size_t i = 0; i < s->nset; i++) {
            map[i] = -1;
            for (size_t j = 0; j < t->ncols; j++)
                if (!strcmp(t->cols[j].name, s->setcols[i])) map[i] = (long)j;
            if (map[i] < 0) {
                u->r->status = SIM_GENERIC_ERROR;
                sim_issue *top = res_push(u->r, "Type annotation", 1030, 0, 0);
                char *m = xasprintf("Column '%s' does not exist in table '%s'.", s->setcols[i], t->path);
                iss_push(top, m, 0, 0, 0);
                free(m);
                goto done;
            }
            if (is_key(t, (size_t)map[i])) {
                u->r->status = SIM_GENERIC_ERROR;
                sim_issue *top = res_push(u->r, "Type annotation", 1030, 0, 0);
                char *m = xasprintf("Cannot update primary key column: %s", s->setcols[i]);
                iss_push(top, m, 0, 0, 0);
                free(m);
                goto done;
            }
            /* type check by probe */
            tv pv;
            if (!eval(&c, s->setvals[i], &pv, 0)) goto done;
            scol *col = &t->cols[map[i]];
            if (col->not_null && (pv.t.opt || pv.t.k == ET_NULL)) { not_null_fail(u->r, col->name); sv_free(&pv.v); goto done; }
            /* the type check is the compiler's, rows or no rows: a literal by its value, the
             * rest by type (the probe evaluates columns as NULL) */
            if (!fits(pv.t, pv.t.lit ? &pv.v : NULL, col->t)) { conv_fail(u->r, col->name, pv.t, col->t); sv_free(&pv.v); goto done; }
            sv_free(&pv.v);
        }
    }
    { bool w; if (!where_ok(&c, s->where, &w)) goto done; } /* type check */
    for (size_t i = 0; i < tr.rs->n; i++) {
        src.row = tr.rs->rows[i]->v;
        bool pass;
        if (!where_ok(&c, s->where, &pass)) goto done;
        if (!pass) continue;
        targets = xrealloc(targets, sizeof *targets * (ntargets + 1));
        targets[ntargets++] = row_ref(tr.rs->rows[i]);
    }
    for (size_t k = 0; k < ntargets; k++) {
        srow *o = targets[k];
        if (!upd) { tt_write(tr.tt, t, W_DELETE, row_ref(o), NULL); continue; }
        src.row = o->v;
        srow *n = row_new(t->ncols);
        for (size_t j = 0; j < t->ncols; j++) n->v[j] = sv_copy(&o->v[j]);
        for (size_t i = 0; i < s->nset; i++) {
            tv v;
            if (!eval(&c, s->setvals[i], &v, 0)) { row_unref(n); goto done; }
            scol *col = &t->cols[map[i]];
            sim_value cv = sv_null();
            if (!is_null(&v) && !conv_value(v.t, &v.v, col->t, &cv, v.t.lit)) {
                sv_free(&v.v);
                row_unref(n);
                conv_fail(u->r, col->name, v.t, col->t);
                goto done;
            }
            sv_free(&v.v);
            sv_free(&n->v[map[i]]);
            n->v[map[i]] = cv;
        }
        if (!check_unique(u, &tr, n)) { row_unref(n); goto done; }
        tt_write(tr.tt, t, W_REPLACE, n, NULL);
        tr.rs = tr.tt->rs;
    }
    ok = true;
done:
    for (size_t k = 0; k < ntargets; k++) row_unref(targets[k]);
    free(targets);
    free(map);
    tref_free(&tr);
    return ok;
}

static void emit_set(sim_result *r, qres *q)
{
    r->sets = xrealloc(r->sets, sizeof *r->sets * (r->nsets + 1));
    sim_result_set *rs = &r->sets[r->nsets++];
    memset(rs, 0, sizeof *rs);
    rs->ncolumns = q->ncols;
    rs->columns = xcalloc(q->ncols ? q->ncols : 1, sizeof *rs->columns);
    for (size_t i = 0; i < q->ncols; i++) {
        rs->columns[i].name = q->names[i];
        q->names[i] = NULL;
        rs->columns[i].type = st_from_ety(q->types[i]);
    }
    rs->nrows = q->nrows;
    rs->rows = xcalloc(q->nrows ? q->nrows : 1, sizeof *rs->rows);
    for (size_t i = 0; i < q->nrows; i++) {
        rs->rows[i] = sv_null();
        rs->rows[i].kind = SIM_V_ITEMS;
        rs->rows[i].items = q->rows[i];
        rs->rows[i].nitems = q->ncols;
        q->rows[i] = NULL;
    }
    q->nrows = 0;
    qres_free(q);
}

void exec_dml(sim_engine *e, sim_tx *tx, stmt **st, size_t n, const sim_param *params,
              size_t nparams, sim_result *r)
{
    run u;
    memset(&u, 0, sizeof u);
    u.e = e;
    u.tx = tx;
    u.r = r;
    u.base.e = e;
    u.base.params = params;
    u.base.nparams = nparams;
    u.base.st = st;
    u.base.nst = n;
    u.base.r = r;
    for (size_t i = 0; i < n && r->status == SIM_SUCCESS; i++) {
        stmt *s = st[i];
        switch (s->kind) {
        case S_PRAGMA:
            if (!strcasecmp(s->name, "TablePathPrefix")) u.prefix = s->pragma_value;
            break;
        case S_DECLARE: break;
        case S_SELECT: {
            qres q;
            if (run_select(&u, s->sel, &q)) emit_set(r, &q);
            break;
        }
        case S_UPSERT: case S_INSERT: case S_REPLACE: case S_UPDATE_ON: case S_DELETE_ON:
            do_write(&u, s);
            break;
        case S_UPDATE: case S_DELETE: case S_BATCH_UPDATE: case S_BATCH_DELETE:
            do_update_delete(&u, s);
            break;
        default:
            r->status = SIM_GENERIC_ERROR;
            res_push(r, "ydbsim does not support this statement here", 0, s->line, s->col);
        }
    }
    if (r->status != SIM_SUCCESS && r->nsets) {
        /* no partial result sets on failure */
        sim_result sets;
        memset(&sets, 0, sizeof sets);
        sets.sets = r->sets;
        sets.nsets = r->nsets;
        r->sets = NULL;
        r->nsets = 0;
        sim_result_free(&sets);
    }
}
