/* sema_yql.c - yql and c steps: text that must be there, and a yql step that must not
 * change the schema or run BATCH statements; the checks of the YQL expressions of other
 * steps (backfill, rebuild_table).
 */
#include "sema_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

const char *sema_yql_next_word(const char *p, const char *end, const char **ws, size_t *wn)
{
    while (p < end) {
        char c = *p;
        if (c == '-' && p + 1 < end && p[1] == '-') {
            while (p < end && *p != '\n') p++;
        } else if (c == '/' && p + 1 < end && p[1] == '*') {
            p += 2;
            while (p + 1 < end && !(p[0] == '*' && p[1] == '/')) p++;
            p += 2;
        } else if (c == '"' || c == '\'' || c == '`') {
            p++;
            while (p < end && *p != c) p += (*p == '\\' && p + 1 < end) ? 2 : 1;
            p++;
        } else if (c == '@' && p + 1 < end && p[1] == '@') {
            p += 2;
            while (p + 1 < end && !(p[0] == '@' && p[1] == '@')) p++;
            p += 2;
        } else if (isalpha((unsigned char)c) || c == '_') {
            *ws = p;
            while (p < end && (isalnum((unsigned char)*p) || *p == '_')) p++;
            *wn = (size_t)(p - *ws);
            return p;
        } else p++;
    }
    return NULL;
}

/* Words of a YQL expression that are not column names. */
static bool yql_keyword(const char *w, size_t n)
{
    static const char *const kw[] = {"and", "or", "not", "xor", "null", "is", "in", "true", "false", "case",
                                     "when", "then", "else", "end", "between", "like", "ilike", "regexp",
                                     "escape", "cast", "as", "distinct", "exists", "current_utc"};
    for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
        if (strlen(kw[i]) == n && strncasecmp(w, kw[i], n) == 0) return true;
    return false;
}

/* Every bare name of text that reads a column must be one of t's. A name followed by '(',
 * '::' or '<' is a function, module or type; one after '$' a parameter; one glued to a
 * literal (1u, 'x'u) its suffix; the word after AS a type. */
bool sema_yql_names_ok(sema_ctx *s, const mig_table *t, const char *text, size_t len, mig_loc at)
{
    const char *p = text, *end = text + len, *w;
    size_t wn;
    bool ok = true, after_as = false;
    while ((p = sema_yql_next_word(p, end, &w, &wn))) {
        char before = w > text ? w[-1] : ' ';
        const char *q = p;
        while (q < end && isspace((unsigned char)*q)) q++;
        bool skip = after_as || before == '$' || before == '.' || before == ':' || before == '\'' || before == '"' ||
                    isdigit((unsigned char)before) || yql_keyword(w, wn) ||
                    (q < end && (*q == '(' || *q == '<' || (*q == ':' && q + 1 < end && q[1] == ':')));
        after_as = wn == 2 && strncasecmp(w, "as", 2) == 0;
        if (skip) continue;
        char *name = mig_strndup(s->a, w, wn);
        if (mig_table_col(t, name) >= 0) continue;
        mig_name n = {name, {at.start + (uint32_t)(w - text), at.start + (uint32_t)(w - text + wn)}, false};
        sema_need_col(s, t, &n);
        ok = false;
    }
    return ok;
}

bool sema_yql_blank(const char *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isspace((unsigned char)p[i])) return false;
    return true;
}

static bool is_null(const char *p, size_t n)
{
    while (n && isspace((unsigned char)*p)) p++, n--;
    while (n && isspace((unsigned char)p[n - 1])) n--;
    return n == 4 && strncasecmp(p, "null", 4) == 0;
}

bool sema_yql_expr_ok(sema_ctx *s, const mig_table *reads, const mig_assign *as, bool not_null, const char *null_hint)
{
    bool ok = true;
    if (not_null && is_null(as->expr, as->expr_len)) {
        mig_diag *g = ERR(as->expr_loc, "column \"%s\" is not null and cannot be set to NULL", as->col.s);
        HINT(g, "%s", null_hint);
        ok = false;
    }
    if (sema_yql_blank(as->expr, as->expr_len)) {
        ERR(as->expr_loc, "the expression for column \"%s\" is empty", as->col.s);
        ok = false;
    } else if (!sema_yql_names_ok(s, reads, as->expr, as->expr_len, as->expr_loc)) {
        ok = false;
    }
    return ok;
}

static bool word_is(const char *w, size_t n, const char *kw) { return strlen(kw) == n && strncasecmp(w, kw, n) == 0; }

bool sema_op_yql(sema_ctx *s, const mig_step *st, mig_op *op)
{
    const char *p = st->body, *end = st->body + st->body_len;
    bool blank = true;
    for (const char *q = p; q < end; q++) blank = blank && isspace((unsigned char)*q);
    if (blank) {
        ERR(st->kw_loc, "%s step has no text", st->kind == MIG_STEP_YQL ? "yql" : "c");
        return false;
    }
    op->body = st->body;
    op->body_len = st->body_len;
    if (st->kind != MIG_STEP_YQL) return true;
    const char *w, *prev = NULL;
    size_t wn, prevn = 0;
    while ((p = sema_yql_next_word(p, end, &w, &wn))) {
        if (prev && (word_is(prev, prevn, "create") || word_is(prev, prevn, "alter") || word_is(prev, prevn, "drop")) &&
            (word_is(w, wn, "table") || word_is(w, wn, "index") || word_is(w, wn, "view") || word_is(w, wn, "topic") ||
             word_is(w, wn, "sequence") || word_is(w, wn, "tablestore"))) {
            mig_loc at = {st->body_loc.start + (uint32_t)(prev - st->body), st->body_loc.start + (uint32_t)(w + wn - st->body)};
            mig_diag *g = ERR(at, "a yql step cannot change the schema (\"%.*s %.*s\")", (int)prevn, prev, (int)wn, w);
            HINT(g, "YDB runs a yql step in a transaction and cannot change the schema there. Use the .mig steps "
                    "(create_table, add_column, create_index, ...) for schema changes.");
            return false;
        }
        if (prev && word_is(prev, prevn, "batch") && (word_is(w, wn, "update") || word_is(w, wn, "delete"))) {
            mig_loc at = {st->body_loc.start + (uint32_t)(prev - st->body), st->body_loc.start + (uint32_t)(w + wn - st->body)};
            mig_diag *g = ERR(at, "BATCH %.*s cannot run in a yql step", (int)wn, w);
            HINT(g, "A yql step commits in one transaction with its progress record; BATCH statements run outside any "
                    "transaction (a c step's statements share its transaction too). Write a plain UPDATE/DELETE; for a "
                    "table too large for one transaction, run the BATCH statement outside the migration.");
            return false;
        }
        prev = w;
        prevn = wn;
    }
    return true;
}
