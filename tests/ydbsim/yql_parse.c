/* yql_parse.c - ydbsim: a hand-written lexer and recursive-descent parser for the YQL subset.
 * All nodes live in an arena owned by the script; errors unwind with longjmp. Recursion is
 * bounded by MAX_DEPTH. Anything outside the subset is refused by name
 * ("ydbsim does not support ..."). */
#include "yql.h"

#include <ctype.h>
#include <errno.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#define MAX_DEPTH 200

/* ---- arena ---- */
typedef struct ablock { struct ablock *next; size_t used, cap; max_align_t data[]; } ablock;

typedef struct arena_holder { ablock *head; } arena_holder;

static void *aalloc(arena_holder *a, size_t n)
{
    n = (n + sizeof(max_align_t) - 1) / sizeof(max_align_t) * sizeof(max_align_t);
    if (!a->head || a->head->cap - a->head->used < n) {
        size_t cap = n > 8192 ? n : 8192;
        ablock *b = xmalloc(sizeof *b + cap);
        b->next = a->head;
        b->used = 0;
        b->cap = cap;
        a->head = b;
    }
    void *p = (char *)a->head->data + a->head->used;
    a->head->used += n;
    memset(p, 0, n);
    return p;
}

/* ---- lexer ---- */
enum { T_EOF, T_IDENT, T_QIDENT, T_STRING, T_INT, T_FLOAT, T_PARAM, T_PUNCT };

typedef struct token {
    int kind;
    const char *p;      /* start in text */
    size_t len;
    char *text;         /* ident/qident/param name (without $); string contents */
    size_t tlen;
    char suffix[4];     /* literal suffix, lower-case */
    uint32_t line, col;
} token;

typedef struct parser {
    const char *src;
    const char *p;
    uint32_t line;
    const char *line_start;
    token tok, peek;
    bool has_peek;
    arena_holder *ar;
    jmp_buf jb;
    char *err;
    uint32_t err_line, err_col;
    bool unsupported;
    int depth;
} parser;

static _Noreturn void fail_at(parser *ps, uint32_t line, uint32_t col, bool unsupported, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static _Noreturn void fail_at(parser *ps, uint32_t line, uint32_t col, bool unsupported, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char buf[512];
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    ps->err = xstrdup(buf);
    ps->err_line = line;
    ps->err_col = col;
    ps->unsupported = unsupported;
    longjmp(ps->jb, 1);
}

static char *adup(parser *ps, const char *s, size_t n)
{
    char *d = aalloc(ps->ar, n + 1);
    memcpy(d, s, n);
    d[n] = 0;
    return d;
}

static void skip_ws(parser *ps)
{
    for (;;) {
        const char *p = ps->p;
        if (*p == '\n') { ps->line++; ps->p++; ps->line_start = ps->p; continue; }
        if (isspace((unsigned char)*p)) { ps->p++; continue; }
        if (p[0] == '-' && p[1] == '-') {
            while (*ps->p && *ps->p != '\n') ps->p++;
            continue;
        }
        if (p[0] == '/' && p[1] == '*') {
            ps->p += 2;
            while (*ps->p && !(ps->p[0] == '*' && ps->p[1] == '/')) {
                if (*ps->p == '\n') { ps->line++; ps->line_start = ps->p + 1; }
                ps->p++;
            }
            if (!*ps->p) fail_at(ps, ps->line, 0, false, "Unterminated comment");
            ps->p += 2;
            continue;
        }
        return;
    }
}

static void lex_string(parser *ps, token *t, char q)
{
    const char *p = ps->p + 1;
    size_t cap = 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (!*p) { free(buf); fail_at(ps, t->line, t->col, false, "Unexpected end of string literal"); }
        char c = *p++;
        if (c == q) {
            if (*p == q) { p++; } /* doubled quote */
            else break;
        } else if (c == '\\') {
            char e = *p++;
            switch (e) {
            case 'n': c = '\n'; break;
            case 't': c = '\t'; break;
            case 'r': c = '\r'; break;
            case '0': c = 0; break;
            case 'x': {
                int h = 0;
                for (int i = 0; i < 2; i++) {
                    char d = *p;
                    int v = isdigit((unsigned char)d) ? d - '0' : (d >= 'a' && d <= 'f') ? d - 'a' + 10 : (d >= 'A' && d <= 'F') ? d - 'A' + 10 : -1;
                    if (v < 0) { free(buf); fail_at(ps, t->line, t->col, false, "Invalid escape in string literal"); }
                    h = h * 16 + v;
                    p++;
                }
                c = (char)h;
                break;
            }
            case 0: free(buf); fail_at(ps, t->line, t->col, false, "Unexpected end of string literal");
            default: c = e; break;
            }
        } else if (c == '\n') {
            ps->line++;
            ps->line_start = p;
        }
        if (n + 1 >= cap) { cap *= 2; buf = xrealloc(buf, cap); }
        buf[n++] = c;
    }
    t->text = adup(ps, buf, n);
    t->tlen = n;
    free(buf);
    size_t k = 0;
    while (isalpha((unsigned char)*p) && k < 3) t->suffix[k++] = (char)tolower((unsigned char)*p++);
    if (isalnum((unsigned char)*p)) fail_at(ps, t->line, t->col, false, "Invalid string literal suffix");
    ps->p = p;
}

static void lex(parser *ps, token *t)
{
    skip_ws(ps);
    memset(t, 0, sizeof *t);
    t->p = ps->p;
    t->line = ps->line;
    t->col = (uint32_t)(ps->p - ps->line_start) + 1;
    const char *p = ps->p;
    unsigned char c = (unsigned char)*p;
    if (!c) { t->kind = T_EOF; return; }
    if (isalpha(c) || c == '_') {
        while (isalnum((unsigned char)*p) || *p == '_') p++;
        t->kind = T_IDENT;
        t->text = adup(ps, ps->p, (size_t)(p - ps->p));
        t->tlen = (size_t)(p - ps->p);
    } else if (c == '`') {
        p++;
        const char *s = p;
        while (*p && *p != '`') p++;
        if (!*p) fail_at(ps, t->line, t->col, false, "Unterminated quoted identifier");
        t->kind = T_QIDENT;
        t->text = adup(ps, s, (size_t)(p - s));
        t->tlen = (size_t)(p - s);
        p++;
    } else if (c == '$') {
        p++;
        if (*p == '`') {
            p++;
            const char *s = p;
            while (*p && *p != '`') p++;
            if (!*p) fail_at(ps, t->line, t->col, false, "Unterminated quoted parameter name");
            t->text = adup(ps, s - 2, 0);
            char *nm = aalloc(ps->ar, (size_t)(p - s) + 2);
            nm[0] = '$';
            memcpy(nm + 1, s, (size_t)(p - s));
            t->text = nm;
            p++;
        } else {
            const char *s = p;
            while (isalnum((unsigned char)*p) || *p == '_') p++;
            if (p == s) fail_at(ps, t->line, t->col, false, "mismatched input '$'");
            t->text = adup(ps, s - 1, (size_t)(p - s) + 1);
        }
        t->kind = T_PARAM;
    } else if (c == '\'' || c == '"') {
        t->kind = T_STRING;
        lex_string(ps, t, (char)c);
        t->len = (size_t)(ps->p - t->p);
        return;
    } else if (c == '@' && p[1] == '@') {
        const char *s = p + 2;
        const char *e = strstr(s, "@@");
        if (!e) fail_at(ps, t->line, t->col, false, "Unterminated @@ string");
        for (const char *q = s; q < e; q++)
            if (*q == '\n') { ps->line++; ps->line_start = q + 1; }
        t->kind = T_STRING;
        t->text = adup(ps, s, (size_t)(e - s));
        t->tlen = (size_t)(e - s);
        p = e + 2;
        size_t k = 0;
        while (isalpha((unsigned char)*p) && k < 3) t->suffix[k++] = (char)tolower((unsigned char)*p++);
    } else if (isdigit(c) || (c == '.' && isdigit((unsigned char)p[1]))) {
        bool isf = false;
        if (c == '0' && (p[1] == 'x' || p[1] == 'X')) {
            p += 2;
            while (isxdigit((unsigned char)*p)) p++;
        } else {
            while (isdigit((unsigned char)*p)) p++;
            if (*p == '.' && isdigit((unsigned char)p[1])) { isf = true; p++; while (isdigit((unsigned char)*p)) p++; }
            else if (*p == '.' && !isalpha((unsigned char)p[1]) && p[1] != '.') { isf = true; p++; }
            if ((*p == 'e' || *p == 'E') && (isdigit((unsigned char)p[1]) || ((p[1] == '+' || p[1] == '-') && isdigit((unsigned char)p[2])))) {
                isf = true;
                p += 2;
                while (isdigit((unsigned char)*p)) p++;
            }
        }
        t->kind = isf ? T_FLOAT : T_INT;
        t->text = adup(ps, ps->p, (size_t)(p - ps->p));
        size_t k = 0;
        while (isalpha((unsigned char)*p) && k < 3) t->suffix[k++] = (char)tolower((unsigned char)*p++);
        if (isalnum((unsigned char)*p) || *p == '_') fail_at(ps, t->line, t->col, false, "Invalid numeric literal suffix");
    } else {
        static const char *two[] = {"==", "!=", "<>", "<=", ">=", "||", "<<", ">>", "::"};
        t->kind = T_PUNCT;
        size_t n = 1;
        for (size_t i = 0; i < sizeof two / sizeof two[0]; i++)
            if (p[0] == two[i][0] && p[1] == two[i][1]) { n = 2; break; }
        if (n == 1 && !strchr("(),;.=<>+-*/%?&|^~[]{}:", c))
            fail_at(ps, t->line, t->col, false, "Unexpected character '%s'",
                    isprint(c) ? (char[]){(char)c, 0} : "?");
        t->text = adup(ps, p, n);
        t->tlen = n;
        p += n;
    }
    ps->p = p;
    t->len = (size_t)(p - t->p);
}

static void next(parser *ps)
{
    if (ps->has_peek) { ps->tok = ps->peek; ps->has_peek = false; }
    else lex(ps, &ps->tok);
}
static token *peek(parser *ps)
{
    if (!ps->has_peek) { lex(ps, &ps->peek); ps->has_peek = true; }
    return &ps->peek;
}

static bool is_kw(const token *t, const char *kw) { return t->kind == T_IDENT && !strcasecmp(t->text, kw); }
static bool is_p(const token *t, const char *p) { return t->kind == T_PUNCT && !strcmp(t->text, p); }

static _Noreturn void mismatch(parser *ps, const char *expect)
{
    token *t = &ps->tok;
    if (t->kind == T_EOF)
        fail_at(ps, t->line, t->col, false, "mismatched input '<EOF>' expecting %s", expect);
    int n = t->len > 40 ? 40 : (int)t->len;
    fail_at(ps, t->line, t->col, false, "mismatched input '%.*s' expecting %s", n, t->p, expect);
}
static _Noreturn void unsupported(parser *ps, const char *what)
{
    fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support %s", what);
}

static bool accept_kw(parser *ps, const char *kw)
{
    if (is_kw(&ps->tok, kw)) { next(ps); return true; }
    return false;
}
static void expect_kw(parser *ps, const char *kw)
{
    if (!accept_kw(ps, kw)) mismatch(ps, kw);
}
static bool accept_p(parser *ps, const char *p)
{
    if (is_p(&ps->tok, p)) { next(ps); return true; }
    return false;
}
static void expect_p(parser *ps, const char *p)
{
    if (!accept_p(ps, p)) {
        char b[8];
        snprintf(b, sizeof b, "'%s'", p);
        mismatch(ps, b);
    }
}

static void enter(parser *ps)
{
    if (++ps->depth > MAX_DEPTH)
        fail_at(ps, ps->tok.line, ps->tok.col, false, "Too deep nesting (more than %d levels)", MAX_DEPTH);
}

/* identifiers: plain or quoted */
static char *ident(parser *ps, const char *what)
{
    if (ps->tok.kind != T_IDENT && ps->tok.kind != T_QIDENT) mismatch(ps, what);
    char *s = ps->tok.text;
    next(ps);
    return s;
}

/* growable arrays in the arena */
#define PUSH(ps, arr, n, val) do { \
        void *np_ = aalloc((ps)->ar, sizeof *(arr) * ((n) + 1)); \
        if (n) memcpy(np_, (arr), sizeof *(arr) * (n)); \
        (arr) = np_; (arr)[(n)++] = (val); } while (0)

/* ---- types ---- */
static void skip_angle(parser *ps)
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

/* parse a type; sets *bad for containers/Tz types (name in *badname), *serial for serials */
static ety parse_type(parser *ps, bool *bad, char **badname, bool *serial)
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
        if (ps->tok.kind != T_INT) mismatch(ps, "integer");
        long p = strtol(ps->tok.text, NULL, 10);
        next(ps);
        expect_p(ps, ",");
        if (ps->tok.kind != T_INT) mismatch(ps, "integer");
        long s = strtol(ps->tok.text, NULL, 10);
        next(ps);
        expect_p(ps, ")");
        if (p < 1 || p > 35 || s < 0 || s > p)
            fail_at(ps, line, col, false, "Invalid decimal parameters: Decimal(%ld,%ld)", p, s);
        t.k = ET_DEC;
        t.prec = (uint8_t)p;
        t.scale = (uint8_t)s;
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

static expr *parse_expr(parser *ps);

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

static bool is_type_ctor(const char *nm, sim_prim *p)
{
    static const char *ok[] = {"Bool", "Int8", "Uint8", "Int16", "Uint16", "Int32", "Uint32", "Int64",
        "Uint64", "Float", "Double", "Date", "Datetime", "Timestamp", "Interval", "Date32",
        "Datetime64", "Timestamp64", "Interval64", "String", "Utf8", "Yson", "Json", "Uuid",
        "JsonDocument", "DyNumber"};
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
        if (!strcasecmp(ok[i], nm)) return prim_lookup(nm, p);
    return false;
}

static expr *parse_primary(parser *ps)
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
        expr *e = new_expr(ps, E_CAST);
        e->line = t.line; e->col = t.col;
        e->a = parse_expr(ps);
        expect_kw(ps, "AS");
        e->t = parse_type(ps, NULL, NULL, NULL);
        expect_p(ps, ")");
        return e;
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
            expr *e = new_expr(ps, E_LIT);
            e->line = t.line; e->col = t.col;
            if (ps->tok.kind != T_STRING) mismatch(ps, "string literal");
            token s = ps->tok;
            next(ps);
            expect_p(ps, ",");
            if (ps->tok.kind != T_INT) mismatch(ps, "integer");
            long pr = strtol(ps->tok.text, NULL, 10);
            next(ps);
            expect_p(ps, ",");
            if (ps->tok.kind != T_INT) mismatch(ps, "integer");
            long sc = strtol(ps->tok.text, NULL, 10);
            next(ps);
            expect_p(ps, ")");
            if (pr < 1 || pr > 35 || sc < 0 || sc > pr)
                fail_at(ps, t.line, t.col, false, "Invalid decimal parameters: Decimal(%ld,%ld)", pr, sc);
            e->t.k = ET_DEC;
            e->t.prec = (uint8_t)pr;
            e->t.scale = (uint8_t)sc;
            if (!value_from_text(e->t, s.text, s.tlen, &e->v))
                fail_at(ps, s.line, s.col, false, "Invalid value \"%.64s\" for type Decimal(%ld,%ld)", s.text, pr, sc);
            e->kind = E_LIT;
            /* value_from_text allocates nothing for decimals */
            return e;
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
            if (arg->kind == E_LIT && arg->v.kind == SIM_V_BYTES) {
                expr *e = new_expr(ps, E_LIT);
                e->line = t.line; e->col = t.col;
                e->t = ty;
                if (!value_from_text(ty, arg->v.bytes, arg->v.len, &e->v))
                    fail_at(ps, arg->line, arg->col, false, "Invalid value \"%.64s\" for type %s",
                            arg->v.bytes, prim_name(p));
                if (e->v.kind == SIM_V_BYTES) { /* move to the arena */
                    char *b = adup(ps, e->v.bytes, e->v.len);
                    free(e->v.bytes);
                    e->v.bytes = b;
                }
                return e;
            }
            expr *e = new_expr(ps, E_CAST);
            e->line = t.line; e->col = t.col;
            e->a = arg;
            e->t = ty;
            e->negate = true; /* constructor: no Optional on failure would be a compile error; we cast */
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

static expr *parse_unary(parser *ps)
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
static expr *parse_expr(parser *ps)
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

/* ---- paths ---- */
static char *table_path(parser *ps)
{
    if (ps->tok.kind != T_IDENT && ps->tok.kind != T_QIDENT) mismatch(ps, "table name");
    char *s = ps->tok.text;
    next(ps);
    if (is_p(&ps->tok, ".")) unsupported(ps, "cluster-qualified table names");
    if (!*s) fail_at(ps, ps->tok.line, ps->tok.col, false, "Empty table name");
    return s;
}

/* ---- SELECT ---- */
static select_stmt *parse_select(parser *ps)
{
    enter(ps);
    select_stmt *s = aalloc(ps->ar, sizeof *s);
    expect_kw(ps, "SELECT");
    if (accept_kw(ps, "DISTINCT")) unsupported(ps, "SELECT DISTINCT");
    accept_kw(ps, "ALL");
    do {
        if (is_p(&ps->tok, "*")) {
            next(ps);
            s->star = true;
            if (s->nproj) unsupported(ps, "'*' mixed with other columns");
            break;
        }
        expr *e = parse_expr(ps);
        char *alias = NULL;
        if (accept_kw(ps, "AS")) alias = ident(ps, "alias");
        else if (ps->tok.kind == T_QIDENT) alias = ident(ps, "alias");
        PUSH(ps, s->proj, s->nproj, e);
        size_t n = s->nproj - 1;
        PUSH(ps, s->alias, n, alias);
    } while (accept_p(ps, ","));
    if (s->star && is_p(&ps->tok, ",")) unsupported(ps, "'*' mixed with other columns");
    if (accept_kw(ps, "FROM")) {
        if (is_kw(&ps->tok, "AS_TABLE")) {
            next(ps);
            expect_p(ps, "(");
            if (ps->tok.kind != T_PARAM) unsupported(ps, "AS_TABLE of anything but a parameter");
            s->from_param = parse_primary(ps);
            expect_p(ps, ")");
        } else if (is_p(&ps->tok, "(")) {
            unsupported(ps, "subqueries in FROM");
        } else if (ps->tok.kind == T_PARAM) {
            unsupported(ps, "named expressions in FROM");
        } else {
            s->from = table_path(ps);
        }
        if (accept_kw(ps, "AS")) s->from_alias = ident(ps, "alias");
        else if (ps->tok.kind == T_IDENT && !is_kw(&ps->tok, "WHERE") && !is_kw(&ps->tok, "ORDER") &&
                 !is_kw(&ps->tok, "LIMIT") && !is_kw(&ps->tok, "GROUP") && !is_kw(&ps->tok, "JOIN") &&
                 !is_kw(&ps->tok, "LEFT") && !is_kw(&ps->tok, "INNER") && !is_kw(&ps->tok, "UNION") &&
                 !is_kw(&ps->tok, "VIEW") && !is_kw(&ps->tok, "RIGHT") && !is_kw(&ps->tok, "CROSS") &&
                 !is_kw(&ps->tok, "FULL") && !is_kw(&ps->tok, "HAVING") && !is_kw(&ps->tok, "OFFSET") &&
                 !is_kw(&ps->tok, "ASSUME") && !is_kw(&ps->tok, "WITH") && !is_kw(&ps->tok, "EXCLUSION") &&
                 !is_kw(&ps->tok, "SAMPLE") && !is_kw(&ps->tok, "TABLESAMPLE") && !is_kw(&ps->tok, "FLATTEN"))
            s->from_alias = ident(ps, "alias");
        if (is_kw(&ps->tok, "JOIN") || is_kw(&ps->tok, "LEFT") || is_kw(&ps->tok, "INNER") ||
            is_kw(&ps->tok, "RIGHT") || is_kw(&ps->tok, "CROSS") || is_kw(&ps->tok, "FULL") ||
            is_kw(&ps->tok, "EXCLUSION") || is_p(&ps->tok, ","))
            unsupported(ps, "JOIN");
        if (is_kw(&ps->tok, "VIEW")) unsupported(ps, "reading through an index VIEW");
        if (is_kw(&ps->tok, "WITH")) unsupported(ps, "table hints");
    }
    if (accept_kw(ps, "WHERE")) s->where = parse_expr(ps);
    if (is_kw(&ps->tok, "GROUP")) unsupported(ps, "GROUP BY");
    if (is_kw(&ps->tok, "HAVING")) unsupported(ps, "HAVING");
    if (is_kw(&ps->tok, "UNION")) unsupported(ps, "UNION");
    if (accept_kw(ps, "ORDER")) {
        expect_kw(ps, "BY");
        do {
            orderby o;
            o.e = parse_expr(ps);
            o.desc = false;
            if (accept_kw(ps, "DESC")) o.desc = true;
            else accept_kw(ps, "ASC");
            PUSH(ps, s->order, s->norder, o);
        } while (accept_p(ps, ","));
    }
    if (accept_kw(ps, "LIMIT")) {
        s->limit = parse_expr(ps);
        if (accept_p(ps, ",")) { s->offset = s->limit; s->limit = parse_expr(ps); }
    }
    if (accept_kw(ps, "OFFSET")) s->offset = parse_expr(ps);
    if (is_kw(&ps->tok, "UNION")) unsupported(ps, "UNION");
    ps->depth--;
    return s;
}

/* ---- settings ---- */
static kv parse_kv(parser *ps, bool allow_ttl)
{
    kv k;
    memset(&k, 0, sizeof k);
    k.key = ident(ps, "setting name");
    expect_p(ps, "=");
    if (allow_ttl && !strcasecmp(k.key, "TTL")) {
        k.ttl = true;
        k.val = parse_unary(ps);
        if (is_kw(&ps->tok, "TO")) unsupported(ps, "tiered TTL");
        if (is_kw(&ps->tok, "DELETE")) next(ps);
        expect_kw(ps, "ON");
        k.ttl_col = ident(ps, "column name");
        if (accept_kw(ps, "AS")) {
            if (accept_kw(ps, "SECONDS")) k.ttl_unit = 1;
            else if (accept_kw(ps, "MILLISECONDS")) k.ttl_unit = 2;
            else if (accept_kw(ps, "MICROSECONDS")) k.ttl_unit = 3;
            else if (accept_kw(ps, "NANOSECONDS")) k.ttl_unit = 4;
            else mismatch(ps, "SECONDS, MILLISECONDS, MICROSECONDS or NANOSECONDS");
        }
        return k;
    }
    if (is_p(&ps->tok, "(")) {
        next(ps);
        do {
            if (is_p(&ps->tok, "(")) {
                next(ps);
                do {
                    expr *e = parse_unary(ps);
                    PUSH(ps, k.tuple, k.ntuple, e);
                } while (accept_p(ps, ","));
                expect_p(ps, ")");
            } else {
                expr *e = parse_unary(ps);
                PUSH(ps, k.tuple, k.ntuple, e);
            }
        } while (accept_p(ps, ","));
        expect_p(ps, ")");
        k.ident = "(...)";
        return k;
    }
    if (ps->tok.kind == T_IDENT && !is_kw(&ps->tok, "TRUE") && !is_kw(&ps->tok, "FALSE") &&
        !is_type_ctor(ps->tok.text, &(sim_prim){0}) && !is_p(peek(ps), "(")) {
        k.ident = ps->tok.text;
        next(ps);
        return k;
    }
    k.val = parse_unary(ps);
    return k;
}

static void parse_kv_list(parser *ps, kv **out, size_t *n, bool allow_ttl)
{
    expect_p(ps, "(");
    do {
        kv k = parse_kv(ps, allow_ttl);
        PUSH(ps, *out, *n, k);
    } while (accept_p(ps, ","));
    expect_p(ps, ")");
}

/* ---- CREATE TABLE ---- */
static void parse_col_options(parser *ps, coldef *c)
{
    for (;;) {
        if (accept_kw(ps, "FAMILY")) {
            if (c->family) fail_at(ps, ps->tok.line, ps->tok.col, false, "Several column families for a single column are not yet supported");
            c->family = ident(ps, "family name");
        } else if (is_kw(&ps->tok, "NOT")) {
            next(ps);
            expect_kw(ps, "NULL");
            c->not_null = true;
            c->null_given = true;
        } else if (accept_kw(ps, "NULL")) {
            c->null_given = true;
        } else if (accept_kw(ps, "DEFAULT")) {
            c->def = parse_unary(ps);
            if (is_kw(&ps->tok, "NOT") || is_kw(&ps->tok, "NULL"))
                mismatch(ps, "',' or ')'"); /* DEFAULT x NOT NULL is ambiguous in YQL */
        } else if (is_kw(&ps->tok, "PRIMARY")) {
            mismatch(ps, "',' or ')'");
        } else {
            return;
        }
    }
}

static void parse_index_body(parser *ps, idxdef *x)
{
    if (accept_kw(ps, "LOCAL")) x->local = true;
    else expect_kw(ps, "GLOBAL");
    if (accept_kw(ps, "UNIQUE")) x->unique = true;
    if (accept_kw(ps, "ASYNC")) x->async = true;
    else accept_kw(ps, "SYNC");
    if (accept_kw(ps, "USING")) x->using_ = ident(ps, "index type");
    expect_kw(ps, "ON");
    expect_p(ps, "(");
    do {
        char *c = ident(ps, "column name");
        PUSH(ps, x->cols, x->ncols, c);
    } while (accept_p(ps, ","));
    expect_p(ps, ")");
    if (accept_kw(ps, "COVER")) {
        expect_p(ps, "(");
        do {
            char *c = ident(ps, "column name");
            PUSH(ps, x->cover, x->ncover, c);
        } while (accept_p(ps, ","));
        expect_p(ps, ")");
    }
    if (is_kw(&ps->tok, "WITH")) unsupported(ps, "index WITH settings");
    if (x->local) fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support LOCAL indexes");
    if (x->using_ && strcasecmp(x->using_, "secondary"))
        fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support index type %s", x->using_);
}

static famdef parse_family(parser *ps)
{
    famdef f;
    memset(&f, 0, sizeof f);
    f.name = ident(ps, "family name");
    parse_kv_list(ps, &f.opts, &f.nopts, false);
    return f;
}

static void parse_create(parser *ps, stmt *s)
{
    s->kind = S_CREATE;
    if (accept_kw(ps, "TEMP") || accept_kw(ps, "TEMPORARY")) s->temp = true;
    if (!is_kw(&ps->tok, "TABLE")) {
        if (ps->tok.kind == T_IDENT) fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support CREATE %s", ps->tok.text);
        mismatch(ps, "TABLE");
    }
    next(ps);
    if (s->temp) unsupported(ps, "temporary tables");
    if (accept_kw(ps, "IF")) { expect_kw(ps, "NOT"); expect_kw(ps, "EXISTS"); s->if_exists = true; }
    s->table = table_path(ps);
    expect_p(ps, "(");
    for (;;) {
        if (is_p(&ps->tok, ")")) break;
        token t = ps->tok;
        if (is_kw(&t, "PRIMARY")) {
            next(ps);
            expect_kw(ps, "KEY");
            expect_p(ps, "(");
            s->npk_clauses++;
            if (s->npk_clauses > 1) fail_at(ps, t.line, t.col, false, "PRIMARY KEY statement must be specified only once");
            do {
                char *c = ident(ps, "column name");
                PUSH(ps, s->pk, s->npk, c);
            } while (accept_p(ps, ","));
            expect_p(ps, ")");
        } else if (is_kw(&t, "INDEX")) {
            next(ps);
            idxdef x;
            memset(&x, 0, sizeof x);
            x.name = ident(ps, "index name");
            parse_index_body(ps, &x);
            PUSH(ps, s->idx, s->nidx, x);
        } else if (is_kw(&t, "FAMILY")) {
            next(ps);
            famdef f = parse_family(ps);
            PUSH(ps, s->fams, s->nfams, f);
        } else if (is_kw(&t, "CHANGEFEED")) {
            next(ps);
            (void)ident(ps, "changefeed name");
            kv *o = NULL;
            size_t no = 0;
            expect_kw(ps, "WITH");
            parse_kv_list(ps, &o, &no, false);
            s->has_changefeed = true;
        } else if (is_kw(&t, "CONSTRAINT") || is_kw(&t, "FOREIGN") || is_kw(&t, "CHECK") ||
                   is_kw(&t, "UNIQUE") || is_kw(&t, "PARTITION") || is_kw(&t, "ORDER")) {
            if (is_kw(&t, "PARTITION") || is_kw(&t, "ORDER"))
                fail_at(ps, t.line, t.col, true, "ydbsim does not support %s BY in CREATE TABLE", t.text);
            mismatch(ps, "column definition");
        } else {
            coldef c;
            memset(&c, 0, sizeof c);
            c.line = t.line;
            c.col = t.col;
            c.name = ident(ps, "column name");
            if (is_p(&ps->tok, ",") || is_p(&ps->tok, ")"))
                unsupported(ps, "columns without types (CREATE TABLE AS)");
            c.t = parse_type(ps, &c.bad_type, &c.bad_type_name, &c.serial);
            if (is_p(&ps->tok, "(")) {
                token *pk = peek(ps);
                if (is_kw(pk, "DEFAULT") || is_kw(pk, "NOT") || is_kw(pk, "NULL") || is_kw(pk, "FAMILY"))
                    unsupported(ps, "the parenthesized column option list");
                mismatch(ps, "',' or ')'");
            }
            parse_col_options(ps, &c);
            PUSH(ps, s->cols, s->ncols, c);
        }
        if (!accept_p(ps, ",")) break;
    }
    expect_p(ps, ")");
    if (is_kw(&ps->tok, "PARTITION")) unsupported(ps, "PARTITION BY HASH");
    if (accept_kw(ps, "WITH")) parse_kv_list(ps, &s->with, &s->nwith, true);
    if (is_kw(&ps->tok, "AS")) unsupported(ps, "CREATE TABLE AS SELECT");
}

/* ---- ALTER TABLE ---- */
static action parse_action(parser *ps)
{
    action a;
    memset(&a, 0, sizeof a);
    token t = ps->tok;
    if (accept_kw(ps, "ADD")) {
        if (accept_kw(ps, "INDEX")) {
            a.kind = A_ADD_INDEX;
            a.idx.name = ident(ps, "index name");
            parse_index_body(ps, &a.idx);
        } else if (accept_kw(ps, "FAMILY")) {
            a.kind = A_ADD_FAMILY;
            a.fam = parse_family(ps);
        } else if (accept_kw(ps, "CHANGEFEED")) {
            a.kind = A_ADD_CHANGEFEED;
            a.name = ident(ps, "changefeed name");
            expect_kw(ps, "WITH");
            parse_kv_list(ps, &a.opts, &a.nopts, false);
        } else {
            accept_kw(ps, "COLUMN");
            a.kind = A_ADD_COLUMN;
            a.col.line = ps->tok.line;
            a.col.col = ps->tok.col;
            a.col.name = ident(ps, "column name");
            a.col.t = parse_type(ps, &a.col.bad_type, &a.col.bad_type_name, &a.col.serial);
            parse_col_options(ps, &a.col);
        }
    } else if (accept_kw(ps, "DROP")) {
        if (accept_kw(ps, "INDEX")) { a.kind = A_DROP_INDEX; a.name = ident(ps, "index name"); }
        else if (accept_kw(ps, "CHANGEFEED")) { a.kind = A_DROP_CHANGEFEED; a.name = ident(ps, "changefeed name"); }
        else if (is_kw(&ps->tok, "FAMILY")) unsupported(ps, "DROP FAMILY");
        else { accept_kw(ps, "COLUMN"); a.kind = A_DROP_COLUMN; a.name = ident(ps, "column name"); }
    } else if (accept_kw(ps, "ALTER")) {
        if (accept_kw(ps, "COLUMN")) {
            a.name = ident(ps, "column name");
            if (accept_kw(ps, "SET")) {
                if (accept_kw(ps, "FAMILY")) { a.kind = A_ALTER_COL_FAMILY; a.name2 = ident(ps, "family name"); }
                else if (is_kw(&ps->tok, "NOT")) { next(ps); expect_kw(ps, "NULL"); a.kind = A_ALTER_COL_SET_NOT_NULL; }
                else if (accept_kw(ps, "DEFAULT")) { a.kind = A_ALTER_COL_SET_DEFAULT; a.def = parse_unary(ps); }
                else if (is_kw(&ps->tok, "COMPRESSION") || is_kw(&ps->tok, "ENCODING")) unsupported(ps, "column compression settings");
                else if (is_kw(&ps->tok, "DATA")) mismatch(ps, "FAMILY, NOT NULL or DEFAULT");
                else mismatch(ps, "FAMILY, NOT NULL or DEFAULT");
            } else if (accept_kw(ps, "DROP")) {
                if (is_kw(&ps->tok, "NOT")) { next(ps); expect_kw(ps, "NULL"); a.kind = A_ALTER_COL_DROP_NOT_NULL; }
                else { expect_kw(ps, "DEFAULT"); a.kind = A_ALTER_COL_DROP_DEFAULT; }
            } else {
                mismatch(ps, "SET or DROP");
            }
        } else if (accept_kw(ps, "INDEX")) {
            a.kind = A_ALTER_INDEX;
            a.name = ident(ps, "index name");
            expect_kw(ps, "SET");
            if (is_p(&ps->tok, "(")) parse_kv_list(ps, &a.opts, &a.nopts, false);
            else { kv k; memset(&k, 0, sizeof k); k.key = ident(ps, "setting"); k.ident = NULL; k.val = parse_unary(ps); PUSH(ps, a.opts, a.nopts, k); }
        } else if (accept_kw(ps, "FAMILY")) {
            a.kind = A_ALTER_FAMILY;
            a.name = ident(ps, "family name");
            while (accept_kw(ps, "SET")) {
                kv k;
                memset(&k, 0, sizeof k);
                k.key = ident(ps, "DATA or COMPRESSION");
                k.val = parse_unary(ps);
                PUSH(ps, a.opts, a.nopts, k);
                if (!is_p(&ps->tok, ",") || !is_kw(peek(ps), "ALTER")) break;
                break;
            }
            if (!a.nopts) mismatch(ps, "SET");
        } else if (accept_kw(ps, "CHANGEFEED")) {
            a.kind = A_ALTER_CHANGEFEED;
            a.name = ident(ps, "changefeed name");
            if (accept_kw(ps, "DISABLE")) {}
            else { expect_kw(ps, "SET"); parse_kv_list(ps, &a.opts, &a.nopts, false); }
        } else {
            mismatch(ps, "COLUMN, INDEX, FAMILY or CHANGEFEED");
        }
    } else if (accept_kw(ps, "SET")) {
        a.kind = A_SET;
        if (is_p(&ps->tok, "(")) parse_kv_list(ps, &a.opts, &a.nopts, true);
        else {
            kv k;
            memset(&k, 0, sizeof k);
            k.key = ident(ps, "setting name");
            if (ps->tok.kind == T_IDENT && !is_p(peek(ps), "(")) { k.ident = ps->tok.text; next(ps); }
            else k.val = parse_unary(ps);
            PUSH(ps, a.opts, a.nopts, k);
        }
    } else if (accept_kw(ps, "RESET")) {
        a.kind = A_RESET;
        expect_p(ps, "(");
        do {
            char *k = ident(ps, "setting name");
            PUSH(ps, a.keys, a.nkeys, k);
        } while (accept_p(ps, ","));
        expect_p(ps, ")");
    } else if (accept_kw(ps, "RENAME")) {
        if (accept_kw(ps, "TO")) { a.kind = A_RENAME_TO; a.name = table_path(ps); }
        else if (accept_kw(ps, "INDEX")) {
            a.kind = A_RENAME_INDEX;
            a.name = ident(ps, "index name");
            expect_kw(ps, "TO");
            a.name2 = ident(ps, "index name");
        } else mismatch(ps, "TO or INDEX");
    } else if (accept_kw(ps, "COMPACT")) {
        fail_at(ps, t.line, t.col, true, "ydbsim does not support ALTER TABLE ... COMPACT");
    } else {
        mismatch(ps, "ADD, DROP, ALTER, SET, RESET or RENAME");
    }
    return a;
}

/* ---- writes ---- */
static void parse_col_list(parser *ps, char ***cols, size_t *n)
{
    expect_p(ps, "(");
    do {
        char *c = ident(ps, "column name");
        PUSH(ps, *cols, *n, c);
    } while (accept_p(ps, ","));
    expect_p(ps, ")");
}

static void parse_values_or_select(parser *ps, stmt *s)
{
    if (accept_kw(ps, "VALUES")) {
        do {
            expect_p(ps, "(");
            expr **row = aalloc(ps->ar, sizeof *row * (s->nicols ? s->nicols : 1));
            size_t n = 0;
            do {
                expr *e = parse_expr(ps);
                if (n >= s->nicols)
                    fail_at(ps, e->line, e->col, false, "VALUES and column list have different sizes");
                row[n++] = e;
            } while (accept_p(ps, ","));
            if (n != s->nicols) fail_at(ps, ps->tok.line, ps->tok.col, false, "VALUES and column list have different sizes");
            expect_p(ps, ")");
            PUSH(ps, s->rows, s->nrows, row);
        } while (accept_p(ps, ","));
    } else if (is_kw(&ps->tok, "SELECT")) {
        s->sel = parse_select(ps);
    } else if (is_kw(&ps->tok, "DEFAULT")) {
        unsupported(ps, "DEFAULT VALUES");
    } else {
        mismatch(ps, "VALUES or SELECT");
    }
    if (is_kw(&ps->tok, "RETURNING")) unsupported(ps, "RETURNING");
}

static void parse_update(parser *ps, stmt *s, bool batch)
{
    s->kind = batch ? S_BATCH_UPDATE : S_UPDATE;
    s->table = table_path(ps);
    if (accept_kw(ps, "ON")) {
        if (batch) unsupported(ps, "BATCH UPDATE ... ON");
        s->kind = S_UPDATE_ON;
        if (is_p(&ps->tok, "(")) parse_col_list(ps, &s->icols, &s->nicols);
        parse_values_or_select(ps, s);
        return;
    }
    expect_kw(ps, "SET");
    do {
        char *c = ident(ps, "column name");
        expect_p(ps, "=");
        expr *e = parse_expr(ps);
        size_t n = s->nset;
        PUSH(ps, s->setcols, n, c);
        PUSH(ps, s->setvals, s->nset, e);
    } while (accept_p(ps, ","));
    if (accept_kw(ps, "WHERE")) s->where = parse_expr(ps);
    if (is_kw(&ps->tok, "RETURNING")) unsupported(ps, "RETURNING");
}

static void parse_delete(parser *ps, stmt *s, bool batch)
{
    s->kind = batch ? S_BATCH_DELETE : S_DELETE;
    expect_kw(ps, "FROM");
    s->table = table_path(ps);
    if (accept_kw(ps, "ON")) {
        if (batch) unsupported(ps, "BATCH DELETE ... ON");
        s->kind = S_DELETE_ON;
        if (is_p(&ps->tok, "(")) parse_col_list(ps, &s->icols, &s->nicols);
        parse_values_or_select(ps, s);
        return;
    }
    if (accept_kw(ps, "WHERE")) s->where = parse_expr(ps);
    if (is_kw(&ps->tok, "RETURNING")) unsupported(ps, "RETURNING");
}

static stmt *parse_stmt(parser *ps)
{
    stmt *s = aalloc(ps->ar, sizeof *s);
    token t = ps->tok;
    s->line = t.line;
    s->col = t.col;
    if (t.kind == T_PARAM) {
        if (is_p(peek(ps), "=")) unsupported(ps, "named expressions ($x = ...)");
        mismatch(ps, "statement");
    }
    if (t.kind != T_IDENT) mismatch(ps, "statement");
    next(ps);
    if (is_kw(&t, "DECLARE")) {
        s->kind = S_DECLARE;
        if (ps->tok.kind != T_PARAM) mismatch(ps, "parameter name");
        s->name = ps->tok.text;
        next(ps);
        expect_kw(ps, "AS");
        bool bad = false;
        char *bn = NULL;
        if (is_kw(&ps->tok, "List") || is_kw(&ps->tok, "Struct") || is_kw(&ps->tok, "Tuple") ||
            is_kw(&ps->tok, "Dict") || is_kw(&ps->tok, "Set")) {
            /* containers are accepted in DECLARE; the parameter's own type is used */
            next(ps);
            skip_angle(ps);
            while (accept_p(ps, "?")) {}
            s->dtype.k = ET_OTHER;
        } else {
            s->dtype = parse_type(ps, &bad, &bn, NULL);
        }
    } else if (is_kw(&t, "PRAGMA")) {
        s->kind = S_PRAGMA;
        s->name = ident(ps, "pragma name");
        while (accept_p(ps, ".")) s->name = ident(ps, "pragma name");
        if (accept_p(ps, "=")) {
            if (ps->tok.kind == T_STRING || ps->tok.kind == T_IDENT || ps->tok.kind == T_QIDENT || ps->tok.kind == T_INT) {
                s->pragma_value = ps->tok.text;
                next(ps);
            } else mismatch(ps, "pragma value");
        } else if (accept_p(ps, "(")) {
            while (!is_p(&ps->tok, ")") && ps->tok.kind != T_EOF) next(ps);
            expect_p(ps, ")");
        }
    } else if (is_kw(&t, "CREATE")) {
        if (accept_kw(ps, "OR")) unsupported(ps, "CREATE OR REPLACE");
        parse_create(ps, s);
    } else if (is_kw(&t, "ALTER")) {
        if (!is_kw(&ps->tok, "TABLE")) {
            if (ps->tok.kind == T_IDENT) fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support ALTER %s", ps->tok.text);
            mismatch(ps, "TABLE");
        }
        next(ps);
        s->kind = S_ALTER;
        s->table = table_path(ps);
        do {
            action a = parse_action(ps);
            PUSH(ps, s->acts, s->nacts, a);
        } while (accept_p(ps, ","));
    } else if (is_kw(&t, "DROP")) {
        if (!is_kw(&ps->tok, "TABLE")) {
            if (ps->tok.kind == T_IDENT) fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support DROP %s", ps->tok.text);
            mismatch(ps, "TABLE");
        }
        next(ps);
        s->kind = S_DROP;
        if (accept_kw(ps, "IF")) { expect_kw(ps, "EXISTS"); s->if_exists = true; }
        s->table = table_path(ps);
        if (is_kw(&ps->tok, "CASCADE")) mismatch(ps, "';'");
    } else if (is_kw(&t, "UPSERT") || is_kw(&t, "INSERT") || is_kw(&t, "REPLACE")) {
        s->kind = is_kw(&t, "UPSERT") ? S_UPSERT : is_kw(&t, "INSERT") ? S_INSERT : S_REPLACE;
        if (s->kind == S_INSERT && is_kw(&ps->tok, "OR")) unsupported(ps, "INSERT OR ...");
        expect_kw(ps, "INTO");
        s->table = table_path(ps);
        if (is_kw(&ps->tok, "WITH")) unsupported(ps, "table hints");
        if (is_p(&ps->tok, "(")) parse_col_list(ps, &s->icols, &s->nicols);
        else if (is_kw(&ps->tok, "VALUES")) mismatch(ps, "'('");
        parse_values_or_select(ps, s);
        if (s->rows && !s->nicols) mismatch(ps, "column list");
    } else if (is_kw(&t, "UPDATE")) {
        parse_update(ps, s, false);
    } else if (is_kw(&t, "DELETE")) {
        parse_delete(ps, s, false);
    } else if (is_kw(&t, "BATCH")) {
        if (accept_kw(ps, "UPDATE")) parse_update(ps, s, true);
        else if (accept_kw(ps, "DELETE")) parse_delete(ps, s, true);
        else mismatch(ps, "UPDATE or DELETE");
    } else if (is_kw(&t, "SELECT")) {
        ps->has_peek = false; /* re-lex from SELECT: simpler to rewind */
        ps->p = t.p;
        ps->line = t.line;
        ps->line_start = t.p - (t.col - 1);
        lex(ps, &ps->tok);
        s->kind = S_SELECT;
        s->sel = parse_select(ps);
    } else if (is_kw(&t, "COMMIT") || is_kw(&t, "ROLLBACK") || is_kw(&t, "BEGIN") ||
               is_kw(&t, "DEFINE") || is_kw(&t, "DO") || is_kw(&t, "EVALUATE") ||
               is_kw(&t, "IMPORT") || is_kw(&t, "EXPORT") || is_kw(&t, "USE") || is_kw(&t, "GRANT") ||
               is_kw(&t, "REVOKE") || is_kw(&t, "DISCARD") || is_kw(&t, "PROCESS") ||
               is_kw(&t, "REDUCE") || is_kw(&t, "ANALYZE") || is_kw(&t, "SHOW") ||
               is_kw(&t, "TRUNCATE") || is_kw(&t, "VALUES") || is_kw(&t, "FROM") || is_kw(&t, "UPSERT")) {
        fail_at(ps, t.line, t.col, true, "ydbsim does not support %s statements", t.text);
    } else {
        fail_at(ps, t.line, t.col, false, "mismatched input '%.40s' expecting statement", t.text);
    }
    return s;
}

/* ---- entry ---- */
struct script_priv { arena_holder ar; };

bool yql_parse(const char *text, script *out, sim_result *r)
{
    memset(out, 0, sizeof *out);
    arena_holder *ar = xcalloc(1, sizeof *ar);
    parser *ps = xcalloc(1, sizeof *ps);
    ps->src = ps->p = ps->line_start = text ? text : "";
    ps->line = 1;
    ps->ar = ar;
    stmt **v = NULL;
    size_t n = 0;
    if (setjmp(ps->jb)) {
        res_fail(r, SIM_GENERIC_ERROR, ps->unsupported ? 0 : 1, "%s", ps->err);
        if (r->nissues) { r->issues[r->nissues - 1].row = ps->err_line; r->issues[r->nissues - 1].column = ps->err_col; }
        free(ps->err);
        free(ps);
        /* the arena holds everything allocated so far */
        out->st = (stmt **)ar;
        out->n = (size_t)-1;
        script_free(out);
        return false;
    }
    next(ps);
    while (ps->tok.kind != T_EOF) {
        if (accept_p(ps, ";")) continue;
        stmt *s = parse_stmt(ps);
        stmt **nv = aalloc(ar, sizeof *nv * (n + 1));
        if (n) memcpy(nv, v, sizeof *nv * n);
        v = nv;
        v[n++] = s;
        if (ps->tok.kind == T_EOF) break;
        if (!is_p(&ps->tok, ";")) mismatch(ps, "';'");
    }
    free(ps);
    /* keep the arena reachable: stash it in slot st[-1] style via a wrapper array */
    stmt **arr = xcalloc(n + 1, sizeof *arr);
    arr[0] = (stmt *)ar;
    for (size_t i = 0; i < n; i++) arr[i + 1] = v[i];
    out->st = arr + 1;
    out->n = n;
    return true;
}

void script_free(script *s)
{
    if (!s->st) return;
    arena_holder *ar;
    stmt **base;
    if (s->n == (size_t)-1) { ar = (arena_holder *)s->st; base = NULL; }
    else { base = s->st - 1; ar = (arena_holder *)base[0]; }
    for (ablock *b = ar ? ar->head : NULL; b;) {
        ablock *nx = b->next;
        free(b);
        b = nx;
    }
    free(ar);
    free(base);
    s->st = NULL;
    s->n = 0;
}

void expr_free(expr *e) { (void)e; /* arena-owned */ }

bool stmt_is_ddl(const stmt *s)
{
    return s->kind == S_CREATE || s->kind == S_ALTER || s->kind == S_DROP;
}

const char *stmt_op_name(const stmt *s)
{
    switch (s->kind) {
    case S_CREATE: return "CreateTable";
    case S_ALTER: return "AlterTable";
    case S_DROP: return "DropTable";
    case S_UPSERT: return "Upsert";
    case S_INSERT: return "InsertAbort";
    case S_REPLACE: return "Replace";
    case S_UPDATE: case S_UPDATE_ON: case S_BATCH_UPDATE: return "Update";
    case S_DELETE: case S_DELETE_ON: case S_BATCH_DELETE: return "Delete";
    case S_SELECT: return "Select";
    default: return "";
    }
}
