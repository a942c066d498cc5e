/* exec_eval.c - ydbsim: expression evaluation (parameters, comparisons, arithmetic, CAST,
 * IN, LIKE, aggregates looked up by the caller) and constant evaluation (eval_const). */
#include "exec_int.h"
#include "common/text.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- evaluation ---- */

static const sim_value null_value = {SIM_V_NULL, false, 0, 0, 0, NULL, 0, 0, 0, NULL, 0};

bool find_param(ctx *c, const expr *x, tv *out)
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

int cmp_tv(const tv *a, const tv *b, bool *ok)
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

bool want_bool(ctx *c, const expr *x, const tv *v)
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

bool eval(ctx *c, const expr *x, tv *out, int depth)
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
    case E_UNWRAP: /* YQL's: the value without its Optional; an empty one is a runtime error */
        if (!eval(c, x->a, out, depth + 1)) return false;
        if (is_null(out) && !(c->src && !c->src->row)) { /* (a typing probe's row is all NULL) */
            sv_free(&out->v);
            xfail(c->r, x, "Failed to unwrap empty optional");
            return false;
        }
        out->t.opt = false;
        return true;
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
