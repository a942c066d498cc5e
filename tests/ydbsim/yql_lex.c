/* yql_lex.c - ydbsim's YQL parser: the lexer, the arena its nodes live in, and the token
 * helpers (accept/expect, errors that unwind with longjmp) the grammar files use. */
#include "yql_int.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- arena ---- */
void *aalloc(arena_holder *a, size_t n)
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

_Noreturn void fail_at(parser *ps, uint32_t line, uint32_t col, bool unsupported, const char *fmt, ...)
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

char *adup(parser *ps, const char *s, size_t n)
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

void lex(parser *ps, token *t)
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

void next(parser *ps)
{
    if (ps->has_peek) { ps->tok = ps->peek; ps->has_peek = false; }
    else lex(ps, &ps->tok);
}
token *peek(parser *ps)
{
    if (!ps->has_peek) { lex(ps, &ps->peek); ps->has_peek = true; }
    return &ps->peek;
}

bool is_kw(const token *t, const char *kw) { return t->kind == T_IDENT && !strcasecmp(t->text, kw); }
bool is_p(const token *t, const char *p) { return t->kind == T_PUNCT && !strcmp(t->text, p); }

_Noreturn void mismatch(parser *ps, const char *expect)
{
    token *t = &ps->tok;
    if (t->kind == T_EOF)
        fail_at(ps, t->line, t->col, false, "mismatched input '<EOF>' expecting %s", expect);
    int n = t->len > 40 ? 40 : (int)t->len;
    fail_at(ps, t->line, t->col, false, "mismatched input '%.*s' expecting %s", n, t->p, expect);
}
_Noreturn void unsupported(parser *ps, const char *what)
{
    fail_at(ps, ps->tok.line, ps->tok.col, true, "ydbsim does not support %s", what);
}

bool accept_kw(parser *ps, const char *kw)
{
    if (is_kw(&ps->tok, kw)) { next(ps); return true; }
    return false;
}
void expect_kw(parser *ps, const char *kw)
{
    if (!accept_kw(ps, kw)) mismatch(ps, kw);
}
bool accept_p(parser *ps, const char *p)
{
    if (is_p(&ps->tok, p)) { next(ps); return true; }
    return false;
}
void expect_p(parser *ps, const char *p)
{
    if (!accept_p(ps, p)) {
        char b[8];
        snprintf(b, sizeof b, "'%s'", p);
        mismatch(ps, b);
    }
}

void enter(parser *ps)
{
    if (++ps->depth > MAX_DEPTH)
        fail_at(ps, ps->tok.line, ps->tok.col, false, "Too deep nesting (more than %d levels)", MAX_DEPTH);
}

/* identifiers: plain or quoted */
char *ident(parser *ps, const char *what)
{
    if (ps->tok.kind != T_IDENT && ps->tok.kind != T_QIDENT) mismatch(ps, what);
    char *s = ps->tok.text;
    next(ps);
    return s;
}
