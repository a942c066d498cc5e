/* sema_index.c - what hangs off a table: indexes, TTL, settings and changefeeds, both
 * inside create_table and as steps of their own.
 */
#include "sema_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

/* ---- indexes and TTL ---- */

static bool resolve_index_cols(sema_ctx *s, const mig_table *t, const mig_names *cols, const char ***out, size_t *nout,
                               const char *idx, bool key)
{
    bool ok = true;
    const char **v = mig_alloc(s->a, (cols->n + 1) * sizeof *v);
    size_t n = 0;
    for (size_t i = 0; i < cols->n; i++) {
        const mig_name *c = &cols->v[i];
        int k = sema_need_col(s, t, c);
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

mig_sindex *sema_resolve_index(sema_ctx *s, const mig_table *t, const mig_index *ix, bool in_create, mig_cond *cond)
{
    bool ok = sema_check_name(s, &ix->name, "index", false);
    mig_sindex *x = mig_alloc(s->a, sizeof *x);
    x->name = ix->name.s;
    x->where = sema_here(s, ix->name.loc);
    const mig_idxopt *sync = NULL, *async = NULL, *unique = NULL, *cover = NULL;
    for (size_t i = 0; i < ix->nopts; i++) {
        const mig_idxopt *o = &ix->opts[i];
        const mig_idxopt **slot = o->kind == MIG_IDX_UNIQUE ? &unique : o->kind == MIG_IDX_ASYNC ? &async
                                 : o->kind == MIG_IDX_SYNC ? &sync : o->kind == MIG_IDX_COVER ? &cover : NULL;
        if (o->kind == MIG_IDX_RENAMED_FROM) {
            if (!sema_renamed_from_ok(s, o->loc)) ok = false;
            continue;
        }
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

bool sema_resolve_ttl(sema_ctx *s, const mig_table *t, const mig_ttl *ttl, mig_sttl *out)
{
    memset(out, 0, sizeof *out);
    int k = sema_need_col(s, t, &ttl->col);
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
    out->where = sema_here(s, ttl->loc);
    return ok;
}

/* ---- settings ---- */

bool sema_resolve_settings(sema_ctx *s, const mig_settings *in, mig_setting_ctx ctx, mig_kv **out, size_t *nout)
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

bool sema_op_create_index(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    mig_cond cond = st->cond;
    int old = mig_table_index(t, st->index->name.s);
    mig_sindex *x = sema_resolve_index(s, t, st->index, false, &cond);
    op->cond = cond;
    if (old >= 0) {
        if (cond == MIG_COND_IF_NOT_EXISTS) {
            op->noop = true;
            op->index = x;
            return x != NULL;
        }
        mig_diag *g = ERR(st->index->name.loc, "index \"%s\" already exists on table \"%s\"", st->index->name.s, t->path);
        sema_note_at(s, g, t->indexes[old].where, "declared here");
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

/* A drop of a table's index or changefeed (looked up by `find`): true when it exists, or
 * when `if exists` makes the step a no-op (a missing table or member). Otherwise false: a
 * missing table is reported here (*t NULL), a missing member is the caller's to report. */
static bool drop_member_exists(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op,
                               int (*find)(const mig_table *, const char *), const mig_table **t)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_EXISTS);
    *t = mig_schema_find(cur, st->table.s);
    bool found = *t && find(*t, st->name.s) >= 0;
    if (!found && st->cond == MIG_COND_IF_EXISTS) {
        op->noop = true;
        return true;
    }
    if (!*t) sema_need_table(s, cur, &st->table);
    return found;
}

bool sema_op_drop_index(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t;
    if (drop_member_exists(s, cur, st, op, mig_table_index, &t)) return true;
    if (t) sema_need_index(s, t, &st->name);
    return false;
}

bool sema_op_rename_index(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    bool ok = sema_need_index(s, t, &st->name) >= 0;
    if (!sema_check_name(s, &st->name2, "index", false)) ok = false;
    int k = mig_table_index(t, st->name2.s);
    if (k >= 0) {
        mig_diag *g = ERR(st->name2.loc, "index \"%s\" already exists on table \"%s\"", st->name2.s, t->path);
        sema_note_at(s, g, t->indexes[k].where, "declared here");
        ok = false;
    }
    return ok;
}

bool sema_op_set_ttl(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    return sema_resolve_ttl(s, t, st->ttl, &op->ttl);
}

bool sema_op_reset_ttl(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    if (!t) return false;
    if (!t->ttl.set) WARN(st->kw_loc, "table \"%s\" has no TTL at this revision; this step does nothing", t->path);
    return true;
}

bool sema_op_set(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t = sema_need_table(s, cur, &st->table);
    bool ok = sema_resolve_settings(s, &st->settings, MIG_SET_ALTER, &op->settings, &op->nsettings);
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

bool sema_op_add_changefeed(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    sema_cond_not_allowed(s, st, MIG_COND_IF_NOT_EXISTS);
    const mig_table *t = sema_need_table(s, cur, &st->table);
    bool ok = sema_check_name(s, &st->name, "changefeed", false);
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

bool sema_op_drop_changefeed(sema_ctx *s, const mig_schema *cur, const mig_step *st, mig_op *op)
{
    const mig_table *t;
    if (drop_member_exists(s, cur, st, op, mig_table_feed, &t)) return true;
    if (t) ERR(st->name.loc, "changefeed \"%s\" does not exist on table \"%s\"", st->name.s, t->path);
    return false;
}

