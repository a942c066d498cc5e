/* yql_int.h - ydbsim's YQL parser internals shared by its files (yql_lex.c: lexer and token
 * helpers; yql_expr.c: types and expressions; yql_ddl.c: CREATE/ALTER TABLE; yql_parse.c:
 * SELECT, writes, statements and the entry point). Not for the engine: it uses yql.h. */
#ifndef YDBSIM_YQL_INT_H
#define YDBSIM_YQL_INT_H

#include "yql.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>

#define MAX_DEPTH 200

typedef struct ablock { struct ablock *next; size_t used, cap; max_align_t data[]; } ablock;

typedef struct arena_holder { ablock *head; } arena_holder;

/* ---- tokens and the parser state ---- */
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

/* growable arrays in the arena */
#define PUSH(ps, arr, n, val) do { \
        void *np_ = aalloc((ps)->ar, sizeof *(arr) * ((n) + 1)); \
        if (n) memcpy(np_, (arr), sizeof *(arr) * (n)); \
        (arr) = np_; (arr)[(n)++] = (val); } while (0)

/* yql_lex.c */
void *aalloc(arena_holder *a, size_t n);
_Noreturn void fail_at(parser *ps, uint32_t line, uint32_t col, bool unsupported, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
char *adup(parser *ps, const char *s, size_t n);
void lex(parser *ps, token *t);
void next(parser *ps);
token *peek(parser *ps);
bool is_kw(const token *t, const char *kw);
bool is_p(const token *t, const char *p);
_Noreturn void mismatch(parser *ps, const char *expect);
_Noreturn void unsupported(parser *ps, const char *what);
bool accept_kw(parser *ps, const char *kw);
void expect_kw(parser *ps, const char *kw);
bool accept_p(parser *ps, const char *p);
void expect_p(parser *ps, const char *p);
void enter(parser *ps);
char *ident(parser *ps, const char *what);

/* yql_expr.c */
void skip_angle(parser *ps);
ety parse_type(parser *ps, bool *bad, char **badname, bool *serial);
expr *parse_expr(parser *ps);
bool is_type_ctor(const char *nm, sim_prim *p);
expr *parse_primary(parser *ps);
expr *parse_unary(parser *ps);

/* yql_parse.c */
char *table_path(parser *ps);

/* yql_ddl.c */
void parse_create(parser *ps, stmt *s);
action parse_action(parser *ps);

#endif
