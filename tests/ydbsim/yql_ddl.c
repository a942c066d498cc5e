/* yql_ddl.c - ydbsim's YQL parser: DDL statements (CREATE TABLE with its columns, indexes,
 * families and settings; ALTER TABLE actions). */
#include "yql_int.h"

#include <string.h>
#include <strings.h>

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

void parse_create(parser *ps, stmt *s)
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
action parse_action(parser *ps)
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
