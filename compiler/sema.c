/* sema.c - replaying revisions and checking every step against YDB's rules.
 *
 * Each written step is resolved against the schema it meets into a mig_op (names
 * checked, types resolved, literals typed) and then applied. Every rule of language.md's
 * "What the compiler guarantees" and yql-ddl.md §9 is checked here; the facts about
 * types, literals and settings live in types.c, literal.c and settings.c.
 */
#include "sema.h"
#include "derive.h"
#include "graph.h"
#include "settings.h"
#include "../common/suggest.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define MAX_COLUMNS 200
#define MAX_INDEXES 20
#define MAX_PATH_DEPTH 32
#define MAX_NAME 255

typedef struct S {
    mig_project *p;
    mig_arena *a;
    mig_diags *d;
    mig_schema_ctx sc;
    mig_ydbver target;
    char tv[16];               /* the target, printed */
    const mig_source *src;     /* the file being checked */
    const mig_revision *rev;
} S;

#define ERR(loc, ...) mig_report(s->d, MIG_SEV_ERROR, s->src, (loc), __VA_ARGS__)
#define WARN(loc, ...) mig_report(s->d, MIG_SEV_WARNING, s->src, (loc), __VA_ARGS__)
#define HINT(g, ...) mig_hint(s->d, (g), __VA_ARGS__)
#define PUSHA(vec, n, cap, v) MIG_PUSH(s->a, vec, n, cap, v)

static const char REBUILD_HINT[] =
    "YDB cannot change a primary key. Create a new table with the key you want, copy the data "
    "with a yql step, drop the old table, and rename_table the new one to the old name.";

static mig_where here(S *s, mig_loc loc)
{
    mig_where w = {s->src, loc};
    return w;
}

static bool need_feature(S *s, mig_feature f, mig_loc loc)
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

static bool quoted_at(S *s, mig_loc loc) { return loc.start < s->src->len && memchr(s->src->text + loc.start, '`', loc.end - loc.start); }

/* A table path: elements of [A-Za-z0-9._-], none starting with '.', at most 32 deep. */
static bool check_path(S *s, const char *path, mig_loc loc)
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
static bool check_name(S *s, const mig_name *n, const char *what, bool column)
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

static void suggest(S *s, mig_diag *g, const char *word, const char **cands, size_t n)
{
    if (!n) return;
    const char **v = mig_alloc(s->a, (n + 1) * sizeof *v);
    memcpy(v, cands, n * sizeof *v);
    const char *m = mig_suggest(word, v);
    if (m) HINT(g, "Did you mean \"%s\"?", m);
}

static const mig_table *need_table(S *s, const mig_schema *sch, const mig_path *path)
{
    const mig_table *t = mig_schema_find(sch, path->s);
    if (t) return t;
    mig_diag *g = ERR(path->loc, "table \"%s\" does not exist at this revision", path->s);
    const char **c = mig_alloc(s->a, (sch->n + 1) * sizeof *c);
    size_t n = 0;
    for (const mig_table *x = mig_schema_first(sch); x; x = mig_schema_next(sch, x)) c[n++] = x->path;
    suggest(s, g, path->s, c, n);
    return NULL;
}

static int need_col(S *s, const mig_table *t, const mig_name *n)
{
    int k = mig_table_col(t, n->s);
    if (k >= 0) return k;
    mig_diag *g = ERR(n->loc, "column \"%s\" does not exist in table \"%s\"", n->s, t->path);
    const char **c = mig_alloc(s->a, (t->ncols + 1) * sizeof *c);
    for (size_t i = 0; i < t->ncols; i++) c[i] = t->cols[i].name;
    suggest(s, g, n->s, c, t->ncols);
    return -1;
}

static int need_index(S *s, const mig_table *t, const mig_name *n)
{
    int k = mig_table_index(t, n->s);
    if (k >= 0) return k;
    mig_diag *g = ERR(n->loc, "index \"%s\" does not exist on table \"%s\"", n->s, t->path);
    const char **c = mig_alloc(s->a, (t->nindexes + 1) * sizeof *c);
    for (size_t i = 0; i < t->nindexes; i++) c[i] = t->indexes[i].name;
    suggest(s, g, n->s, c, t->nindexes);
    return -1;
}

static void note_at(S *s, mig_diag *g, mig_where w, const char *what)
{
    if (w.src) mig_note(s->d, g, w.src, w.loc, "%s", what);
}

/* ---- columns ---- */

typedef struct coldef {
    mig_scol col;
    const mig_column *ast;
    bool pk, explicit_null, explicit_not_null;
    const mig_lit *deflit;
    mig_loc defloc;
    bool ok;
} coldef;


static bool resolve_coldef(S *s, const mig_column *c, bool in_create, coldef *out)
{
    memset(out, 0, sizeof *out);
    out->ast = c;
    out->col.name = c->name.s;
    out->col.where = here(s, c->name.loc);
    bool ok = check_name(s, &c->name, "column", true);
    if (!mig_type_resolve(s->d, s->src, c->type, s->target, in_create, &out->col.type)) ok = false;
    const mig_mod *seen[16] = {0};
    for (size_t i = 0; i < c->nmods; i++) {
        const mig_mod *m = &c->mods[i];
        if ((unsigned)m->kind < 16 && seen[m->kind] && m->kind != MIG_MOD_REFERENCES) {
            mig_diag *g = ERR(m->loc, "column \"%s\" repeats a modifier", c->name.s);
            mig_note(s->d, g, s->src, seen[m->kind]->loc, "first given here");
            ok = false;
            continue;
        }
        if ((unsigned)m->kind < 16) seen[m->kind] = m;
        switch (m->kind) {
        case MIG_MOD_PK: out->pk = true; break;
        case MIG_MOD_NOT_NULL: out->explicit_not_null = true; break;
        case MIG_MOD_NULL: out->explicit_null = true; break;
        case MIG_MOD_DEFAULT: out->deflit = m->lit; out->defloc = m->loc; break;
        case MIG_MOD_FAMILY: out->col.family = strcmp(m->name.s, "default") == 0 ? NULL : m->name.s; break;
        case MIG_MOD_REFERENCES: {
            mig_diag *g = ERR(m->loc, "YDB has no foreign keys (column \"%s\" references \"%s\")", c->name.s, m->path.s);
            HINT(g, "YDB does not enforce references. Remove it and keep the rule in the application; an index on the column keeps lookups fast.");
            ok = false;
            break;
        }
        case MIG_MOD_UNIQUE: {
            mig_diag *g = ERR(m->loc, "YDB has no unique constraint on a column (column \"%s\")", c->name.s);
            HINT(g, "Declare a unique index in create_table instead: `index %s_unique unique on (%s);`.", c->name.s, c->name.s);
            ok = false;
            break;
        }
        case MIG_MOD_AUTO_INCREMENT: {
            mig_diag *g = ERR(m->loc, "YDB has no auto_increment (column \"%s\")", c->name.s);
            HINT(g, "Use a Serial type: `%s Serial pk;` (Int32), `BigSerial` (Int64) or `SmallSerial` (Int16).", c->name.s);
            ok = false;
            break;
        }
        case MIG_MOD_COMMENT: {
            mig_diag *g = ERR(m->loc, "YDB keeps no comments on columns (column \"%s\")", c->name.s);
            HINT(g, "Write the comment in the .mig file after `--` instead.");
            ok = false;
            break;
        }
        case MIG_MOD_PRIMARY_KEY: {
            mig_diag *g = ERR(m->loc, "\"primary key\" is not a column modifier in .mig files");
            HINT(g, "Write `pk` after the type (`%s Uint64 pk;`), or a `primary_key (%s);` item.", c->name.s, c->name.s);
            ok = false;
            break;
        }
        }
    }
    if (out->explicit_null && out->explicit_not_null) {
        ERR(c->loc, "column \"%s\" is declared both null and not null", c->name.s);
        ok = false;
    }
    if (mig_type_nullable(c->type) == 1) { /* T? or Optional<T>: nullable, as written */
        if (out->explicit_not_null) {
            mig_diag *g = ERR(c->type->loc, "column \"%s\" is declared both nullable (by its type) and not null",
                              c->name.s);
            HINT(g, "Write the plain type with `not null` for a required column, or drop `not null`.");
            ok = false;
        }
        out->explicit_null = true;
    }
    if (out->col.type.serial && out->deflit) {
        mig_diag *g = ERR(out->defloc, "a Serial column cannot have a default (column \"%s\")", c->name.s);
        HINT(g, "Its default is the next value of its sequence.");
        out->deflit = NULL;
        ok = false;
    }
    if (out->col.type.serial && out->explicit_null) {
        ERR(c->loc, "a Serial column cannot be null (column \"%s\")", c->name.s);
        ok = false;
    }
    if (out->deflit && out->col.type.id != MIG_TYPE_NONE) {
        mig_ydbver since = 0;
        if (!need_feature(s, MIG_FEAT_DEFAULT_IN_CREATE, out->defloc)) ok = false;
        else if (!mig_type_default_ok(out->col.type.id, s->target, &since)) {
            char vb[16];
            mig_diag *g = ERR(out->defloc, "YDB %s cannot give column \"%s\" (%s) a default", s->tv, c->name.s,
                              mig_type_name(out->col.type.id));
            if (since) HINT(g, "YDB %s and later can.", mig_ydbver_str(since, vb));
            ok = false;
        } else if (mig_literal_check(s->a, s->d, s->src, out->deflit, &out->col.type, &out->col.def)) {
            out->col.has_default = true;
        } else ok = false;
    }
    out->ok = ok;
    return ok;
}

/* Settle NOT NULL once the key is known, and check a NULL default. */
static void finish_col(S *s, coldef *cd, bool key)
{
    mig_scol *c = &cd->col;
    if (c->type.serial) c->not_null = true;
    else if (key) c->not_null = !cd->explicit_null;
    else c->not_null = cd->explicit_not_null;
    if (c->has_default && c->def.is_null && c->not_null) {
        mig_diag *g = ERR(cd->defloc, "column \"%s\" is NOT NULL but its default is null", c->name);
        HINT(g, "Give a value, or drop the default.");
        c->has_default = false;
    }
}

/* ---- indexes and TTL ---- */

static bool resolve_index_cols(S *s, const mig_table *t, const mig_names *cols, const char ***out, size_t *nout,
                               const char *idx, bool key)
{
    bool ok = true;
    const char **v = mig_alloc(s->a, (cols->n + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < cols->n; i++) {
        const mig_name *c = &cols->v[i];
        int k = need_col(s, t, c);
        if (k < 0) {
            ok = false;
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < n; j++) dup = dup || strcmp(v[j], c->s) == 0;
        if (dup) {
            ERR(c->loc, "column \"%s\" is listed twice in index \"%s\"", c->s, idx);
            ok = false;
            continue;
        }
        if (key && !mig_type_keyable(t->cols[k].type.id)) {
            mig_diag *g = ERR(c->loc, "column \"%s\" of type %s cannot be an index key (index \"%s\")", c->s,
                              mig_type_name(t->cols[k].type.id), idx);
            HINT(g, "YDB cannot key on Float, Double, Json, JsonDocument or Yson. Cover the column instead: `cover (%s)`.", c->s);
            ok = false;
        }
        v[n++] = c->s;
    }
    *out = v;
    *nout = n;
    return ok;
}

static mig_sindex *resolve_index(S *s, const mig_table *t, const mig_index *ix, bool in_create, mig_cond *cond)
{
    bool ok = check_name(s, &ix->name, "index", false);
    mig_sindex *x = mig_alloc(s->a, sizeof *x);
    x->name = ix->name.s;
    x->where = here(s, ix->name.loc);
    const mig_idxopt *sync = NULL, *async = NULL, *unique = NULL, *cover = NULL;
    for (size_t i = 0; i < ix->nopts; i++) {
        const mig_idxopt *o = &ix->opts[i];
        const mig_idxopt **slot = o->kind == MIG_IDX_UNIQUE ? &unique : o->kind == MIG_IDX_ASYNC ? &async
                                 : o->kind == MIG_IDX_SYNC ? &sync : o->kind == MIG_IDX_COVER ? &cover : NULL;
        if (o->kind == MIG_IDX_IF_NOT_EXISTS) {
            if (in_create) {
                mig_diag *g = ERR(o->loc, "if_not_exists has no meaning on an index inside create_table");
                HINT(g, "The index is created with its table.");
                ok = false;
            } else if (cond) *cond = MIG_COND_IF_NOT_EXISTS;
            continue;
        }
        if (*slot) {
            mig_diag *g = ERR(o->loc, "index \"%s\" repeats an option", ix->name.s);
            mig_note(s->d, g, s->src, (*slot)->loc, "first given here");
            ok = false;
        }
        *slot = o;
    }
    if (sync && async) {
        ERR(async->loc, "index \"%s\" cannot be both sync and async", ix->name.s);
        ok = false;
    }
    if (unique && async) {
        mig_diag *g = ERR(async->loc, "a unique index cannot be async (index \"%s\")", ix->name.s);
        HINT(g, "YDB checks uniqueness only in synchronous indexes.");
        ok = false;
    }
    x->unique = unique != NULL;
    x->async = async != NULL;
    if (!resolve_index_cols(s, t, &ix->cols, &x->cols, &x->ncols, ix->name.s, true)) ok = false;
    if (cover) {
        if (!resolve_index_cols(s, t, &cover->cover, &x->cover, &x->ncover, ix->name.s, false)) ok = false;
        for (size_t i = 0; i < x->ncover; i++)
            for (size_t j = 0; j < x->ncols; j++)
                if (strcmp(x->cover[i], x->cols[j]) == 0) {
                    ERR(cover->cover.v[i].loc, "column \"%s\" is both a key and a covered column of index \"%s\"",
                        x->cover[i], ix->name.s);
                    ok = false;
                }
    }
    return ok ? x : NULL;
}

static const char *const TTL_UNITS[] = {"seconds", "milliseconds", "microseconds", "nanoseconds", NULL};

static bool resolve_ttl(S *s, const mig_table *t, const mig_ttl *ttl, mig_sttl *out)
{
    memset(out, 0, sizeof *out);
    int k = need_col(s, t, &ttl->col);
    bool ok = k >= 0;
    int64_t secs = 0;
    if (!mig_duration_parse(s->d, s->src, ttl->after, &secs)) ok = false;
    if (k >= 0) {
        mig_type_id ty = t->cols[k].type.id;
        if (!mig_type_ttl_ok(ty)) {
            mig_diag *g = ERR(ttl->col.loc, "column \"%s\" of type %s cannot be a TTL column", ttl->col.s, mig_type_name(ty));
            HINT(g, "A TTL column is a Date, Datetime, Timestamp (or their 64-bit forms), Uint32, Uint64 or DyNumber.");
            ok = false;
        } else if (mig_type_ttl_numeric(ty) && !ttl->unit.s) {
            mig_diag *g = ERR(ttl->col.loc, "TTL on the %s column \"%s\" needs a unit", mig_type_name(ty), ttl->col.s);
            HINT(g, "Say what the number counts: `ttl %s after 30d as seconds;` (or milliseconds, microseconds, nanoseconds).",
                 ttl->col.s);
            ok = false;
        } else if (!mig_type_ttl_numeric(ty) && ttl->unit.s) {
            mig_diag *g = ERR(ttl->unit.loc, "a unit is only for numeric TTL columns; \"%s\" is %s", ttl->col.s, mig_type_name(ty));
            HINT(g, "Remove `as %s`.", ttl->unit.s);
            ok = false;
        }
    }
    if (ttl->unit.s) {
        const char *u = NULL;
        for (int i = 0; TTL_UNITS[i]; i++)
            if (strcasecmp(ttl->unit.s, TTL_UNITS[i]) == 0) u = TTL_UNITS[i];
        if (!u) {
            mig_diag *g = ERR(ttl->unit.loc, "unrecognized TTL unit \"%s\"", ttl->unit.s);
            HINT(g, "The units are seconds, milliseconds, microseconds and nanoseconds.");
            ok = false;
        } else {
            char *up = mig_strdup(s->a, u);
            for (char *c = up; *c; c++) *c = (char)toupper((unsigned char)*c);
            out->unit = up;
        }
    }
    out->set = true;
    out->col = ttl->col.s;
    out->seconds = secs;
    out->where = here(s, ttl->loc);
    return ok;
}

/* ---- settings ---- */

static bool resolve_settings(S *s, const mig_settings *in, mig_setting_ctx ctx, mig_kv **out, size_t *nout)
{
    bool ok = true;
    mig_kv *v = mig_alloc(s->a, (in->n + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < in->n; i++) {
        mig_kv kv;
        if (!mig_setting_check(s->a, s->d, s->src, &in->v[i], ctx, s->target, &kv)) {
            ok = false;
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < n; j++) dup = dup || strcmp(v[j].key, kv.key) == 0;
        if (dup) {
            ERR(in->v[i].key.loc, "setting %s is given twice", kv.key);
            ok = false;
            continue;
        }
        v[n++] = kv;
    }
    *out = v;
    *nout = n;
    return ok;
}

/* ---- steps ---- */

static void cond_not_allowed(S *s, const mig_step *st, mig_cond allowed)
{
    if (st->cond == MIG_COND_NONE || st->cond == allowed) return;
    mig_diag *g = ERR(st->cond_loc, "%s cannot be used with %s",
                      st->cond == MIG_COND_IF_EXISTS ? "if_exists" : "if_not_exists", mig_step_kind_name(st->kind));
    if (allowed == MIG_COND_IF_EXISTS) HINT(g, "Did you mean if_exists?");
    else if (allowed == MIG_COND_IF_NOT_EXISTS) HINT(g, "Did you mean if_not_exists?");
}

static bool op_create_table(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    bool ok = check_path(s, st->table.s, st->table.loc);
    const mig_table *old = mig_schema_find(cur, st->table.s);
    if (old) {
        if (st->cond == MIG_COND_IF_NOT_EXISTS) {
            /* The model says it is there; the runtime decides on the live schema, so the
             * definition is still resolved and kept. */
            mig_diag *g = WARN(st->table.loc, "table \"%s\" already exists at this revision; this step does nothing", st->table.s);
            note_at(s, g, old->where, "created here");
            op->noop = true;
        } else {
            mig_diag *g = ERR(st->table.loc, "table \"%s\" already exists", st->table.s);
            note_at(s, g, old->where, "created here");
            HINT(g, "Use another name, drop the table first, or add if_not_exists if the table may already be there.");
            return false;
        }
    }
    mig_table *t = mig_table_new(&s->sc, st->table.s);
    t->where = here(s, st->table.loc);
    coldef *cds = mig_alloc(s->a, (st->nitems + 1) * sizeof *cds);
    size_t ncd = 0;
    const mig_item *pk_item = NULL, *ttl_item = NULL;
    const mig_column *inline_pk_first = NULL;
    /* columns first: the other items refer to them */
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        if (it->kind != MIG_ITEM_COLUMN) continue;
        coldef cd;
        if (!resolve_coldef(s, it->column, true, &cd)) ok = false;
        bool dup = false;
        for (size_t j = 0; j < ncd; j++)
            if (strcmp(cds[j].col.name, cd.col.name) == 0) {
                mig_diag *g = ERR(it->column->name.loc, "column \"%s\" is declared twice in table \"%s\"", cd.col.name, t->path);
                mig_note(s->d, g, s->src, cds[j].ast->name.loc, "first declared here");
                dup = ok = false;
                dup = true;
            }
        if (dup) continue;
        if (cd.pk && !inline_pk_first) inline_pk_first = it->column;
        cds[ncd++] = cd;
    }
    if (ncd > MAX_COLUMNS) {
        ERR(st->table.loc, "table \"%s\" has %zu columns; YDB allows at most %d", t->path, ncd, MAX_COLUMNS);
        ok = false;
    }
    t->cols = mig_alloc(s->a, (ncd + 1) * sizeof *t->cols);
    t->ncols = ncd;
    for (size_t i = 0; i < ncd; i++) t->cols[i] = cds[i].col;

    /* the primary key */
    size_t pkcap = 0;
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        if (it->kind != MIG_ITEM_PRIMARY_KEY) continue;
        if (pk_item) {
            mig_diag *g = ERR(it->loc, "table \"%s\" has two primary_key items", t->path);
            mig_note(s->d, g, s->src, pk_item->loc, "first given here");
            ok = false;
            continue;
        }
        pk_item = it;
        for (size_t j = 0; j < it->pk.n; j++) {
            const mig_name *n = &it->pk.v[j];
            if (mig_table_col(t, n->s) < 0) {
                mig_diag *g = ERR(n->loc, "key column \"%s\" is not a column of table \"%s\"", n->s, t->path);
                const char **c = mig_alloc(s->a, (t->ncols + 1) * sizeof *c);
                for (size_t k = 0; k < t->ncols; k++) c[k] = t->cols[k].name;
                suggest(s, g, n->s, c, t->ncols);
                ok = false;
                continue;
            }
            bool dup = false;
            for (size_t k = 0; k < t->npk; k++) dup = dup || strcmp(t->pk[k], n->s) == 0;
            if (dup) {
                ERR(n->loc, "key column \"%s\" is listed twice", n->s);
                ok = false;
                continue;
            }
            PUSHA(t->pk, t->npk, pkcap, n->s);
        }
    }
    if (pk_item) {
        if (inline_pk_first) {
            bool same = true;
            size_t n = 0;
            for (size_t i = 0; i < ncd; i++)
                if (cds[i].pk) same = same && n < t->npk && strcmp(t->pk[n++], cds[i].col.name) == 0;
            if (!same || n != t->npk) {
                mig_diag *g = WARN(inline_pk_first->loc, "`pk` on column \"%s\" is overridden by the primary_key item",
                                   inline_pk_first->name.s);
                mig_note(s->d, g, s->src, pk_item->loc, "the key is given here");
                HINT(g, "Remove `pk` from the columns, or the primary_key item, so the key is stated once.");
            }
        }
    } else {
        for (size_t i = 0; i < ncd; i++)
            if (cds[i].pk) PUSHA(t->pk, t->npk, pkcap, cds[i].col.name);
    }
    if (t->npk == 0 && ok) {
        mig_diag *g = ERR(st->table.loc, "table \"%s\" has no primary key", t->path);
        HINT(g, "YDB requires a primary key on every table. Mark the key column with `pk` (`id Uint64 pk;`), or add `primary_key (a, b);` for a composite key.");
        ok = false;
    }
    size_t maxpk = mig_ydb_has(s->target, MIG_FEAT_PK_30) ? 30 : 20;
    if (t->npk > maxpk) {
        ERR(pk_item ? pk_item->loc : st->table.loc, "the primary key of table \"%s\" has %zu columns; YDB %s allows at most %zu",
            t->path, t->npk, s->tv, maxpk);
        ok = false;
    }
    for (size_t i = 0; i < t->npk; i++) {
        int k = mig_table_col(t, t->pk[i]);
        const mig_scol *c = &t->cols[k];
        mig_loc at = cds[k].ast->type->loc;
        if (c->type.id != MIG_TYPE_NONE && !mig_type_keyable(c->type.id)) {
            mig_diag *g = ERR(at, "column \"%s\" of type %s cannot be part of a primary key", c->name, mig_type_name(c->type.id));
            HINT(g, "YDB cannot key on Float, Double, Json, JsonDocument or Yson. Key the table on another column, such as a Uint64 id.");
            ok = false;
        }
        if (c->type.serial && !need_feature(s, MIG_FEAT_SERIAL_PK, at)) ok = false;
        if (c->family) {
            mig_diag *g = ERR(cds[k].ast->loc, "key column \"%s\" cannot be in column family \"%s\"", c->name, c->family);
            HINT(g, "YDB keeps key columns in the default family.");
            ok = false;
        }
    }
    for (size_t i = 0; i < ncd; i++) {
        finish_col(s, &cds[i], mig_table_is_key(t, cds[i].col.name));
        t->cols[i] = cds[i].col;
    }

    /* families, indexes, TTL, settings */
    size_t fcap = 0, icap = 0;
    for (size_t i = 0; i < st->nitems; i++) {
        const mig_item *it = &st->items[i];
        switch (it->kind) {
        case MIG_ITEM_FAMILY: {
            if (!check_name(s, &it->family, "column family", false)) ok = false;
            if (mig_table_family(t, it->family.s) >= 0) {
                ERR(it->family.loc, "column family \"%s\" is declared twice", it->family.s);
                ok = false;
                break;
            }
            mig_sfamily f = {it->family.s, NULL, NULL, here(s, it->family.loc)};
            for (size_t j = 0; j < it->settings.n; j++) {
                mig_kv kv;
                if (!mig_family_setting_check(s->a, s->d, s->src, &it->settings.v[j], &kv)) {
                    ok = false;
                    continue;
                }
                if (strcmp(kv.key, "DATA") == 0) f.data = kv.value;
                else f.compression = kv.value;
            }
            PUSHA(t->families, t->nfamilies, fcap, f);
            break;
        }
        case MIG_ITEM_INDEX: {
            if (mig_table_index(t, it->index->name.s) >= 0) {
                ERR(it->index->name.loc, "index \"%s\" is declared twice in table \"%s\"", it->index->name.s, t->path);
                ok = false;
                break;
            }
            mig_sindex *x = resolve_index(s, t, it->index, true, NULL);
            if (!x) {
                ok = false;
                break;
            }
            if (t->nindexes >= MAX_INDEXES) {
                ERR(it->loc, "table \"%s\" has more than %d indexes; YDB allows at most %d", t->path, MAX_INDEXES, MAX_INDEXES);
                ok = false;
                break;
            }
            PUSHA(t->indexes, t->nindexes, icap, *x);
            break;
        }
        case MIG_ITEM_TTL:
            if (ttl_item) {
                mig_diag *g = ERR(it->loc, "table \"%s\" has two ttl items", t->path);
                mig_note(s->d, g, s->src, ttl_item->loc, "first given here");
                HINT(g, "YDB keeps one TTL rule per table.");
                ok = false;
                break;
            }
            ttl_item = it;
            if (!resolve_ttl(s, t, it->ttl, &t->ttl)) {
                ok = false;
                memset(&t->ttl, 0, sizeof t->ttl);
            }
            break;
        case MIG_ITEM_WITH: {
            mig_kv *kv;
            size_t n;
            if (!resolve_settings(s, &it->settings, MIG_SET_CREATE, &kv, &n)) ok = false;
            for (size_t j = 0; j < n; j++) {
                if (mig_table_setting(t, kv[j].key)) {
                    ERR(it->loc, "setting %s is given twice", kv[j].key);
                    ok = false;
                    continue;
                }
                mig_table_set_setting(&s->sc, t, kv[j].key, kv[j].value);
            }
            break;
        }
        default: break;
        }
    }
    /* column families named by columns must exist */
    for (size_t i = 0; i < t->ncols; i++)
        if (t->cols[i].family && mig_table_family(t, t->cols[i].family) < 0) {
            mig_diag *g = ERR(cds[i].ast->loc, "column family \"%s\" is not declared in table \"%s\"", t->cols[i].family, t->path);
            HINT(g, "Declare it with an item `family %s (data = \"ssd\", compression = \"lz4\");`.", t->cols[i].family);
            ok = false;
        }
    if (mig_table_setting(t, "UNIFORM_PARTITIONS") && t->npk) {
        int k = mig_table_col(t, t->pk[0]);
        mig_type_id ty = t->cols[k].type.id;
        if (ty != MIG_PT_UINT32 && ty != MIG_PT_UINT64) {
            mig_diag *g = ERR(st->table.loc, "UNIFORM_PARTITIONS needs the first key column to be Uint32 or Uint64; \"%s\" is %s",
                              t->pk[0], mig_type_name(ty));
            HINT(g, "Use AUTO_PARTITIONING_MIN_PARTITIONS_COUNT, or PARTITION_AT_KEYS, to split the table.");
            ok = false;
        }
    }
    op->def = t;
    return ok;
}

static bool op_drop_table(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    if (!mig_schema_find(cur, st->table.s)) {
        if (st->cond == MIG_COND_IF_EXISTS) {
            op->noop = true;
            return true;
        }
        need_table(s, cur, &st->table);
        return false;
    }
    return true;
}

static bool op_rename_table(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_NONE);
    const mig_table *t = need_table(s, cur, &st->table);
    bool ok = t != NULL;
    if (!check_path(s, st->to.s, st->to.loc)) ok = false;
    const mig_table *dst = mig_schema_find(cur, st->to.s);
    if (dst) {
        mig_diag *g = ERR(st->to.loc, "table \"%s\" already exists", st->to.s);
        note_at(s, g, dst->where, "created here");
        ok = false;
    }
    if (t && t->nfeeds) {
        mig_diag *g = ERR(st->kw_loc, "table \"%s\" has a changefeed (\"%s\") and cannot be renamed", t->path, t->feeds[0].name);
        HINT(g, "YDB cannot move a table with changefeeds. Drop the changefeed first (drop_changefeed), rename, and add it again.");
        ok = false;
    }
    op->to = st->to.s;
    return ok;
}

static bool op_add_column(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    const mig_table *t = need_table(s, cur, &st->table);
    bool ok = t != NULL;
    if (st->ncols == 0) {
        ERR(st->kw_loc, "add_column adds no column");
        return false;
    }
    op->cols = mig_alloc(s->a, st->ncols * sizeof *op->cols);
    for (size_t i = 0; i < st->ncols; i++) {
        const mig_column *c = st->cols[i];
        coldef cd;
        if (!resolve_coldef(s, c, false, &cd)) ok = false;
        if (cd.pk) {
            mig_diag *g = ERR(c->loc, "cannot add key column \"%s\" to an existing table", c->name.s);
            HINT(g, "%s", REBUILD_HINT);
            ok = false;
        }
        finish_col(s, &cd, false);
        if (cd.col.not_null && !cd.col.has_default) {
            mig_diag *g = ERR(c->loc, "cannot add NOT NULL column \"%s\" without a default", c->name.s);
            HINT(g, "YDB refuses it even on an empty table. Add the column as nullable and fill it with a yql step; from YDB 26.1 a NOT NULL column can be added with a default.");
            ok = false;
        }
        if (cd.col.has_default && !need_feature(s, MIG_FEAT_ADD_COLUMN_DEFAULT, cd.defloc)) {
            ok = false;
        }
        if (t) {
            int k = mig_table_col(t, c->name.s);
            if (k >= 0 && st->cond != MIG_COND_IF_NOT_EXISTS) {
                mig_diag *g = ERR(c->name.loc, "column \"%s\" already exists in table \"%s\"", c->name.s, t->path);
                note_at(s, g, t->cols[k].where, "declared here");
                HINT(g, "Write `add_column %s if_not_exists < ... >` if the column may already be there.", t->path);
                ok = false;
            } else if (k >= 0) {
                const mig_scol *old = &t->cols[k];
                bool same = old->type.id == cd.col.type.id && old->type.precision == cd.col.type.precision &&
                            old->type.scale == cd.col.type.scale && old->not_null == cd.col.not_null;
                mig_diag *g = WARN(c->name.loc, "column \"%s\" already exists in table \"%s\"%s; this step does nothing for it",
                                   c->name.s, t->path, same ? "" : " with another definition");
                note_at(s, g, old->where, "declared here");
            }
            if (cd.col.family && mig_table_family(t, cd.col.family) < 0) {
                mig_diag *g = WARN(c->loc, "column family \"%s\" does not exist on table \"%s\"; YDB creates it with default settings",
                                   cd.col.family, t->path);
                (void)g;
            }
        }
        for (size_t j = 0; j < i; j++)
            if (strcmp(op->cols[j].name, c->name.s) == 0) {
                ERR(c->name.loc, "column \"%s\" is added twice", c->name.s);
                ok = false;
            }
        op->cols[op->ncols++] = cd.col;
    }
    if (t && t->ncols + op->ncols > MAX_COLUMNS) {
        ERR(st->kw_loc, "table \"%s\" would have %zu columns; YDB allows at most %d", t->path, t->ncols + op->ncols, MAX_COLUMNS);
        ok = false;
    }
    return ok;
}

static bool op_drop_column(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    const mig_table *t = need_table(s, cur, &st->table);
    if (!t) return false;
    bool ok = true;
    size_t known = 0; /* names of columns the table has at this point */
    op->names = mig_alloc(s->a, st->names.n * sizeof *op->names);
    for (size_t i = 0; i < st->names.n; i++) {
        const mig_name *n = &st->names.v[i];
        for (size_t j = 0; j < op->nnames; j++)
            if (strcmp(op->names[j], n->s) == 0) {
                ERR(n->loc, "column \"%s\" is listed twice", n->s);
                ok = false;
            }
        int k = mig_table_col(t, n->s);
        if (k < 0) {
            if (st->cond != MIG_COND_IF_EXISTS) {
                need_col(s, t, n);
                ok = false;
            } else {
                op->names[op->nnames++] = n->s; /* the live table decides (decisions/0016) */
            }
            continue;
        }
        const mig_scol *c = &t->cols[k];
        if (mig_table_is_key(t, n->s)) {
            mig_diag *g = ERR(n->loc, "cannot drop key column \"%s\" of table \"%s\"", n->s, t->path);
            HINT(g, "%s", REBUILD_HINT);
            ok = false;
        }
        for (size_t x = 0; x < t->nindexes; x++) {
            const mig_sindex *ix = &t->indexes[x];
            bool key = false, cov = false;
            for (size_t j = 0; j < ix->ncols; j++) key = key || strcmp(ix->cols[j], n->s) == 0;
            for (size_t j = 0; j < ix->ncover; j++) cov = cov || strcmp(ix->cover[j], n->s) == 0;
            if (key || cov) {
                mig_diag *g = ERR(n->loc, "cannot drop column \"%s\": index \"%s\" %s it", n->s, ix->name, key ? "uses" : "covers");
                note_at(s, g, ix->where, "the index is declared here");
                HINT(g, "Drop the index first, in its own step: `drop_index %s on %s;`.", ix->name, t->path);
                ok = false;
            }
        }
        if (t->ttl.set && strcmp(t->ttl.col, n->s) == 0) {
            mig_diag *g = ERR(n->loc, "cannot drop column \"%s\": it is the TTL column of table \"%s\"", n->s, t->path);
            HINT(g, "Remove the TTL first, in its own step: `reset_ttl %s;`.", t->path);
            ok = false;
        }
        if (c->type.serial) {
            mig_diag *g = ERR(n->loc, "cannot drop Serial column \"%s\"", n->s);
            HINT(g, "YDB cannot drop or alter a Serial column; rebuild the table without it.");
            ok = false;
        }
        op->names[op->nnames++] = n->s;
        known++;
    }
    if (ok && known && known >= t->ncols) {
        ERR(st->kw_loc, "cannot drop every column of table \"%s\"", t->path);
        ok = false;
    }
    if (known == 0 && ok) op->noop = true;
    return ok;
}

static bool op_alter_column(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = need_table(s, cur, &st->table);
    if (!t) return false;
    int k = need_col(s, t, &st->name);
    if (k < 0) return false;
    const mig_scol *c = &t->cols[k];
    bool key = mig_table_is_key(t, c->name);
    bool ok = true;
    if (st->nchanges == 0) {
        ERR(st->kw_loc, "alter_column changes nothing");
        return false;
    }
    op->changes = mig_alloc(s->a, st->nchanges * sizeof *op->changes);
    const mig_change *seen[8] = {0};
    for (size_t i = 0; i < st->nchanges; i++) {
        const mig_change *ch = &st->changes[i];
        mig_opchange oc = {ch->kind, NULL, {0}};
        if (seen[ch->kind]) {
            mig_diag *g = ERR(ch->loc, "alter_column repeats a change");
            mig_note(s->d, g, s->src, seen[ch->kind]->loc, "first given here");
            ok = false;
            continue;
        }
        seen[ch->kind] = ch;
        switch (ch->kind) {
        case MIG_CHG_NULL:
            if (key) {
                mig_diag *g = ERR(ch->loc, "cannot make key column \"%s\" nullable", c->name);
                HINT(g, "%s", REBUILD_HINT);
                ok = false;
            } else if (!need_feature(s, MIG_FEAT_DROP_NOT_NULL, ch->loc)) ok = false;
            else if (!c->not_null) WARN(ch->loc, "column \"%s\" is already nullable; this change does nothing", c->name);
            break;
        case MIG_CHG_NOT_NULL: {
            mig_diag *g = ERR(ch->loc, "YDB cannot make an existing column NOT NULL (column \"%s\")", c->name);
            HINT(g, "Add a new NOT NULL column with a default (YDB 26.1 and later), copy the values with a yql step, "
                    "switch readers to it, and drop the old column.");
            ok = false;
            break;
        }
        case MIG_CHG_TYPE: {
            mig_diag *g = ERR(ch->loc, "YDB cannot change the type of a column (column \"%s\")", c->name);
            if (key) HINT(g, "%s", REBUILD_HINT);
            else HINT(g, "Add a column of the new type, copy the values with a yql step, switch readers to it, and drop the old column.");
            ok = false;
            break;
        }
        case MIG_CHG_RENAME: {
            mig_diag *g = ERR(ch->loc, "YDB cannot rename a column (column \"%s\")", c->name);
            if (key) HINT(g, "%s", REBUILD_HINT);
            else HINT(g, "Add a column named \"%s\", copy the values with a yql step, switch readers to it, and drop \"%s\".",
                      ch->name.s, c->name);
            ok = false;
            break;
        }
        case MIG_CHG_FAMILY:
            if (key) {
                mig_diag *g = ERR(ch->loc, "key column \"%s\" cannot move to another column family", c->name);
                HINT(g, "YDB keeps key columns in the default family.");
                ok = false;
            } else {
                oc.family = strcmp(ch->name.s, "default") == 0 ? NULL : ch->name.s;
                if (oc.family && mig_table_family(t, oc.family) < 0)
                    WARN(ch->name.loc, "column family \"%s\" does not exist on table \"%s\"; YDB creates it with default settings",
                         oc.family, t->path);
            }
            break;
        case MIG_CHG_DEFAULT:
            if (!need_feature(s, MIG_FEAT_SET_DROP_DEFAULT, ch->loc)) ok = false;
            else if (c->type.serial) {
                ERR(ch->loc, "a Serial column cannot have a default (column \"%s\")", c->name);
                ok = false;
            } else if (!mig_literal_check(s->a, s->d, s->src, ch->lit, &c->type, &oc.def)) ok = false;
            else if (oc.def.is_null && c->not_null) {
                ERR(ch->lit->loc, "column \"%s\" is NOT NULL but the default is null", c->name);
                ok = false;
            }
            break;
        case MIG_CHG_DROP_DEFAULT:
            if (!need_feature(s, MIG_FEAT_SET_DROP_DEFAULT, ch->loc)) ok = false;
            else if (!c->has_default) WARN(ch->loc, "column \"%s\" has no default; this change does nothing", c->name);
            break;
        }
        op->changes[op->nchanges++] = oc;
    }
    op->name = c->name;
    return ok;
}

static bool op_create_index(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    const mig_table *t = need_table(s, cur, &st->table);
    if (!t) return false;
    mig_cond cond = st->cond;
    int old = mig_table_index(t, st->index->name.s);
    mig_sindex *x = resolve_index(s, t, st->index, false, &cond);
    op->cond = cond;
    if (old >= 0) {
        if (cond == MIG_COND_IF_NOT_EXISTS) {
            op->noop = true;
            op->index = x;
            return x != NULL;
        }
        mig_diag *g = ERR(st->index->name.loc, "index \"%s\" already exists on table \"%s\"", st->index->name.s, t->path);
        note_at(s, g, t->indexes[old].where, "declared here");
        return false;
    }
    if (!x) return false;
    bool ok = true;
    if (x->unique && !mig_ydb_has(s->target, MIG_FEAT_ADD_UNIQUE_INDEX)) {
        mig_diag *g = ERR(st->index->name.loc, "YDB cannot add a unique index to an existing table (index \"%s\")", x->name);
        HINT(g, "Declare unique indexes inside create_table. To add one later, create a new table with the index, copy the "
                "data with a yql step, and swap the tables with rename_table.");
        ok = false;
    }
    if (t->nindexes >= MAX_INDEXES) {
        ERR(st->kw_loc, "table \"%s\" already has %d indexes; YDB allows at most %d", t->path, MAX_INDEXES, MAX_INDEXES);
        ok = false;
    }
    op->index = x;
    return ok;
}

static bool op_drop_index(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    const mig_table *t = mig_schema_find(cur, st->table.s);
    if (!t && st->cond == MIG_COND_IF_EXISTS) {
        op->noop = true;
        return true;
    }
    if (!t) return need_table(s, cur, &st->table), false;
    if (mig_table_index(t, st->name.s) < 0) {
        if (st->cond == MIG_COND_IF_EXISTS) {
            op->noop = true;
            return true;
        }
        need_index(s, t, &st->name);
        return false;
    }
    return true;
}

static bool op_rename_index(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = need_table(s, cur, &st->table);
    if (!t) return false;
    bool ok = need_index(s, t, &st->name) >= 0;
    if (!check_name(s, &st->name2, "index", false)) ok = false;
    int k = mig_table_index(t, st->name2.s);
    if (k >= 0) {
        mig_diag *g = ERR(st->name2.loc, "index \"%s\" already exists on table \"%s\"", st->name2.s, t->path);
        note_at(s, g, t->indexes[k].where, "declared here");
        ok = false;
    }
    return ok;
}

static bool op_set_ttl(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = need_table(s, cur, &st->table);
    if (!t) return false;
    return resolve_ttl(s, t, st->ttl, &op->ttl);
}

static bool op_reset_ttl(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = need_table(s, cur, &st->table);
    if (!t) return false;
    if (!t->ttl.set) WARN(st->kw_loc, "table \"%s\" has no TTL at this revision; this step does nothing", t->path);
    return true;
}

static bool op_set(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = need_table(s, cur, &st->table);
    bool ok = resolve_settings(s, &st->settings, MIG_SET_ALTER, &op->settings, &op->nsettings);
    bool enables = false, min = false;
    for (size_t i = 0; i < op->nsettings; i++) {
        const mig_kv *kv = &op->settings[i];
        if ((strcmp(kv->key, "AUTO_PARTITIONING_BY_SIZE") == 0 || strcmp(kv->key, "AUTO_PARTITIONING_BY_LOAD") == 0) &&
            strcmp(kv->value, "ENABLED") == 0)
            enables = true;
        if (strcmp(kv->key, "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT") == 0) min = true;
    }
    if (enables && !min) {
        const char *was = t ? mig_table_setting(t, "AUTO_PARTITIONING_MIN_PARTITIONS_COUNT") : NULL;
        mig_diag *g = WARN(st->settings.loc, "enabling auto-partitioning resets AUTO_PARTITIONING_MIN_PARTITIONS_COUNT to 1");
        HINT(g, "YDB does this even when the setting was already enabled. Restate the minimum in the same step%s%s%s.",
             was ? " (it is " : "", was ? was : "", was ? " now)" : "");
    }
    return ok && t;
}

static bool op_add_changefeed(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    const mig_table *t = need_table(s, cur, &st->table);
    bool ok = check_name(s, &st->name, "changefeed", false);
    mig_kv *v = mig_alloc(s->a, (st->settings.n + 1) * sizeof *v);
    size_t n = 0;
    bool mode = false, format = false;
    for (size_t i = 0; i < st->settings.n; i++) {
        /* a mode or format written wrongly is reported as such, not also as missing */
        mode = mode || strcasecmp(st->settings.v[i].key.s, "mode") == 0;
        format = format || strcasecmp(st->settings.v[i].key.s, "format") == 0;
        mig_kv kv;
        if (!mig_changefeed_option_check(s->a, s->d, s->src, &st->settings.v[i], s->target, &kv)) {
            ok = false;
            continue;
        }
        bool dup = false;
        for (size_t j = 0; j < n; j++) dup = dup || strcmp(v[j].key, kv.key) == 0;
        if (dup) {
            ERR(st->settings.v[i].key.loc, "option %s is given twice", kv.key);
            ok = false;
            continue;
        }
        v[n++] = kv;
    }
    if (!mode || !format) {
        mig_diag *g = ERR(st->name.loc, "changefeed \"%s\" needs a %s", st->name.s, !mode && !format ? "mode and a format" : !mode ? "mode" : "format");
        HINT(g, "For example: `add_changefeed %s %s (mode = updates, format = json);`.", st->table.s, st->name.s);
        ok = false;
    }
    op->settings = v;
    op->nsettings = n;
    if (t) {
        int k = mig_table_feed(t, st->name.s);
        if (k >= 0) {
            if (st->cond == MIG_COND_IF_NOT_EXISTS) op->noop = true;
            else {
                ERR(st->name.loc, "changefeed \"%s\" already exists on table \"%s\"", st->name.s, t->path);
                ok = false;
            }
        }
    }
    return ok && t;
}

static bool op_drop_changefeed(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    const mig_table *t = mig_schema_find(cur, st->table.s);
    if (!t && st->cond == MIG_COND_IF_EXISTS) {
        op->noop = true;
        return true;
    }
    if (!t) return need_table(s, cur, &st->table), false;
    if (mig_table_feed(t, st->name.s) < 0) {
        if (st->cond == MIG_COND_IF_EXISTS) {
            op->noop = true;
            return true;
        }
        ERR(st->name.loc, "changefeed \"%s\" does not exist on table \"%s\"", st->name.s, t->path);
        return false;
    }
    return true;
}

/* Words of YQL text outside strings and comments, to find schema statements. */
static const char *next_word(const char *p, const char *end, const char **ws, size_t *wn)
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

static bool word_is(const char *w, size_t n, const char *kw) { return strlen(kw) == n && strncasecmp(w, kw, n) == 0; }

static bool op_yql(S *s, const mig_step *st, mig_op *op)
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
    while ((p = next_word(p, end, &w, &wn))) {
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

/* Resolve one written step against `cur`. Returns true when the op may be applied. */
static bool resolve_step(S *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    memset(op, 0, sizeof *op);
    op->kind = st->kind;
    op->step = st;
    op->table = st->table.s;
    op->name = st->name.s;
    op->name2 = st->name2.s;
    op->cond = st->cond;
    switch (st->kind) {
    case MIG_STEP_CREATE_TABLE: return op_create_table(s, cur, st, op);
    case MIG_STEP_DROP_TABLE: return op_drop_table(s, cur, st, op);
    case MIG_STEP_RENAME_TABLE: return op_rename_table(s, cur, st, op);
    case MIG_STEP_ADD_COLUMN: return op_add_column(s, cur, st, op);
    case MIG_STEP_DROP_COLUMN: return op_drop_column(s, cur, st, op);
    case MIG_STEP_ALTER_COLUMN: return op_alter_column(s, cur, st, op);
    case MIG_STEP_CREATE_INDEX: return op_create_index(s, cur, st, op);
    case MIG_STEP_DROP_INDEX: return op_drop_index(s, cur, st, op);
    case MIG_STEP_RENAME_INDEX: return op_rename_index(s, cur, st, op);
    case MIG_STEP_SET_TTL: return op_set_ttl(s, cur, st, op);
    case MIG_STEP_RESET_TTL: return op_reset_ttl(s, cur, st, op);
    case MIG_STEP_SET: return op_set(s, cur, st, op);
    case MIG_STEP_ADD_CHANGEFEED: return op_add_changefeed(s, cur, st, op);
    case MIG_STEP_DROP_CHANGEFEED: return op_drop_changefeed(s, cur, st, op);
    case MIG_STEP_YQL:
    case MIG_STEP_C: return op_yql(s, st, op);
    }
    return false;
}

/* Does a failed op carry enough to be applied to the model? */
static bool applicable(const mig_op *op)
{
    switch (op->kind) {
    case MIG_STEP_CREATE_TABLE: return op->def != NULL;
    case MIG_STEP_RENAME_TABLE: return op->to != NULL;
    case MIG_STEP_ADD_COLUMN: return op->cols != NULL;
    case MIG_STEP_CREATE_INDEX: return op->index != NULL;
    case MIG_STEP_SET_TTL: return op->ttl.col != NULL;
    case MIG_STEP_DROP_TABLE: case MIG_STEP_DROP_INDEX:
    case MIG_STEP_RESET_TTL: case MIG_STEP_DROP_CHANGEFEED: return true;
    case MIG_STEP_ADD_CHANGEFEED: return op->settings != NULL;
    default: return false; /* alter_column, rename_index, set, yql, c: nothing to gain */
    }
}

/* Resolve and apply a section's steps to `cur`. Returns false if any step had errors. */
static bool run_steps(S *s, mig_schema *cur, const mig_steps *steps, mig_ops *out)
{
    bool ok = true;
    if (!out->cap && steps->n) {
        out->v = mig_alloc(s->a, steps->n * sizeof *out->v);
        out->cap = steps->n;
    }
    for (size_t i = 0; i < steps->n; i++) {
        mig_op op;
        unsigned before = s->d->nerrors;
        bool good = resolve_step(s, cur, steps->v[i], &op);
        if (!good) {
            ok = false;
            /* A step with errors still changes the model as far as it can (a table with
             * the columns that were right, a rename that YDB would refuse), so that later
             * steps and revisions are checked against what the author meant instead of
             * all failing with "does not exist". */
            if (s->d->nerrors == before || !applicable(&op)) continue;
        }
        const char *err = mig_op_apply(&s->sc, cur, &op);
        if (err && good) {
            ERR(steps->v[i]->loc, "%s", err);
            ok = false;
        }
        if (good) MIG_PUSH(s->a, out->v, out->n, out->cap, op);
    }
    return ok;
}

/* ---- the schema before a revision ---- */

/* Mark every ancestor of r (parents and depends_on) in `seen` (indexed by topo). An
 * explicit stack: a history may be any length. */
static void mark_ancestors(const mig_revision *r, unsigned char *seen)
{
    mig_ptrstack todo = {0};
    do {
        for (size_t i = 0; i < r->nparents + r->ndeps; i++) {
            const mig_revision *x = i < r->nparents ? r->parents[i] : r->deps[i - r->nparents];
            if (!x->in_order || seen[x->topo]) continue;
            seen[x->topo] = 1;
            mig_ptrstack_push(&todo, x);
        }
    } while ((r = mig_ptrstack_pop(&todo)) != NULL);
    mig_ptrstack_free(&todo);
}

static mig_schema *schema_before(S *s, mig_revision *r)
{
    mig_project *p = s->p;
    if (r->nparents == 1 && r->ndeps == 0) return mig_schema_clone(&s->sc, mig_sema_of(r->parents[0])->after);
    mig_schema *cur;
    unsigned char *have = mig_alloc(s->a, p->norder + 1);
    unsigned char *need = mig_alloc(s->a, p->norder + 1);
    if (r->nparents) {
        mig_revision *p0 = r->parents[0];
        cur = mig_schema_clone(&s->sc, mig_sema_of(p0)->after);
        have[p0->topo] = 1;
        mark_ancestors(p0, have);
    } else {
        cur = mig_schema_new(&s->sc);
    }
    mark_ancestors(r, need);
    for (size_t i = 0; i < r->topo; i++) {
        if (!need[i] || have[i]) continue;
        mig_revision *x = p->order[i];
        mig_rev_sema *xs = mig_sema_of(x);
        for (size_t j = 0; j < xs->up.n; j++) {
            mig_op op = xs->up.v[j];
            const char *err = mig_op_apply(&s->sc, cur, &op);
            if (err && op.step) {
                mig_diag *g = mig_report(s->d, MIG_SEV_ERROR, x->src, op.step->loc,
                                         "the branches merged by revision \"%s\" collide: %s", r->id, err);
                mig_note(s->d, g, r->src, r->id_loc, "merged here");
                mig_hint(s->d, g, "Two branches changed the same object. Make one branch revise the other, or rename one of the objects.");
            }
        }
    }
    return cur;
}

static void check_downgrade_in(S *s, mig_revision *r, mig_rev_sema *rs, mig_arena *scratch)
{
    if (r->downgrade) {
        mig_schema *cur = mig_schema_clone(&s->sc, rs->after);
        cur->nodes = scratch;
        unsigned errs = s->d->nerrors;
        bool ok = run_steps(s, cur, &r->downgrade->steps, &rs->down);
        if (ok && s->d->nerrors == errs && !rs->up_errors && !mig_schema_equal(cur, rs->before)) {
            mig_buf b = MIG_BUF_INIT;
            mig_schema_diff(cur, rs->before, "the schema after the downgrade", "the schema before the revision", &b, 5);
            mig_diag *g = WARN(r->downgrade->kw_loc, "the downgrade of revision \"%s\" does not restore the schema before it", r->id);
            while (b.len && b.s[b.len - 1] == '\n') b.s[--b.len] = '\0';
            mig_detail(s->d, g, "Differences:\n%s", mig_buf_str(&b));
            HINT(g, "Leave the downgrade out to have it derived, or make it undo every upgrade step.");
            mig_buf_free(&b);
        }
        return;
    }
    if (r->irreversible) {
        rs->down_missing = true;
        return;
    }
    if (rs->up_errors) return; /* nothing sensible to derive from */
    if (!mig_derive_downgrade(&s->sc, s->d, r, s->target, rs->before, &rs->up, &rs->down)) {
        rs->down_missing = true;
        return;
    }
    rs->down_derived = true;
    /* The derived downgrade must bring back the schema before the revision. */
    mig_schema *cur = mig_schema_clone(&s->sc, rs->after);
    cur->nodes = scratch;
    bool ok = true;
    for (size_t i = 0; i < rs->down.n && ok; i++) ok = mig_op_apply(&s->sc, cur, &rs->down.v[i]) == NULL;
    if (!ok || !mig_schema_equal(cur, rs->before)) {
        mig_buf b = MIG_BUF_INIT;
        mig_schema_diff(cur, rs->before, "after the derived downgrade", "before the revision", &b, 5);
        mig_diag *g = ERR(r->upgrade->kw_loc, "internal error: the derived downgrade of revision \"%s\" does not restore the schema", r->id);
        while (b.len && b.s[b.len - 1] == '\n') b.s[--b.len] = '\0';
        mig_detail(s->d, g, "%s", mig_buf_str(&b));
        HINT(g, "Please report this. Write an explicit downgrade block to continue.");
        mig_buf_free(&b);
        rs->down_missing = true;
    }
}

static void check_downgrade(S *s, mig_revision *r, mig_rev_sema *rs)
{
    /* The schemas replayed here only serve the comparison: their nodes go to a scratch
     * arena (the tables they make stay: they are the downgrade ops' post states). */
    mig_arena *scratch = mig_arena_new();
    check_downgrade_in(s, r, rs, scratch);
    mig_arena_free(scratch);
}

unsigned mig_sema_run(mig_project *p)
{
    S st = {0};
    S *s = &st;
    s->p = p;
    s->a = p->arena;
    s->d = p->diags;
    s->sc.arena = p->arena;
    s->target = p->target;
    mig_ydbver_str(p->target, s->tv);
    unsigned errs = s->d->nerrors;
    for (size_t i = 0; i < p->norder; i++) {
        mig_revision *r = p->order[i];
        mig_rev_sema *rs = mig_alloc(s->a, sizeof *rs);
        r->sema = rs;
        s->src = r->src;
        s->rev = r;
        rs->before = schema_before(s, r);
        mig_schema *cur = mig_schema_clone(&s->sc, rs->before);
        rs->up_errors = !run_steps(s, cur, &r->upgrade->steps, &rs->up);
        rs->after = cur;
        check_downgrade(s, r, rs);
    }
    return s->d->nerrors - errs;
}
