/* diff.c - see diff.h. */
#include "diff.h"

#include <string.h>

#include "../common/migtext.h"
#include "derive.h"
#include "ptable.h"
#include "sema.h"
#include "settings.h"

enum {
    PH_RENAME_TABLE, PH_CREATE_TABLE, PH_ADD_COLUMN, PH_ALTER_COLUMN, PH_RENAME_INDEX, PH_CREATE_INDEX, PH_TTL,
    PH_SET, PH_ADD_FEED, PH_DROP_FEED, PH_DROP_INDEX, PH_DROP_COLUMN, PH_DROP_TABLE, PH_COUNT
};

typedef struct item {
    mig_op op;
    const char *note;
} item;

typedef struct phase {
    item *v;
    size_t n, cap;
} phase;

typedef struct D {
    mig_schema_ctx *c;
    mig_arena *a;
    mig_diags *d;
    const mig_declared *want;
    phase ph[PH_COUNT];
    bool ok;
    size_t ndestructive;
} D;

/* The hint of a refused change: rebuild_table, in a revision written by hand. */
static void rebuild_hint(D *x, mig_diag *g, mig_rebuild_why why, const char *table, const char *col,
                         const mig_coltype *type)
{
    char tb[64];
    mig_hint(x->d, g, "%s Write that revision by hand with `migc new`; `migc diff` writes the rest afterwards.",
             mig_rebuild_hint(x->a, why, table, col, type ? mig_coltype_str(type, true, tb) : NULL));
}

static bool streq(const char *a, const char *b) { return a == b || (a && b && strcmp(a, b) == 0); }

static mig_op *emit(D *x, int ph, mig_step_kind kind, const char *table, const char *note)
{
    phase *p = &x->ph[ph];
    item it;
    memset(&it, 0, sizeof it);
    it.op.kind = kind;
    it.op.table = table;
    it.note = note;
    MIG_PUSH(x->a, p->v, p->n, p->cap, it);
    return &p->v[p->n - 1].op;
}

/* A refusal, at the declared object when it is in a file. */
static mig_diag *refuse(D *x, mig_where w, const char *table, const char *what)
{
    x->ok = false;
    if (w.src) return mig_report(x->d, MIG_SEV_ERROR, w.src, w.loc, "table \"%s\": %s", table, what);
    return mig_report_plain(x->d, MIG_SEV_ERROR, "table \"%s\": %s", table, what);
}

static const mig_rename *find_rename(const D *x, mig_rename_kind k, const char *table, const char *to)
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

static bool same_families(const mig_table *h, const mig_table *w)
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

static const char *key_str(mig_arena *a, const mig_table *t)
{
    char *s = mig_strdup(a, "(");
    for (size_t i = 0; i < t->npk; i++) s = mig_printf(a, "%s%s%s", s, i ? ", " : "", t->pk[i]);
    return mig_printf(a, "%s)", s);
}

/* Is column `name` of h the old name in a refused column rename? */
static bool rename_source(const D *x, const mig_table *h, const mig_table *w, const char *name)
{
    for (size_t i = 0; i < x->want->nrenames; i++) {
        const mig_rename *r = &x->want->renames[i];
        if (r->kind == MIG_RENAME_COLUMN && strcmp(r->table, w->path) == 0 && strcmp(r->from, name) == 0 &&
            mig_table_col(h, r->to) < 0)
            return true;
    }
    return false;
}

static void diff_columns(D *x, const mig_table *h, const mig_table *w, bool key_same)
{
    const char *path = w->path;
    mig_scol *adds = NULL;
    size_t nadd = 0, acap = 0;
    for (size_t i = 0; i < w->ncols; i++) {
        const mig_scol *wc = &w->cols[i];
        int j = mig_table_col(h, wc->name);
        if (j < 0) {
            const mig_rename *r = find_rename(x, MIG_RENAME_COLUMN, path, wc->name);
            if (r && mig_table_col(h, r->from) >= 0 && mig_table_col(w, r->from) < 0) {
                x->ok = false;
                mig_diag *g = mig_report(x->d, MIG_SEV_ERROR, r->src, r->loc,
                                         "table \"%s\": column \"%s\" cannot be renamed to \"%s\": YDB cannot rename columns",
                                         path, r->from, wc->name);
                mig_hint(x->d, g, "Add the new column, copy the data (a yql step), then drop the old one; or rebuild "
                                  "the table. Or keep the old name in schema.mig.");
                continue;
            }
            if (mig_table_is_key(w, wc->name)) continue; /* the key changed: reported */
            if (wc->not_null && !wc->has_default) {
                mig_diag *g = refuse(x, wc->where, path,
                                     mig_printf(x->a, "column \"%s\" is added NOT NULL without a default, which YDB refuses", wc->name));
                mig_hint(x->d, g, "Declare it nullable, fill it (a yql step in a revision of its own), and rebuild the "
                                  "table to make it NOT NULL; or give it a default (YDB 26.1 and later).");
                continue;
            }
            MIG_PUSH(x->a, adds, nadd, acap, *wc);
            continue;
        }
        const mig_scol *hc = &h->cols[j];
        char tb1[64], tb2[64];
        if (hc->type.id != wc->type.id || hc->type.precision != wc->type.precision || hc->type.scale != wc->type.scale ||
            hc->type.serial != wc->type.serial) {
            mig_diag *g = refuse(x, wc->where, path,
                                 mig_printf(x->a, "column \"%s\" changes type from %s to %s", wc->name,
                                            mig_coltype_str(&hc->type, false, tb1), mig_coltype_str(&wc->type, false, tb2)));
            rebuild_hint(x, g, MIG_REBUILD_TYPE, path, wc->name, &wc->type);
            continue;
        }
        if (mig_table_is_key(w, wc->name) || mig_table_is_key(h, wc->name)) {
            if (key_same && hc->not_null != wc->not_null) {
                mig_diag *g = refuse(x, wc->where, path,
                                     mig_printf(x->a, "key column \"%s\" changes nullability", wc->name));
                rebuild_hint(x, g, MIG_REBUILD_SHAPE, path, NULL, NULL);
            }
            continue;
        }
        if (!hc->not_null && wc->not_null) {
            mig_diag *g = refuse(x, wc->where, path,
                                 mig_printf(x->a, "column \"%s\" becomes not null; YDB cannot add NOT NULL to an existing column", wc->name));
            rebuild_hint(x, g, MIG_REBUILD_NOT_NULL, path, wc->name, &wc->type);
            continue;
        }
        mig_opchange ch[3];
        size_t nch = 0;
        if (hc->not_null && !wc->not_null) ch[nch++] = (mig_opchange){.kind = MIG_CHG_NULL};
        if (!streq(hc->family, wc->family)) ch[nch++] = (mig_opchange){.kind = MIG_CHG_FAMILY, .family = wc->family};
        if (!same_default(hc, wc)) {
            if (wc->has_default) ch[nch++] = (mig_opchange){.kind = MIG_CHG_DEFAULT, .def = wc->def};
            else ch[nch++] = (mig_opchange){.kind = MIG_CHG_DROP_DEFAULT};
        }
        if (!nch) continue;
        mig_op *op = emit(x, PH_ALTER_COLUMN, MIG_STEP_ALTER_COLUMN, path, NULL);
        op->name = wc->name;
        op->changes = mig_dup(x->a, ch, nch * sizeof *ch);
        op->nchanges = nch;
    }
    if (nadd) {
        mig_op *op = emit(x, PH_ADD_COLUMN, MIG_STEP_ADD_COLUMN, path, NULL);
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
        mig_op *op = emit(x, PH_DROP_COLUMN, MIG_STEP_DROP_COLUMN, path, note);
        op->names = drops;
        op->nnames = ndrop;
        x->ndestructive++;
        mig_diag *g = mig_report_plain(x->d, MIG_SEV_WARNING, "table \"%s\": dropping column%s %s deletes %s data", path,
                                       ndrop == 1 ? "" : "s", list, ndrop == 1 ? "its" : "their");
        mig_hint(x->d, g, "If a column was renamed: YDB cannot rename columns; keep the old name in the declared schema.");
    }
}

/* The index of h that w's index `name` is (after a renamed_from hint), or -1. */
static int head_index(D *x, const mig_table *h, const mig_table *w, const char *name, const char **from)
{
    *from = NULL;
    int j = mig_table_index(h, name);
    if (j >= 0) return j;
    const mig_rename *r = find_rename(x, MIG_RENAME_INDEX, w->path, name);
    if (r && mig_table_index(w, r->from) < 0 && (j = mig_table_index(h, r->from)) >= 0) *from = r->from;
    return j;
}

static void diff_indexes(D *x, const mig_table *h, const mig_table *w)
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
                mig_op *op = emit(x, PH_RENAME_INDEX, MIG_STEP_RENAME_INDEX, path, NULL);
                op->name = from;
                op->name2 = wi->name;
            }
            if (mig_index_same(&h->indexes[j], wi)) continue;
            emit(x, PH_CREATE_INDEX, MIG_STEP_DROP_INDEX, path, NULL)->name = wi->name;
        }
        emit(x, PH_CREATE_INDEX, MIG_STEP_CREATE_INDEX, path, NULL)->index = mig_dup(x->a, wi, sizeof *wi);
    }
    for (size_t j = 0; j < h->nindexes; j++)
        if (!kept[j]) emit(x, PH_DROP_INDEX, MIG_STEP_DROP_INDEX, path, NULL)->name = h->indexes[j].name;
}

static void diff_settings(D *x, const mig_table *h, const mig_table *w)
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
            mig_diag *g = refuse(x, w->where, w->path,
                                 mig_printf(x->a, "setting %s is set at head and YDB has no default to return it to", k));
            mig_hint(x->d, g, "Keep the setting in the declared schema (`with (%s = %s);`).", k, h->settings[i].value);
            continue;
        }
        mig_kv kv = {k, def};
        MIG_PUSH(x->a, v, n, cap, kv);
    }
    if (!n) return;
    mig_op *op = emit(x, PH_SET, MIG_STEP_SET, w->path, NULL);
    op->settings = v;
    op->nsettings = n;
}

static void add_feed(D *x, const char *path, const mig_sfeed *f)
{
    mig_op *op = emit(x, PH_ADD_FEED, MIG_STEP_ADD_CHANGEFEED, path, NULL);
    op->name = f->name;
    op->settings = f->opts;
    op->nsettings = f->nopts;
}

static void diff_table(D *x, const mig_table *h, const mig_table *w)
{
    const char *path = w->path;
    bool key_same = h->npk == w->npk;
    for (size_t i = 0; key_same && i < h->npk; i++) key_same = strcmp(h->pk[i], w->pk[i]) == 0;
    if (!key_same) {
        mig_diag *g = refuse(x, w->where, path,
                             mig_printf(x->a, "the primary key changes from %s to %s", key_str(x->a, h), key_str(x->a, w)));
        rebuild_hint(x, g, MIG_REBUILD_SHAPE, path, NULL, NULL);
    }
    if (!same_families(h, w)) {
        mig_diag *g = refuse(x, w->where, path, "its column families change");
        rebuild_hint(x, g, MIG_REBUILD_SHAPE, path, NULL, NULL);
    }
    diff_columns(x, h, w, key_same);
    diff_indexes(x, h, w);
    if (h->ttl.set != w->ttl.set || (w->ttl.set && (!streq(h->ttl.col, w->ttl.col) || h->ttl.seconds != w->ttl.seconds ||
                                                    !streq(h->ttl.unit, w->ttl.unit)))) {
        if (w->ttl.set) emit(x, PH_TTL, MIG_STEP_SET_TTL, path, NULL)->ttl = w->ttl;
        else emit(x, PH_TTL, MIG_STEP_RESET_TTL, path, NULL);
    }
    diff_settings(x, h, w);
    for (size_t i = 0; i < w->nfeeds; i++) {
        int j = mig_table_feed(h, w->feeds[i].name);
        if (j >= 0 && same_feed(&h->feeds[j], &w->feeds[i])) continue;
        if (j >= 0) emit(x, PH_ADD_FEED, MIG_STEP_DROP_CHANGEFEED, path, NULL)->name = w->feeds[i].name;
        add_feed(x, path, &w->feeds[i]);
    }
    for (size_t j = 0; j < h->nfeeds; j++)
        if (mig_table_feed(w, h->feeds[j].name) < 0)
            emit(x, PH_DROP_FEED, MIG_STEP_DROP_CHANGEFEED, path, NULL)->name = h->feeds[j].name;
}

/* The declared table that says it was renamed from head's table `old`, if the rename is
 * still to be made. */
static const mig_table *renamed_to(D *x, const mig_schema *head, const char *old)
{
    for (size_t i = 0; i < x->want->nrenames; i++) {
        const mig_rename *r = &x->want->renames[i];
        if (r->kind != MIG_RENAME_TABLE || strcmp(r->from, old) != 0) continue;
        if (mig_schema_find(head, r->to) || mig_schema_find(x->want->schema, old)) continue;
        return mig_schema_find(x->want->schema, r->to);
    }
    return NULL;
}

static void create_table(D *x, const mig_table *w)
{
    mig_table *def = mig_table_copy(x->a, w);
    def->feeds = NULL;
    def->nfeeds = 0;
    def->gen = 0;
    emit(x, PH_CREATE_TABLE, MIG_STEP_CREATE_TABLE, w->path, NULL)->def = def;
    for (size_t i = 0; i < w->nfeeds; i++) add_feed(x, w->path, &w->feeds[i]);
}

bool mig_diff_run(mig_schema_ctx *c, mig_diags *d, const mig_schema *head, const mig_declared *want, mig_diff *out)
{
    memset(out, 0, sizeof *out);
    D x = {.c = c, .a = c->arena, .d = d, .want = want, .ok = true};
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
                mig_diag *g = refuse(&x, w->where, w->path,
                                     mig_printf(x.a, "it cannot be renamed from \"%s\", which has a changefeed", h->path));
                mig_hint(d, g, "YDB cannot move a table with changefeeds. Drop the changefeed in one revision first.");
                continue;
            }
            mig_op *op = emit(&x, PH_RENAME_TABLE, MIG_STEP_RENAME_TABLE, h->path, NULL);
            op->to = w->path;
        }
        if (w) {
            if (w != h) diff_table(&x, h, w);
            continue;
        }
        emit(&x, PH_DROP_TABLE, MIG_STEP_DROP_TABLE, h->path,
             mig_printf(x.a, "destructive: drops table \"%s\" and its data", h->path));
        x.ndestructive++;
        mig_diag *g = mig_report_plain(d, MIG_SEV_WARNING, "dropping table \"%s\" deletes its data", h->path);
        mig_hint(d, g, "If the table was renamed, write `renamed_from \"%s\";` in the new table's block.", h->path);
    }
    for (const mig_table *w = mig_schema_first(ws); w; w = mig_schema_next(ws, w)) {
        if (mig_schema_find(head, w->path)) continue;
        const mig_rename *r = find_rename(&x, MIG_RENAME_TABLE, w->path, w->path);
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

void mig_diff_print(mig_arena *a, mig_buf *out, const mig_schema *head, const mig_diff *df, const char *indent)
{
    for (size_t i = 0; i < df->ops.n; i++) {
        const mig_op *op = &df->ops.v[i];
        if (i && (op->kind == MIG_STEP_CREATE_TABLE || df->ops.v[i - 1].kind == MIG_STEP_CREATE_TABLE ||
                  df->ops.v[i - 1].kind == MIG_STEP_ADD_COLUMN || op->kind == MIG_STEP_ADD_COLUMN ||
                  op->kind == MIG_STEP_ALTER_COLUMN || df->ops.v[i - 1].kind == MIG_STEP_ALTER_COLUMN))
            mig_buf_putc(out, '\n');
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
