/* exec_conv.c - ydbsim: typed values, expression errors, and YQL's implicit conversions
 * between types (conv_value). */
#include "exec_int.h"
#include "common/text.h"

#include <stdio.h>
#include <string.h>

/* ---- typed values ---- */

bool is_null(const tv *x) { return x->t.k == ET_NULL || x->v.kind == SIM_V_NULL; }

char *tname(ety t) { return ety_name(t); }

/* errors from expressions: GENERIC_ERROR at the expression's position */
void xfail(sim_result *r, const expr *x, const char *fmt, ...)
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

bool num_as_double(const tv *x, double *d)
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
