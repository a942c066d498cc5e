/* yql_parse.c - ydbsim: a hand-written lexer and recursive-descent parser for the YQL subset.
 * This file holds the statement level: SELECT, the writes (UPSERT, REPLACE, INSERT, UPDATE,
 * DELETE), the statement dispatch and the entry point; yql_lex.c, yql_expr.c and yql_ddl.c
 * hold the rest. All nodes live in an arena owned by the script; errors unwind with longjmp.
 * Recursion is bounded by MAX_DEPTH. Anything outside the subset is refused by name
 * ("ydbsim does not support ..."). */
#include "yql_int.h"

#include <stdlib.h>
#include <string.h>

/* ---- paths ---- */
char *table_path(parser *ps)
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
