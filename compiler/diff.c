/* diff.c - see diff.h. */
#include "diff.h"

#include <string.h>

#include "../common/migtext.h"
#include "derive.h"
#include "diff_int.h"
#include "ptable.h"
#include "sema.h"
#include "settings.h"

static bool streq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

mig_op *diff_emit(diff_ctx *x, int ph, mig_step_kind kind, const char *table, const char *note)
{
    diff_phase *p = &x->ph[ph];
    diff_item it;
    memset(&it, 0, sizeof it);
    it.op.kind = kind;
    it.op.table = table;
    it.note = note;
    MIG_PUSH(x->a, p->v, p->n, p->cap, it);
    return &p->v[p->n - 1].op;
}

mig_diag *diff_refuse(diff_ctx *x, mig_where w, const char *table, const char *what)
{
    x->ok = false;
    if (w.src) return mig_report(x->d, MIG_SEV_ERROR, w.src, w.loc, "table \"%s\": %s", table, what);
    return mig_report_plain(x->d, MIG_SEV_ERROR, "table \"%s\": %s", table, what);
}

const mig_rename *diff_find_rename(const diff_ctx *x, mig_rename_kind k, const char *table, const char *to)
{
    for (size_t i = 0; i < x->want->nrenames; i++) {
        const mig_rename *r = &x->want->renames[i];
        if (r->kind == k && strcmp(r->table, table) == 0 && strcmp(r->to, to) == 0) return r;
    }
    return NULL;
}

static bool same_default(const mig_scol *a, const mig_scol *b)
{
    return a->has_default == b->has_default &&
           (!a->has_default || (a->def.is_null == b->def.is_null && streq(a->def.text, b->def.text)));
}

static bool same_feed(const mig_sfeed *x, const mig_sfeed *y)
{
    if (x->nopts != y->nopts) return false;
    for (size_t i = 0; i < x->nopts; i++) {
        bool found = false;
        for (size_t j = 0; j < y->nopts && !found; j++)
            found = strcmp(x->opts[i].key, y->opts[j].key) == 0 && streq(x->opts[i].value, y->opts[j].value);
        if (!found) return false;
    }
    return true;
}

bool diff_same_families(const mig_table *h, const mig_table *w)
{
    if (h->nfamilies != w->nfamilies) return false;
    for (size_t i = 0; i < h->nfamilies; i++) {
        int j = mig_table_family(w, h->families[i].name);
        if (j < 0 || !streq(h->families[i].data, w->families[j].data) ||
            !streq(h->families[i].compression, w->families[j].compression))
            return false;
    }
    return true;
}

const char *diff_key_str(mig_arena *a, const mig_table *t)
{
    char *s = mig_strdup(a, "(");
    for (size_t i = 0; i < t->npk; i++) s = mig_printf(a, "%s%s%s", s, i ? ", " : "", t->pk[i]);
    return mig_printf(a, "%s)", s);
}

/* Is column `name` of h the old name in a refused column rename? */
static bool rename_source(const diff_ctx *x, const mig_table *h, const mig_table *w, const char *name)
{
    for (size_t i = 0; i < x->want->nrenames; i++) {
        const mig_rename *r = &x->want->renames[i];
        if (r->kind == MIG_RENAME_COLUMN && strcmp(r->table, w->path) == 0 && strcmp(r->from, name) == 0 &&
            mig_table_col(h, r->to) < 0)
            return true;
    }
    return false;
}

void diff_refuse_column_rename(diff_ctx *x, const mig_rename *r, const char *table, const char *to)
{
    x->ok = false;
    mig_diag *g = mig_report(x->d, MIG_SEV_ERROR, r->src, r->loc,
                             "table \"%s\": column \"%s\" cannot be renamed to \"%s\": YDB cannot rename columns", table,
                             r->from, to);
    mig_hint(x->d, g, "Add the new column, copy the data (a yql step), then drop the old one; or rebuild "
                      "the table. Or keep the old name in schema.mig.");
}

void diff_refuse_not_null_add(diff_ctx *x, const mig_scol *c, const char *table)
{
    mig_diag *g = diff_refuse(x, c->where, table,
                              mig_printf(x->a, "column \"%s\" is added NOT NULL without a default, which YDB refuses", c->name));
    mig_hint(x->d, g, "Declare it nullable, fill it (a yql step in a revision of its own), and rebuild the "
                      "table to make it NOT NULL; or give it a default (YDB 26.1 and later).");
}

/* The columns of a table whose key, types and nullability stay (diff_rebuild.c has the
 * others). */
static void diff_columns(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    const char *path = w->path;
    mig_scol *adds = NULL;
    size_t nadd = 0, acap = 0;
    for (size_t i = 0; i < w->ncols; i++) {
        const mig_scol *wc = &w->cols[i];
        int j = mig_table_col(h, wc->name);
        if (j < 0) {
            const mig_rename *r = diff_find_rename(x, MIG_RENAME_COLUMN, path, wc->name);
            if (r && mig_table_col(h, r->from) >= 0 && mig_table_col(w, r->from) < 0) {
                diff_refuse_column_rename(x, r, path, wc->name);
                continue;
            }
            if (wc->not_null && !wc->has_default) {
                diff_refuse_not_null_add(x, wc, path);
                continue;
            }
            MIG_PUSH(x->a, adds, nadd, acap, *wc);
            continue;
        }
        const mig_scol *hc = &h->cols[j];
        if (mig_table_is_key(w, wc->name)) continue;
        mig_opchange ch[3];
        size_t nch = 0;
        if (hc->not_null && !wc->not_null) ch[nch++] = (mig_opchange){.kind = MIG_CHG_NULL};
        if (!streq(hc->family, wc->family)) ch[nch++] = (mig_opchange){.kind = MIG_CHG_FAMILY, .family = wc->family};
        if (!same_default(hc, wc)) {
            if (wc->has_default) ch[nch++] = (mig_opchange){.kind = MIG_CHG_DEFAULT, .def = wc->def};
            else ch[nch++] = (mig_opchange){.kind = MIG_CHG_DROP_DEFAULT};
        }
        if (!nch) continue;
        mig_op *op = diff_emit(x, PH_ALTER_COLUMN, MIG_STEP_ALTER_COLUMN, path, NULL);
        op->name = wc->name;
        op->changes = mig_dup(x->a, ch, nch * sizeof *ch);
        op->nchanges = nch;
    }
    if (nadd) {
        mig_op *op = diff_emit(x, PH_ADD_COLUMN, MIG_STEP_ADD_COLUMN, path, NULL);
        op->cols = adds;
        op->ncols = nadd;
    }
    const char **drops = NULL;
    size_t ndrop = 0, dcap = 0;
    for (size_t i = 0; i < h->ncols; i++) {
        const char *name = h->cols[i].name;
        /* a key column: the key changed; a refused rename: reported */
        if (mig_table_col(w, name) >= 0 || mig_table_is_key(h, name) || rename_source(x, h, w, name)) continue;
        MIG_PUSH(x->a, drops, ndrop, dcap, name);
    }
    if (ndrop) {
        char *list = mig_strdup(x->a, "");
        for (size_t i = 0; i < ndrop; i++) list = mig_printf(x->a, "%s%s\"%s\"", list, i ? ", " : "", drops[i]);
        const char *note = mig_printf(x->a, "destructive: drops column%s %s of table \"%s\" and the data in %s",
                                      ndrop == 1 ? "" : "s", list, path, ndrop == 1 ? "it" : "them");
        mig_op *op = diff_emit(x, PH_DROP_COLUMN, MIG_STEP_DROP_COLUMN, path, note);
        op->names = drops;
        op->nnames = ndrop;
        x->ndestructive++;
        mig_diag *g = mig_report_plain(x->d, MIG_SEV_WARNING, "table \"%s\": dropping column%s %s deletes %s data", path,
                                       ndrop == 1 ? "" : "s", list, ndrop == 1 ? "its" : "their");
        mig_hint(x->d, g, "If a column was renamed: YDB cannot rename columns; keep the old name in the declared schema.");
    }
}

/* The index of h that w's index `name` is (after a renamed_from hint), or -1. */
static int head_index(diff_ctx *x, const mig_table *h, const mig_table *w, const char *name, const char **from)
{
    *from = NULL;
    int j = mig_table_index(h, name);
    if (j >= 0) return j;
    const mig_rename *r = diff_find_rename(x, MIG_RENAME_INDEX, w->path, name);
    if (r && mig_table_index(w, r->from) < 0 && (j = mig_table_index(h, r->from)) >= 0) *from = r->from;
    return j;
}

static void diff_indexes(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    const char *path = w->path;
    bool *kept = mig_alloc(x->a, (h->nindexes + 1) * sizeof *kept);
    for (size_t i = 0; i < w->nindexes; i++) {
        const mig_sindex *wi = &w->indexes[i];
        const char *from;
        int j = head_index(x, h, w, wi->name, &from);
        if (j >= 0) {
            kept[j] = true;
            if (from) {
                mig_op *op = diff_emit(x, PH_RENAME_INDEX, MIG_STEP_RENAME_INDEX, path, NULL);
                op->name = from;
                op->name2 = wi->name;
            }
            if (mig_index_same(&h->indexes[j], wi)) continue;
            diff_emit(x, PH_CREATE_INDEX, MIG_STEP_DROP_INDEX, path, NULL)->name = wi->name;
        }
        diff_emit(x, PH_CREATE_INDEX, MIG_STEP_CREATE_INDEX, path, NULL)->index = mig_dup(x->a, wi, sizeof *wi);
    }
    for (size_t j = 0; j < h->nindexes; j++)
        if (!kept[j]) diff_emit(x, PH_DROP_INDEX, MIG_STEP_DROP_INDEX, path, NULL)->name = h->indexes[j].name;
}

static void diff_settings(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    mig_kv *v = NULL;
    size_t n = 0, cap = 0;
    for (size_t i = 0; i < w->nsettings; i++) {
        const char *k = w->settings[i].key, *hv = mig_table_setting(h, k);
        if (!streq(w->settings[i].value, hv ? hv : mig_setting_default(k))) MIG_PUSH(x->a, v, n, cap, w->settings[i]);
    }
    for (size_t i = 0; i < h->nsettings; i++) {
        const char *k = h->settings[i].key, *def = mig_setting_default(k);
        if (mig_table_setting(w, k) || streq(def, h->settings[i].value)) continue;
        if (!def) {
            mig_diag *g = diff_refuse(x, w->where, w->path,
                                 mig_printf(x->a, "setting %s is set at head and YDB has no default to return it to", k));
            mig_hint(x->d, g, "Keep the setting in the declared schema (`with (%s = %s);`).", k, h->settings[i].value);
            continue;
        }
        mig_kv kv = {k, def};
        MIG_PUSH(x->a, v, n, cap, kv);
    }
    if (!n) return;
    mig_op *op = diff_emit(x, PH_SET, MIG_STEP_SET, w->path, NULL);
    op->settings = v;
    op->nsettings = n;
}

static void diff_ttl(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    const char *path = w->path;
    if (h->ttl.set != w->ttl.set || (w->ttl.set && (!streq(h->ttl.col, w->ttl.col) || h->ttl.seconds != w->ttl.seconds ||
                                                    !streq(h->ttl.unit, w->ttl.unit)))) {
        if (w->ttl.set) diff_emit(x, PH_TTL, MIG_STEP_SET_TTL, path, NULL)->ttl = w->ttl;
        else diff_emit(x, PH_TTL, MIG_STEP_RESET_TTL, path, NULL);
    }
}

static void add_feed(diff_ctx *x, const char *path, const mig_sfeed *f)
{
    mig_op *op = diff_emit(x, PH_ADD_FEED, MIG_STEP_ADD_CHANGEFEED, path, NULL);
    op->name = f->name;
    op->settings = f->opts;
    op->nsettings = f->nopts;
}

static void diff_table(diff_ctx *x, const mig_table *h, const mig_table *w)
{
    const char *path = w->path;
    if (!diff_rebuild(x, h, w)) {
        diff_columns(x, h, w);
        diff_indexes(x, h, w);
        diff_ttl(x, h, w);
        diff_settings(x, h, w);
    }
    for (size_t i = 0; i < w->nfeeds; i++) {
        int j = mig_table_feed(h, w->feeds[i].name);
        if (j >= 0 && same_feed(&h->feeds[j], &w->feeds[i])) continue;
        if (j >= 0) diff_emit(x, PH_ADD_FEED, MIG_STEP_DROP_CHANGEFEED, path, NULL)->name = w->feeds[i].name;
        add_feed(x, path, &w->feeds[i]);
    }
    for (size_t j = 0; j < h->nfeeds; j++)
        if (mig_table_feed(w, h->feeds[j].name) < 0)
            diff_emit(x, PH_DROP_FEED, MIG_STEP_DROP_CHANGEFEED, path, NULL)->name = h->feeds[j].name;
}

/* The declared table that says it was renamed from head's table `old`, if the rename is
 * still to be made. */
static const mig_table *renamed_to(diff_ctx *x, const mig_schema *head, const char *old)
{
    for (size_t i = 0; i < x->want->nrenames; i++) {
        const mig_rename *r = &x->want->renames[i];
        if (r->kind != MIG_RENAME_TABLE || strcmp(r->from, old) != 0) continue;
        if (mig_schema_find(head, r->to) || mig_schema_find(x->want->schema, old)) continue;
        return mig_schema_find(x->want->schema, r->to);
    }
    return NULL;
}

/* The declared table whose rebuild kept `path` (T__before_<REV>), or NULL. */
static const char *kept_by(diff_ctx *x, const char *path)
{
    const char *m = NULL;
    for (const char *p = strstr(path, "__before_"); p; p = strstr(p + 1, "__before_")) m = p;
    if (!m || m == path) return NULL;
    const char *t = mig_strndup(x->a, path, (size_t)(m - path));
    return mig_schema_find(x->want->schema, t) ? t : NULL;
}

const mig_table *diff_new_shape(diff_ctx *x, const mig_table *w)
{
    mig_table *def = mig_table_copy(x->a, w);
    def->feeds = NULL;
    def->nfeeds = 0;
    def->gen = 0;
    return def;
}

static void create_table(diff_ctx *x, const mig_table *w)
{
    diff_emit(x, PH_CREATE_TABLE, MIG_STEP_CREATE_TABLE, w->path, NULL)->def = diff_new_shape(x, w);
    for (size_t i = 0; i < w->nfeeds; i++) add_feed(x, w->path, &w->feeds[i]);
}

bool mig_diff_run(mig_schema_ctx *c, mig_diags *d, const mig_schema *head, const mig_declared *want, mig_diff *out)
{
    memset(out, 0, sizeof *out);
    diff_ctx x = {.c = c, .a = c->arena, .d = d, .want = want, .ok = true};
    const mig_schema *ws = want->schema;
    for (size_t i = 0; i < want->nrenames; i++) {
        const mig_rename *r = &want->renames[i];
        if (r->kind == MIG_RENAME_TABLE && !mig_schema_find(head, r->to) && !mig_schema_find(head, r->from)) {
            mig_diag *g = mig_report(d, MIG_SEV_WARNING, r->src, r->loc, "renamed_from \"%s\": there is no table \"%s\" at head",
                                     r->from, r->from);
            mig_hint(d, g, "Table \"%s\" is created as a new table.", r->to);
        }
    }
    for (const mig_table *h = mig_schema_first(head); h; h = mig_schema_next(head, h)) {
        const mig_table *w = mig_schema_find(ws, h->path);
        if (!w && (w = renamed_to(&x, head, h->path)) != NULL) {
            if (h->nfeeds) {
                mig_diag *g = diff_refuse(&x, w->where, w->path,
                                     mig_printf(x.a, "it cannot be renamed from \"%s\", which has a changefeed", h->path));
                mig_hint(d, g, "YDB cannot move a table with changefeeds. Drop the changefeed in one revision first.");
                continue;
            }
            mig_op *op = diff_emit(&x, PH_RENAME_TABLE, MIG_STEP_RENAME_TABLE, h->path, NULL);
            op->to = w->path;
        }
        if (w) {
            if (w != h) diff_table(&x, h, w);
            continue;
        }
        diff_emit(&x, PH_DROP_TABLE, MIG_STEP_DROP_TABLE, h->path,
             mig_printf(x.a, "destructive: drops table \"%s\" and its data", h->path));
        x.ndestructive++;
        mig_diag *g = mig_report_plain(d, MIG_SEV_WARNING, "dropping table \"%s\" deletes its data", h->path);
        const char *rebuilt = kept_by(&x, h->path);
        if (rebuilt)
            mig_hint(d, g, "It is the old table a rebuild of \"%s\" kept: drop it once the rebuilt table is checked.",
                     rebuilt);
        else mig_hint(d, g, "If the table was renamed, write `renamed_from \"%s\";` in the new table's block.", h->path);
    }
    for (const mig_table *w = mig_schema_first(ws); w; w = mig_schema_next(ws, w)) {
        if (mig_schema_find(head, w->path)) continue;
        const mig_rename *r = diff_find_rename(&x, MIG_RENAME_TABLE, w->path, w->path);
        if (r && mig_schema_find(head, r->from) && !mig_schema_find(ws, r->from)) continue; /* renamed above */
        create_table(&x, w);
    }
    size_t total = 0;
    for (int p = 0; p < PH_COUNT; p++) total += x.ph[p].n;
    out->ops.v = mig_alloc(x.a, (total + 1) * sizeof *out->ops.v);
    out->ops.cap = total + 1;
    out->notes = mig_alloc(x.a, (total + 1) * sizeof *out->notes);
    for (int p = 0; p < PH_COUNT; p++)
        for (size_t i = 0; i < x.ph[p].n; i++) {
            out->notes[out->ops.n] = x.ph[p].v[i].note;
            out->ops.v[out->ops.n++] = x.ph[p].v[i].op;
        }
    out->ndestructive = x.ndestructive;
    if (!x.ok) return false;

    /* The steps must give the declared schema: replay them on head. */
    mig_schema *s = mig_schema_clone(c, head);
    for (size_t i = 0; i < out->ops.n; i++) {
        const char *err = mig_op_apply(c, s, &out->ops.v[i]);
        if (err) {
            mig_report_plain(d, MIG_SEV_ERROR, "internal error: step %zu of the diff does not apply: %s", i + 1, err);
            return false;
        }
    }
    /* a rebuild keeps the old table, which the declared schema does not have: a later
     * revision drops it (the next `migc diff` proposes that drop_table) */
    for (size_t i = 0; i < out->ops.n; i++)
        if (out->ops.v[i].kind == MIG_STEP_REBUILD_TABLE) mig_schema_remove(c, s, out->ops.v[i].to);
    if (!mig_schema_equal(s, ws)) {
        mig_buf b = MIG_BUF_INIT;
        mig_schema_diff(s, ws, "the result", "the declared schema", &b, 10);
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "migc diff cannot express every difference");
        mig_detail(d, g, "After the steps, these differences remain:\n%s", mig_buf_str(&b));
        mig_buf_free(&b);
        return false;
    }
    return true;
}

/* A step written as a block, with a blank line before and after it. */
static bool block_step(mig_step_kind k)
{
    return k == MIG_STEP_CREATE_TABLE || k == MIG_STEP_ADD_COLUMN || k == MIG_STEP_ALTER_COLUMN ||
           k == MIG_STEP_REBUILD_TABLE;
}

void mig_diff_print(mig_arena *a, mig_buf *out, const mig_schema *head, const mig_diff *df, const char *indent)
{
    for (size_t i = 0; i < df->ops.n; i++) {
        const mig_op *op = &df->ops.v[i];
        if (i && (block_step(op->kind) || block_step(df->ops.v[i - 1].kind))) mig_buf_putc(out, '\n');
        if (df->notes[i]) mig_buf_printf(out, "%s-- %s\n", indent, df->notes[i]);
        const char *why = NULL;
        const mig_table *pre = op->kind == MIG_STEP_ALTER_COLUMN ? mig_ops_table_before(&df->ops, i, head) : NULL;
        if (mig_text_step(a, out, mig_pstep_of(a, op, pre), indent, &why) != 0)
            mig_buf_printf(out, "%s-- (cannot be written in .mig: %s)\n", indent, why);
    }
}

/* The downgrade section: none when the compiler derives it; otherwise irreversible, with
 * the reasons as comments. */
static const char *downgrade_text(mig_arena *a, mig_schema_ctx *sc, mig_ydbver target, const mig_schema *head,
                                  const mig_diff *df)
{
    mig_diags sd;
    mig_diags_init(&sd, a);
    mig_section up = {0};
    mig_revision r = {0};
    r.id = "new";
    r.upgrade = &up;
    mig_ops down = {0};
    if (mig_derive_downgrade(sc, &sd, &r, target, head, &df->ops, &down)) return "";
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "\n-- The downgrade cannot be derived:\n");
    for (size_t i = 0; i < sd.n; i++) {
        const char *m = strstr(sd.v[i]->msg, "automatically: ");
        mig_buf_printf(&b, "--   %s\n", m ? m + strlen("automatically: ") : sd.v[i]->msg);
    }
    mig_buf_puts(&b, "downgrade irreversible;\n");
    const char *s = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return s;
}

const char *mig_diff_revision_body(mig_schema_ctx *c, mig_ydbver target, const mig_schema *head, const mig_diff *df)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "\nupgrade <\n");
    mig_diff_print(c->arena, &b, head, df, "  ");
    mig_buf_printf(&b, ">\n%s", downgrade_text(c->arena, c, target, head, df));
    const char *s = mig_strdup(c->arena, mig_buf_str(&b));
    mig_buf_free(&b);
    return s;
}
