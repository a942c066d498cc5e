/* yql_expr.c - ydbsim's YQL parser: types and expressions (literals, operators by precedence,
 * CAST, IN, BETWEEN, aggregates). */
#include "yql_int.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <strings.h>

/* ---- types ---- */
void skip_angle(parser *ps)
{
    int depth = 0;
    do {
        if (ps->tok.kind == T_EOF) mismatch(ps, "'>'");
        if (is_p(&ps->tok, "<")) depth++;
        else if (is_p(&ps->tok, ">")) depth--;
        else if (is_p(&ps->tok, ">>")) depth -= 2;
        else if (is_p(&ps->tok, "<<")) depth += 2;
        next(ps);
    } while (depth > 0);
}

/* "P, S" of Decimal(P, S) (the type, or a literal's constructor): checked and set in *t;
 * (line, col) is where the Decimal stands, for the error */
static void decimal_params(parser *ps, uint32_t line, uint32_t col, ety *t)
{
    if (ps->tok.kind != T_INT) mismatch(ps, "integer");
    long p = strtol(ps->tok.text, NULL, 10);
    next(ps);
    expect_p(ps, ",");
    if (ps->tok.kind != T_INT) mismatch(ps, "integer");
    long s = strtol(ps->tok.text, NULL, 10);
    next(ps);
    if (p < 1 || p > 35 || s < 0 || s > p)
        fail_at(ps, line, col, false, "Invalid decimal parameters: Decimal(%ld,%ld)", p, s);
    t->k = ET_DEC;
    t->prec = (uint8_t)p;
    t->scale = (uint8_t)s;
}

/* parse a type; sets *bad for containers/Tz types (name in *badname), *serial for serials */
ety parse_type(parser *ps, bool *bad, char **badname, bool *serial)
{
    ety t;
    memset(&t, 0, sizeof t);
    enter(ps);
    if (ps->tok.kind != T_IDENT) mismatch(ps, "type name");
    const char *nm = ps->tok.text;
    uint32_t line = ps->tok.line, col = ps->tok.col;
    if (!strcasecmp(nm, "Optional")) {
        next(ps);
        expect_p(ps, "<");
        t = parse_type(ps, bad, badname, serial);
        expect_p(ps, ">");
        if (t.opt && bad) { *bad = true; *badname = "Optional"; }
        t.opt = true;
    } else if (!strcasecmp(nm, "Decimal")) {
        next(ps);
        expect_p(ps, "(");
        decimal_params(ps, line, col, &t);
        expect_p(ps, ")");
    } else if (!strcasecmp(nm, "List") || !strcasecmp(nm, "Struct") || !strcasecmp(nm, "Tuple") ||
               !strcasecmp(nm, "Dict") || !strcasecmp(nm, "Set") || !strcasecmp(nm, "Variant") ||
               !strcasecmp(nm, "Tagged") || !strcasecmp(nm, "Stream") || !strcasecmp(nm, "Flow")) {
        next(ps);
        if (!is_p(&ps->tok, "<")) mismatch(ps, "'<'");
        skip_angle(ps);
        if (!bad) fail_at(ps, line, col, true, "ydbsim does not support container types here");
        *bad = true;
        *badname = "container";
        t.k = ET_OTHER;
    } else if (!strncasecmp(nm, "Tz", 2) || !strcasecmp(nm, "Void") || !strcasecmp(nm, "Unit") ||
               !strcasecmp(nm, "Null")) {
        if (!bad) fail_at(ps, line, col, true, "ydbsim does not support type %s here", nm);
        *bad = true;
        *badname = ps->tok.text;
        next(ps);
        t.k = ET_OTHER;
    } else {
        sim_prim p;
        bool ser = false;
        if (!strcasecmp(nm, "SmallSerial") || !strcasecmp(nm, "Serial2")) { p = SIM_INT16; ser = true; }
        else if (!strcasecmp(nm, "Serial") || !strcasecmp(nm, "Serial4")) { p = SIM_INT32; ser = true; }
        else if (!strcasecmp(nm, "BigSerial") || !strcasecmp(nm, "Serial8")) { p = SIM_INT64; ser = true; }
        else if (!prim_lookup(nm, &p))
            fail_at(ps, line, col, false, "Unknown simple type '%s'", nm);
        if (ser) {
            if (!serial) fail_at(ps, line, col, false, "Unknown simple type '%s'", nm);
            *serial = true;
        }
        next(ps);
        t.k = ET_PRIM;
        t.prim = p;
    }
    while (is_p(&ps->tok, "?")) { next(ps); t.opt = true; }
    ps->depth--;
    return t;
}

/* ---- expressions ---- */
static expr *new_expr(parser *ps, int kind)
{
    expr *e = aalloc(ps->ar, sizeof *e);
    e->kind = kind;
    e->line = ps->tok.line;
    e->col = ps->tok.col;
    return e;
}

static expr *int_literal(parser *ps, const token *t, bool neg)
{
    expr *e = new_expr(ps, E_LIT);
    e->line = t->line;
    e->col = t->col;
    errno = 0;
    char *end;
    unsigned long long u = strtoull(t->text, &end, 0);
    if (errno || *end) fail_at(ps, t->line, t->col, false, "Failed to parse number from string: %s", t->text);
    const char *sfx = t->suffix;
    sim_prim p;
    if (!*sfx) {
        if (neg ? u <= 2147483648ull : u <= 2147483647ull) p = SIM_INT32;
        else if (neg ? u <= 9223372036854775808ull : u <= 9223372036854775807ull) p = SIM_INT64;
        else if (!neg) p = SIM_UINT64;
        else fail_at(ps, t->line, t->col, false, "Failed to parse number from string: -%s", t->text);
    } else if (!strcmp(sfx, "u")) p = SIM_UINT32;
    else if (!strcmp(sfx, "ul")) p = SIM_UINT64;
    else if (!strcmp(sfx, "l")) p = SIM_INT64;
    else if (!strcmp(sfx, "s")) p = SIM_INT16;
    else if (!strcmp(sfx, "us")) p = SIM_UINT16;
    else if (!strcmp(sfx, "t")) p = SIM_INT8;
    else if (!strcmp(sfx, "ut")) p = SIM_UINT8;
    else if (!strcmp(sfx, "f")) {
        e->t.k = ET_PRIM; e->t.prim = SIM_FLOAT;
        e->v.kind = SIM_V_DOUBLE; e->v.d = (float)(neg ? -(double)u : (double)u);
        return e;
    } else if (!strcmp(sfx, "p") || !strcmp(sfx, "pt") || !strcmp(sfx, "pi") || !strcmp(sfx, "pb") || !strcmp(sfx, "pn"))
        fail_at(ps, t->line, t->col, true, "ydbsim does not support PostgreSQL literals");
    else fail_at(ps, t->line, t->col, false, "Invalid numeric literal suffix: %s", sfx);
    if (!(neg ? int_fits(p, true, (int64_t)(0 - u), 0) || u == 0 : int_fits(p, false, 0, u)))
        fail_at(ps, t->line, t->col, false, "Failed to parse number from string: %s%s", neg ? "-" : "", t->text);
    e->t.k = ET_PRIM;
    e->t.prim = p;
    if (prim_is_unsigned(p)) {
        if (neg && u) fail_at(ps, t->line, t->col, false, "Failed to parse number from string: -%s", t->text);
        e->v.kind = SIM_V_U64;
        e->v.u64 = u;
    } else {
        e->v.kind = SIM_V_I64;
        e->v.i64 = neg ? (int64_t)(0 - u) : (int64_t)u;
    }
    return e;
}

/* copy an arena string literal into a malloc'd value owned by the expr (freed in expr_free) */
static expr *string_literal(parser *ps, const token *t)
{
    expr *e = new_expr(ps, E_LIT);
    e->line = t->line;
    e->col = t->col;
    sim_prim p = SIM_STRING;
    const char *sfx = t->suffix;
    if (!*sfx || !strcmp(sfx, "s")) p = SIM_STRING;
    else if (!strcmp(sfx, "u")) p = SIM_UTF8;
    else if (!strcmp(sfx, "y")) p = SIM_YSON;
    else if (!strcmp(sfx, "j")) p = SIM_JSON;
    else fail_at(ps, t->line, t->col, false, "Invalid string literal suffix: %s", sfx);
    e->t.k = ET_PRIM;
    e->t.prim = p;
    e->v.kind = SIM_V_BYTES;
    e->v.bytes = t->text; /* arena memory: never freed separately */
    e->v.len = t->tlen;
    return e;
}

/* Type(text) with a string literal: the value of type ty (at the constructor's token); text
 * the type does not take fails at (line, col) */
static expr *typed_literal(parser *ps, const token *at, ety ty, const char *text, size_t len, uint32_t line,
                           uint32_t col)
{
    expr *e = new_expr(ps, E_LIT);
    e->line = at->line; e->col = at->col;
    e->t = ty;
    if (!value_from_text(ty, text, len, &e->v)) {
        char *tn = ety_name(ty);
        const char *name = adup(ps, tn, strlen(tn));
        free(tn);
        fail_at(ps, line, col, false, "Invalid value \"%.64s\" for type %s", text, name);
    }
    if (e->v.kind == SIM_V_BYTES) { /* move to the arena */
        char *b = adup(ps, e->v.bytes, e->v.len);
        free(e->v.bytes);
        e->v.bytes = b;
    }
    return e;
}

/* CAST(arg AS ty), at the token at */
static expr *cast_expr(parser *ps, const token *at, expr *arg, ety ty)
{
    expr *e = new_expr(ps, E_CAST);
    e->line = at->line; e->col = at->col;
    e->a = arg;
    e->t = ty;
    return e;
}

bool is_type_ctor(const char *nm, sim_prim *p)
{
    static const char *ok[] = {"Bool", "Int8", "Uint8", "Int16", "Uint16", "Int32", "Uint32", "Int64",
        "Uint64", "Float", "Double", "Date", "Datetime", "Timestamp", "Interval", "Date32",
        "Datetime64", "Timestamp64", "Interval64", "String", "Utf8", "Yson", "Json", "Uuid",
        "JsonDocument", "DyNumber"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcasecmp(ok[i], nm)) return prim_lookup(nm, p);
    return false;
}

expr *parse_primary(parser *ps)
{
    token t = ps->tok;
    if (t.kind == T_INT) { next(ps); return int_literal(ps, &t, false); }
    if (t.kind == T_FLOAT) {
        next(ps);
        expr *e = new_expr(ps, E_LIT);
        e->line = t.line; e->col = t.col;
        e->t.k = ET_PRIM;
        e->v.kind = SIM_V_DOUBLE;
        e->v.d = strtod(t.text, NULL);
        if (!strcmp(t.suffix, "f")) { e->t.prim = SIM_FLOAT; e->v.d = (float)e->v.d; }
        else if (!*t.suffix) e->t.prim = SIM_DOUBLE;
        else fail_at(ps, t.line, t.col, false, "Invalid numeric literal suffix: %s", t.suffix);
        return e;
    }
    if (t.kind == T_STRING) { next(ps); return string_literal(ps, &t); }
    if (t.kind == T_PARAM) {
        next(ps);
        expr *e = new_expr(ps, E_PARAM);
        e->line = t.line; e->col = t.col;
        e->name = t.text;
        return e;
    }
    if (is_p(&t, "(")) {
        next(ps);
        if (is_kw(&ps->tok, "SELECT")) unsupported(ps, "subqueries");
        expr *e = parse_expr(ps);
        if (is_p(&ps->tok, ",")) { /* a tuple: a comparison's operand (parse_cmp) */
            expr *tu = new_expr(ps, E_TUPLE);
            tu->line = t.line; tu->col = t.col;
            PUSH(ps, tu->list, tu->n, e);
            while (accept_p(ps, ",") && !is_p(&ps->tok, ")")) PUSH(ps, tu->list, tu->n, parse_expr(ps));
            e = tu;
        }
        expect_p(ps, ")");
        return e;
    }
    if (t.kind == T_QIDENT) {
        next(ps);
        expr *e = new_expr(ps, E_COL);
        e->line = t.line; e->col = t.col;
        e->name = t.text;
        if (accept_p(ps, ".")) e->name = ident(ps, "column name"); /* alias.col */
        return e;
    }
    if (t.kind != T_IDENT) mismatch(ps, "expression");
    if (is_kw(&t, "NULL")) {
        next(ps);
        expr *e = new_expr(ps, E_LIT);
        e->line = t.line; e->col = t.col;
        e->t.k = ET_NULL;
        e->v = sv_null();
        return e;
    }
    if (is_kw(&t, "TRUE") || is_kw(&t, "FALSE")) {
        next(ps);
        expr *e = new_expr(ps, E_LIT);
        e->line = t.line; e->col = t.col;
        e->t.k = ET_PRIM;
        e->t.prim = SIM_BOOL;
        e->v.kind = SIM_V_BOOL;
        e->v.b = is_kw(&t, "TRUE");
        return e;
    }
    if (is_kw(&t, "CAST")) {
        next(ps);
        expect_p(ps, "(");
        expr *arg = parse_expr(ps);
        expect_kw(ps, "AS");
        ety ty = parse_type(ps, NULL, NULL, NULL);
        expect_p(ps, ")");
        return cast_expr(ps, &t, arg, ty);
    }
    static const char *reserved[] = {"SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "IN", "IS",
        "AS", "ON", "SET", "VALUES", "ORDER", "BY", "LIMIT", "GROUP", "HAVING", "JOIN", "UNION",
        "CASE", "WHEN", "THEN", "ELSE", "END", "EXISTS", "BETWEEN", "LIKE", "OFFSET", "INTO"};
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++)
        if (is_kw(&t, reserved[i])) {
            if (!strcasecmp(t.text, "CASE")) unsupported(ps, "CASE expressions");
            if (!strcasecmp(t.text, "EXISTS")) unsupported(ps, "EXISTS");
            mismatch(ps, "expression");
        }
    next(ps);
    if (is_p(&ps->tok, "(")) {
        /* a function call */
        next(ps);
        sim_prim p;
        if (!strcasecmp(t.text, "COUNT") || !strcasecmp(t.text, "MIN") || !strcasecmp(t.text, "MAX") ||
            !strcasecmp(t.text, "SUM")) {
            expr *e = new_expr(ps, E_AGG);
            e->line = t.line; e->col = t.col;
            e->op = !strcasecmp(t.text, "COUNT") ? AGG_COUNT : !strcasecmp(t.text, "MIN") ? AGG_MIN
                  : !strcasecmp(t.text, "MAX") ? AGG_MAX : AGG_SUM;
            if (accept_kw(ps, "DISTINCT")) unsupported(ps, "aggregation with DISTINCT");
            if (e->op == AGG_COUNT && accept_p(ps, "*")) e->kind = E_COUNT_STAR;
            else e->a = parse_expr(ps);
            expect_p(ps, ")");
            return e;
        }
        if (!strcasecmp(t.text, "Version")) { /* the server's version: known when it runs (engine) */
            expect_p(ps, ")");
            expr *e = new_expr(ps, E_VERSION);
            e->line = t.line; e->col = t.col;
            return e;
        }
        if (!strcasecmp(t.text, "Decimal")) {
            if (ps->tok.kind != T_STRING) mismatch(ps, "string literal");
            token s = ps->tok;
            next(ps);
            expect_p(ps, ",");
            ety ty;
            memset(&ty, 0, sizeof ty);
            decimal_params(ps, t.line, t.col, &ty);
            expect_p(ps, ")");
            return typed_literal(ps, &t, ty, s.text, s.tlen, s.line, s.col);
        }
        if (!strcasecmp(t.text, "CurrentUtcTimestamp") || !strcasecmp(t.text, "CurrentUtcDatetime") ||
            !strcasecmp(t.text, "CurrentUtcDate")) {
            while (!is_p(&ps->tok, ")")) { /* arguments are only dependency hints */
                (void)parse_expr(ps);
                if (!accept_p(ps, ",")) break;
            }
            expect_p(ps, ")");
            struct timespec ts;
            clock_gettime(CLOCK_REALTIME, &ts);
            expr *e = new_expr(ps, E_LIT);
            e->line = t.line; e->col = t.col;
            e->t.k = ET_PRIM;
            e->v.kind = SIM_V_U64;
            if (!strcasecmp(t.text, "CurrentUtcTimestamp")) {
                e->t.prim = SIM_TIMESTAMP;
                e->v.u64 = (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
            } else if (!strcasecmp(t.text, "CurrentUtcDatetime")) {
                e->t.prim = SIM_DATETIME;
                e->v.u64 = (uint64_t)ts.tv_sec;
            } else {
                e->t.prim = SIM_DATE;
                e->v.u64 = (uint64_t)ts.tv_sec / 86400u;
            }
            return e;
        }
        if (is_type_ctor(t.text, &p)) {
            expr *arg = parse_expr(ps);
            expect_p(ps, ")");
            ety ty;
            memset(&ty, 0, sizeof ty);
            ty.k = ET_PRIM;
            ty.prim = p;
            if (arg->kind == E_LIT && arg->v.kind == SIM_V_BYTES)
                return typed_literal(ps, &t, ty, arg->v.bytes, arg->v.len, arg->line, arg->col);
            expr *e = cast_expr(ps, &t, arg, ty);
            e->negate = true; /* constructor: no Optional on failure would be a compile error; we cast */
            return e;
        }
        if (!strcasecmp(t.text, "Unwrap")) {
            expr *e = new_expr(ps, E_UNWRAP);
            e->line = t.line; e->col = t.col;
            e->a = parse_expr(ps);
            if (accept_p(ps, ",")) e->b = parse_expr(ps);
            expect_p(ps, ")");
            return e;
        }
        fail_at(ps, t.line, t.col, true, "ydbsim does not support function %s", t.text);
    }
    if (is_p(&ps->tok, "::")) fail_at(ps, t.line, t.col, true, "ydbsim does not support module functions (%s::...)", t.text);
    expr *e = new_expr(ps, E_COL);
    e->line = t.line; e->col = t.col;
    e->name = t.text;
    if (accept_p(ps, ".")) {
        if (accept_p(ps, "*")) unsupported(ps, "alias.* projections");
        e->name = ident(ps, "column name");
    }
    return e;
}

expr *parse_unary(parser *ps)
{
    enter(ps);
    expr *e;
    if (is_p(&ps->tok, "-")) {
        token m = ps->tok;
        next(ps);
        if (ps->tok.kind == T_INT) {
            token t = ps->tok;
            next(ps);
            e = int_literal(ps, &t, true);
        } else {
            e = new_expr(ps, E_NEG);
            e->line = m.line; e->col = m.col;
            e->a = parse_unary(ps);
        }
    } else if (is_p(&ps->tok, "+")) {
        next(ps);
        e = parse_unary(ps);
    } else if (is_p(&ps->tok, "~")) {
        unsupported(ps, "bitwise operators");
    } else {
        e = parse_primary(ps);
    }
    if (is_p(&ps->tok, "[")) unsupported(ps, "subscripts");
    if (is_p(&ps->tok, ".")) unsupported(ps, "member access");
    ps->depth--;
    return e;
}

static expr *binary(parser *ps, int op, expr *a, expr *b, const token *t)
{
    expr *e = new_expr(ps, E_BIN);
    e->op = op;
    e->a = a;
    e->b = b;
    e->line = t->line;
    e->col = t->col;
    return e;
}

static expr *parse_mul(parser *ps)
{
    expr *e = parse_unary(ps);
    for (;;) {
        token t = ps->tok;
        int op = is_p(&t, "*") ? OP_MUL : is_p(&t, "/") ? OP_DIV : is_p(&t, "%") ? OP_MOD : -1;
        if (op < 0) return e;
        next(ps);
        e = binary(ps, op, e, parse_unary(ps), &t);
    }
}
static expr *parse_add(parser *ps)
{
    expr *e = parse_mul(ps);
    for (;;) {
        token t = ps->tok;
        int op = is_p(&t, "+") ? OP_ADD : is_p(&t, "-") ? OP_SUB : is_p(&t, "||") ? OP_CONCAT : -1;
        if (op < 0) {
            if (is_p(&t, "&") || is_p(&t, "|") || is_p(&t, "^") || is_p(&t, "<<") || is_p(&t, ">>"))
                unsupported(ps, "bitwise operators");
            return e;
        }
        next(ps);
        e = binary(ps, op, e, parse_mul(ps), &t);
    }
}

/* A comparison of two tuples, as YQL compares them (element by element, left to right),
 * written with the elements' own comparisons: (a1, a2) < (b1, b2) is
 * a1 < b1 OR (a1 = b1 AND a2 < b2); = and != compare every element. Sub-expressions are
 * shared (the tree is arena-owned and evaluation does not change it). */
static expr *tuple_cmp(parser *ps, int op, expr *a, expr *b, const token *t)
{
    if (a->kind != E_TUPLE || b->kind != E_TUPLE || a->n != b->n)
        fail_at(ps, t->line, t->col, false, "Cannot compare %s with %s", a->kind == E_TUPLE ? "a tuple" : "a value",
                b->kind == E_TUPLE && a->kind == E_TUPLE ? "a tuple of another size" : b->kind == E_TUPLE ? "a tuple" : "a value");
    if (op == OP_EQ || op == OP_NE) {
        expr *all = binary(ps, OP_EQ, a->list[0], b->list[0], t);
        for (size_t i = 1; i < a->n; i++) all = binary(ps, OP_AND, all, binary(ps, OP_EQ, a->list[i], b->list[i], t), t);
        if (op == OP_EQ) return all;
        expr *n = new_expr(ps, E_NOT);
        n->line = t->line; n->col = t->col;
        n->a = all;
        return n;
    }
    int strict = op == OP_LE ? OP_LT : op == OP_GE ? OP_GT : op;
    size_t i = a->n - 1;
    expr *e = binary(ps, op, a->list[i], b->list[i], t); /* the last element: <= stays <= */
    while (i-- > 0)
        e = binary(ps, OP_OR, binary(ps, strict, a->list[i], b->list[i], t),
                   binary(ps, OP_AND, binary(ps, OP_EQ, a->list[i], b->list[i], t), e, t), t);
    return e;
}

static expr *parse_cmp(parser *ps)
{
    enter(ps);
    expr *e = parse_add(ps);
    for (;;) {
        token t = ps->tok;
        int op = (is_p(&t, "=") || is_p(&t, "==")) ? OP_EQ : (is_p(&t, "!=") || is_p(&t, "<>")) ? OP_NE
               : is_p(&t, "<") ? OP_LT : is_p(&t, "<=") ? OP_LE : is_p(&t, ">") ? OP_GT
               : is_p(&t, ">=") ? OP_GE : -1;
        if (op >= 0) {
            next(ps);
            expr *b = parse_add(ps);
            e = e->kind == E_TUPLE || b->kind == E_TUPLE ? tuple_cmp(ps, op, e, b, &t) : binary(ps, op, e, b, &t);
            continue;
        }
        if (e->kind == E_TUPLE) unsupported(ps, "tuples outside a comparison");
        if (is_kw(&t, "IS")) {
            next(ps);
            expr *n = new_expr(ps, E_ISNULL);
            n->line = t.line; n->col = t.col;
            n->negate = accept_kw(ps, "NOT");
            expect_kw(ps, "NULL");
            n->a = e;
            e = n;
            continue;
        }
        bool neg = false;
        if (is_kw(&t, "NOT")) {
            token *pk = peek(ps);
            if (!is_kw(pk, "IN") && !is_kw(pk, "BETWEEN") && !is_kw(pk, "LIKE")) break;
            next(ps);
            neg = true;
        }
        if (accept_kw(ps, "IN")) {
            expr *n = new_expr(ps, E_IN);
            n->line = t.line; n->col = t.col;
            n->negate = neg;
            n->a = e;
            if (ps->tok.kind == T_PARAM) unsupported(ps, "IN with a list parameter");
            expect_p(ps, "(");
            if (is_kw(&ps->tok, "SELECT")) unsupported(ps, "IN (SELECT ...)");
            do {
                expr *x = parse_expr(ps);
                PUSH(ps, n->list, n->n, x);
            } while (accept_p(ps, ","));
            expect_p(ps, ")");
            e = n;
            continue;
        }
        if (accept_kw(ps, "BETWEEN")) {
            expr *n = new_expr(ps, E_BETWEEN);
            n->line = t.line; n->col = t.col;
            n->negate = neg;
            n->a = e;
            n->b = parse_add(ps);
            expect_kw(ps, "AND");
            n->c = parse_add(ps);
            e = n;
            continue;
        }
        if (is_kw(&ps->tok, "LIKE") || is_kw(&ps->tok, "ILIKE") || is_kw(&ps->tok, "REGEXP") ||
            is_kw(&ps->tok, "MATCH") || is_kw(&ps->tok, "GLOB"))
            unsupported(ps, "LIKE and pattern matching");
        break;
    }
    ps->depth--;
    return e;
}

static expr *parse_not(parser *ps)
{
    enter(ps);
    expr *e;
    if (is_kw(&ps->tok, "NOT")) {
        token t = ps->tok;
        next(ps);
        e = new_expr(ps, E_NOT);
        e->line = t.line; e->col = t.col;
        e->a = parse_not(ps);
    } else {
        e = parse_cmp(ps);
    }
    ps->depth--;
    return e;
}
static expr *parse_and(parser *ps)
{
    expr *e = parse_not(ps);
    while (is_kw(&ps->tok, "AND")) {
        token t = ps->tok;
        next(ps);
        e = binary(ps, OP_AND, e, parse_not(ps), &t);
    }
    return e;
}
expr *parse_expr(parser *ps)
{
    enter(ps);
    expr *e = parse_and(ps);
    while (is_kw(&ps->tok, "OR") || is_kw(&ps->tok, "XOR")) {
        if (is_kw(&ps->tok, "XOR")) unsupported(ps, "XOR");
        token t = ps->tok;
        next(ps);
        e = binary(ps, OP_OR, e, parse_and(ps), &t);
    }
    ps->depth--;
    return e;
}
