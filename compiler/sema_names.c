/* sema_names.c - the checks every step shares: names and table paths against YDB's
 * rules, lookups of tables, columns and indexes (with a suggestion when a name resolves
 * to nothing), release features, and if_exists / if_not_exists where a step takes none.
 */
#include "sema_int.h"
#include "../common/suggest.h"

#include <ctype.h>
#include <string.h>

#define MAX_PATH_DEPTH 32
#define MAX_NAME 255

mig_where sema_here(sema_ctx *s, mig_loc loc)
{
    mig_where w = {s->src, loc};
    return w;
}

bool sema_need_feature(sema_ctx *s, mig_feature f, mig_loc loc)
{
    if (mig_ydb_has(s->target, f)) return true;
    mig_ydbver since = mig_ydb_since(f);
    mig_diag *g;
    if (since) {
        char vb[16];
        g = ERR(loc, "%s needs YDB %s or later; the target is %s", mig_feature_name(f), mig_ydbver_str(since, vb), s->tv);
        HINT(g, "Raise the target with --target-ydb %s if every database you migrate runs that release.", vb);
    } else {
        g = ERR(loc, "YDB does not support %s (the feature is off by default in every release)", mig_feature_name(f));
    }
    return false;
}

/* ---- names ---- */

/* Bytes of the UTF-8 character at p (1 for anything malformed), for messages. */
static int utf8_char_len(const char *p)
{
    unsigned char c = (unsigned char)*p;
    int n = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    for (int i = 1; i < n; i++)
        if (((unsigned char)p[i] & 0xC0) != 0x80) return 1;
    return n;
}

static bool quoted_at(sema_ctx *s, mig_loc loc) { return loc.start < s->src->len && memchr(s->src->text + loc.start, '`', loc.end - loc.start); }

/* A table path: elements of [A-Za-z0-9._-], none starting with '.', at most 32 deep. */
bool sema_check_path(sema_ctx *s, const char *path, mig_loc loc)
{
    if (path[0] == '/') {
        mig_diag *g = ERR(loc, "table path \"%s\" is absolute", path);
        HINT(g, "Write paths relative to the database (`shop/orders`, not `/local/shop/orders`): the same migrations then work on every database.");
        return false;
    }
    int depth = 0;
    const char *p = path;
    bool quoted = quoted_at(s, loc);
    while (1) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        depth++;
        if (n == 0) {
            ERR(loc, "table path \"%s\" has an empty element", path);
            return false;
        }
        if (p[0] == '.') {
            mig_diag *g = ERR(loc, "table path \"%s\" has an element starting with \".\"", path);
            HINT(g, "YDB reserves names starting with a dot (.sys, .metadata, .tmp).");
            return false;
        }
        for (size_t i = 0; i < n; i++)
            if (!(isalnum((unsigned char)p[i]) || p[i] == '_' || p[i] == '-' || p[i] == '.')) {
                mig_diag *g = ERR(loc, "table path \"%s\" contains the character '%.*s'", path, utf8_char_len(p + i), p + i);
                HINT(g, "YDB names of tables and folders contain only letters, digits, '_', '-' and '.'.");
                return false;
            }
        if (n > MAX_NAME && quoted) {
            ERR(loc, "a path element is too long (%zu bytes; YDB allows at most %d)", n, MAX_NAME);
            return false;
        }
        if (!e) break;
        p = e + 1;
    }
    if (depth > MAX_PATH_DEPTH) {
        ERR(loc, "table path \"%s\" is %d folders deep; YDB allows at most %d", path, depth, MAX_PATH_DEPTH);
        return false;
    }
    return true;
}

/* Names of columns: [A-Za-z0-9_-], not starting with __ydb_. Index and changefeed names
 * follow the rules of a path element. */
bool sema_check_name(sema_ctx *s, const mig_name *n, const char *what, bool column)
{
    const char *v = n->s;
    size_t len = strlen(v);
    if (len > MAX_NAME && n->quoted) {
        ERR(n->loc, "%s name is too long (%zu bytes; YDB allows at most %d)", what, len, MAX_NAME);
        return false;
    }
    for (size_t i = 0; i < len; i++) {
        char c = v[i];
        if (isalnum((unsigned char)c) || c == '_' || c == '-' || (!column && c == '.')) continue;
        mig_diag *g = ERR(n->loc, "%s name \"%s\" contains the character '%.*s'", what, v, utf8_char_len(v + i), v + i);
        HINT(g, column ? "YDB column names contain only letters, digits, '_' and '-'."
                       : "YDB names contain only letters, digits, '_', '-' and '.'.");
        return false;
    }
    if (column && strncmp(v, "__ydb_", 6) == 0) {
        ERR(n->loc, "column name \"%s\" starts with \"__ydb_\", which YDB reserves", v);
        return false;
    }
    if (!column && v[0] == '.') {
        ERR(n->loc, "%s name \"%s\" starts with \".\", which YDB reserves", what, v);
        return false;
    }
    return true;
}

/* ---- lookups with suggestions ---- */

void sema_suggest(sema_ctx *s, mig_diag *g, const char *word, const char **cands, size_t n)
{
    if (!n) return;
    const char **v = mig_alloc(s->a, (n + 1) * sizeof *v);
    memcpy(v, cands, n * sizeof *v);
    const char *m = mig_suggest(word, v);
    if (m) HINT(g, "Did you mean \"%s\"?", m);
}

const mig_table *sema_need_table(sema_ctx *s, const mig_schema *sch, const mig_path *path)
{
    const mig_table *t = mig_schema_find(sch, path->s);
    if (t) return t;
    mig_diag *g = ERR(path->loc, "table \"%s\" does not exist at this revision", path->s);
    const char **c = mig_alloc(s->a, (sch->n + 1) * sizeof *c);
    size_t n = 0;
    for (const mig_table *x = mig_schema_first(sch); x; x = mig_schema_next(sch, x)) c[n++] = x->path;
    sema_suggest(s, g, path->s, c, n);
    return NULL;
}

int sema_need_col(sema_ctx *s, const mig_table *t, const mig_name *n)
{
    int k = mig_table_col(t, n->s);
    if (k >= 0) return k;
    mig_diag *g = ERR(n->loc, "column \"%s\" does not exist in table \"%s\"", n->s, t->path);
    const char **c = mig_alloc(s->a, (t->ncols + 1) * sizeof *c);
    for (size_t i = 0; i < t->ncols; i++) c[i] = t->cols[i].name;
    sema_suggest(s, g, n->s, c, t->ncols);
    return -1;
}

int sema_need_index(sema_ctx *s, const mig_table *t, const mig_name *n)
{
    int k = mig_table_index(t, n->s);
    if (k >= 0) return k;
    mig_diag *g = ERR(n->loc, "index \"%s\" does not exist on table \"%s\"", n->s, t->path);
    const char **c = mig_alloc(s->a, (t->nindexes + 1) * sizeof *c);
    for (size_t i = 0; i < t->nindexes; i++) c[i] = t->indexes[i].name;
    sema_suggest(s, g, n->s, c, t->nindexes);
    return -1;
}

void sema_note_at(sema_ctx *s, mig_diag *g, mig_where w, const char *what)
{
    if (w.src) mig_note(s->d, g, w.src, w.loc, "%s", what);
}

/* ---- conditions ---- */

void sema_cond_not_allowed(sema_ctx *s, const mig_step *st, mig_cond allowed)
{
    if (st->cond == MIG_COND_NONE || st->cond == allowed) return;
    mig_diag *g = ERR(st->cond_loc, "%s cannot be used with %s",
                      st->cond == MIG_COND_IF_EXISTS ? "if_exists" : "if_not_exists", mig_step_kind_name(st->kind));
    if (allowed == MIG_COND_IF_EXISTS) HINT(g, "Did you mean if_exists?");
    else if (allowed == MIG_COND_IF_NOT_EXISTS) HINT(g, "Did you mean if_not_exists?");
}

bool sema_renamed_from_ok(sema_ctx *s, mig_loc loc)
{
    if (s->declared) return true;
    mig_diag *g = ERR(loc, "renamed_from belongs in a declared schema, not in a revision");
    HINT(g, "A revision renames with rename_table or rename_index; `renamed_from \"old\";` in schema.mig tells `migc diff` to write them.");
    return false;
}
