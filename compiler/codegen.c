/* codegen.c - writing a revision's plugin as C.
 *
 * The output is meant to be read: one static constant per table state, per step list and
 * for the descriptor, in the order they are needed, with comments naming what each is.
 * Table states are shared between steps (schemas are persistent), so each distinct
 * mig_table is emitted once.
 */
#include "codegen.h"

#include <stdarg.h>
#include <string.h>

#include "mig/plugin.h"

typedef struct G {
    mig_buf *o;
    const mig_project *p;
    const mig_revision *r;
    const mig_table **tables; /* emitted table states, by index */
    size_t ntables, tcap;
    mig_arena *a;
    unsigned seq;             /* for unique symbol names */
} G;

static void out(G *g, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void out(G *g, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    mig_buf_vprintf(g->o, fmt, ap);
    va_end(ap);
}

/* A C string literal; NULL as NULL. Long texts are split after each newline. */
static void cstr_n(G *g, const char *s, size_t n)
{
    if (!s) {
        mig_buf_puts(g->o, "NULL");
        return;
    }
    mig_buf_putc(g->o, '"');
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '"': mig_buf_puts(g->o, "\\\""); break;
        case '\\': mig_buf_puts(g->o, "\\\\"); break;
        case '\n':
            mig_buf_puts(g->o, "\\n");
            if (i + 1 < n) mig_buf_puts(g->o, "\"\n        \"");
            break;
        case '\t': mig_buf_puts(g->o, "\\t"); break;
        case '\r': mig_buf_puts(g->o, "\\r"); break;
        case '?': mig_buf_puts(g->o, "\\?"); break; /* no trigraphs */
        default:
            if (c < 0x20 || c == 0x7f) mig_buf_printf(g->o, "\\%03o", c);
            else mig_buf_putc(g->o, (char)c);
        }
    }
    mig_buf_putc(g->o, '"');
}

static void cstr(G *g, const char *s) { cstr_n(g, s, s ? strlen(s) : 0); }

static void ptype(G *g, const mig_coltype *t)
{
    char tb[64];
    out(g, "{0x%04x, %u, %u, %u, 0} /* %s */", t->id, t->precision, t->scale, t->serial,
        mig_coltype_str(t, true, tb));
}

static void value(G *g, const mig_value *v) { cstr(g, v->is_null ? NULL : v->text); }

static const char *sym(G *g, const char *what)
{
    return mig_printf(g->a, "%s_%u", what, g->seq++);
}

/* An array of strings; returns its symbol, or "NULL" when empty. */
static const char *strings(G *g, const char *what, const char *const *v, size_t n)
{
    if (!n) return "NULL";
    const char *s = sym(g, what);
    out(g, "static const char *const %s[] = {", s);
    for (size_t i = 0; i < n; i++) {
        out(g, "%s", i ? ", " : "");
        cstr(g, v[i]);
    }
    out(g, "};\n");
    return s;
}

/* The plugin.h constant of a value kind (the generated code reads better). */
static const char *kind_name(uint32_t k)
{
    switch (k) {
    case MIG_V_WORD: return "MIG_V_WORD";
    case MIG_V_INT: return "MIG_V_INT";
    case MIG_V_STRING: return "MIG_V_STRING";
    case MIG_V_INTERVAL: return "MIG_V_INTERVAL";
    case MIG_V_BOOL: return "MIG_V_BOOL";
    case MIG_V_TUPLE: return "MIG_V_TUPLE";
    default: return "0";
    }
}

static const char *kvs(G *g, const char *what, const mig_kv *v, size_t n)
{
    if (!n) return "NULL";
    const char *s = sym(g, what);
    out(g, "static const mig_p_kv %s[] = {\n", s);
    for (size_t i = 0; i < n; i++) {
        out(g, "    {");
        cstr(g, v[i].key);
        out(g, ", ");
        cstr(g, v[i].value);
        out(g, ", %s, 0},\n", kind_name(mig_setting_kind(v[i].key, v[i].value)));
    }
    out(g, "};\n");
    return s;
}

static const char *columns(G *g, const char *what, const mig_scol *v, size_t n)
{
    if (!n) return "NULL";
    const char *s = sym(g, what);
    out(g, "static const mig_p_column %s[] = {\n", s);
    for (size_t i = 0; i < n; i++) {
        const mig_scol *c = &v[i];
        out(g, "    {");
        cstr(g, c->name);
        out(g, ", ");
        ptype(g, &c->type);
        out(g, ", %d, %d, {0}, ", c->not_null, c->has_default);
        if (c->has_default) value(g, &c->def);
        else out(g, "NULL");
        out(g, ", ");
        cstr(g, c->family);
        out(g, "},\n");
    }
    out(g, "};\n");
    return s;
}

/* The index structs' column arrays first, then the array of indexes. */
static const char *indexes(G *g, const char *what, const mig_sindex *v, size_t n)
{
    if (!n) return "NULL";
    const char **cols = mig_alloc(g->a, n * sizeof *cols), **cover = mig_alloc(g->a, n * sizeof *cover);
    for (size_t i = 0; i < n; i++) {
        cols[i] = strings(g, "index_columns", v[i].cols, v[i].ncols);
        cover[i] = strings(g, "index_cover", v[i].cover, v[i].ncover);
    }
    const char *s = sym(g, what);
    out(g, "static const mig_p_index %s[] = {\n", s);
    for (size_t i = 0; i < n; i++) {
        out(g, "    {");
        cstr(g, v[i].name);
        out(g, ", %s, %zu, %zu, %s, %d, %d, 0, {0}},\n", cols[i], v[i].ncols, v[i].ncover, cover[i], v[i].unique, v[i].async);
    }
    out(g, "};\n");
    return s;
}

static void ttl(G *g, const mig_sttl *t)
{
    if (!t->set) {
        out(g, "{NULL, 0, NULL}");
        return;
    }
    out(g, "{");
    cstr(g, t->col);
    out(g, ", %lld, ", (long long)t->seconds);
    cstr(g, t->unit);
    out(g, "}");
}

/* Emit a table state once; returns its symbol ("&table_N") or "NULL". */
static const char *table(G *g, const mig_table *t)
{
    if (!t) return "NULL";
    for (size_t i = 0; i < g->ntables; i++)
        if (g->tables[i] == t) return mig_printf(g->a, "&table_%zu", i);
    size_t idx = g->ntables;
    MIG_PUSH(g->a, g->tables, g->ntables, g->tcap, t);
    out(g, "\n/* table \"%s\" */\n", t->path);
    const char *cols = columns(g, "columns", t->cols, t->ncols);
    const char *key = strings(g, "key", t->pk, t->npk);
    const char *idx_s = indexes(g, "indexes", t->indexes, t->nindexes);
    const char *fam = "NULL";
    if (t->nfamilies) {
        fam = sym(g, "families");
        out(g, "static const mig_p_family %s[] = {\n", fam);
        for (size_t i = 0; i < t->nfamilies; i++) {
            out(g, "    {");
            cstr(g, t->families[i].name);
            out(g, ", ");
            cstr(g, t->families[i].data);
            out(g, ", ");
            cstr(g, t->families[i].compression);
            out(g, "},\n");
        }
        out(g, "};\n");
    }
    const char *set = kvs(g, "settings", t->settings, t->nsettings);
    const char *feeds = "NULL";
    if (t->nfeeds) {
        const char **opts = mig_alloc(g->a, t->nfeeds * sizeof *opts);
        for (size_t i = 0; i < t->nfeeds; i++) opts[i] = kvs(g, "changefeed_options", t->feeds[i].opts, t->feeds[i].nopts);
        feeds = sym(g, "changefeeds");
        out(g, "static const mig_p_changefeed %s[] = {\n", feeds);
        for (size_t i = 0; i < t->nfeeds; i++) {
            out(g, "    {");
            cstr(g, t->feeds[i].name);
            out(g, ", %s, %zu, 0},\n", opts[i], t->feeds[i].nopts);
        }
        out(g, "};\n");
    }
    out(g, "static const mig_p_table table_%zu = {\n    ", idx);
    cstr(g, t->path);
    out(g, ", %s, %zu, %zu, %s, %s, %zu, %zu, %s,\n    ", cols, t->ncols, t->npk, key, idx_s, t->nindexes, t->nfamilies, fam);
    ttl(g, &t->ttl);
    out(g, ", %s, %zu, %zu, %s,\n};\n", set, t->nsettings, t->nfeeds, feeds);
    return mig_printf(g->a, "&table_%zu", idx);
}

/* The plugin.h constant for a step kind, by name (the generated code reads better). */
static const char *step_kind(mig_step_kind k)
{
    switch (k) {
#define MIG_STEPKIND(kind, name) case MIG_STEP_##kind: return "MIG_S_" #kind;
#include "../common/steps.def"
#undef MIG_STEPKIND
    }
    return "0";
}

static const char *cond_name(mig_cond c)
{
    return c == MIG_COND_IF_EXISTS ? "MIG_PCOND_IF_EXISTS" : c == MIG_COND_IF_NOT_EXISTS ? "MIG_PCOND_IF_NOT_EXISTS" : "MIG_PCOND_NONE";
}

static const char *change_kind(mig_change_kind k)
{
    switch (k) {
    case MIG_CHG_NULL: return "MIG_CH_DROP_NOT_NULL";
    case MIG_CHG_FAMILY: return "MIG_CH_SET_FAMILY";
    case MIG_CHG_DEFAULT: return "MIG_CH_SET_DEFAULT";
    case MIG_CHG_DROP_DEFAULT: return "MIG_CH_DROP_DEFAULT";
    default: return "0";
    }
}

typedef struct stepsyms {
    const char *def, *cols, *names, *changes, *settings, *index, *post, *pre, *native, *exprs;
} stepsyms;

/* Emit what one op's step struct points to. */
static stepsyms step_parts(G *g, const mig_op *op, const mig_table *pre, const char *native)
{
    stepsyms s = {"NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", "NULL", native ? native : "NULL", "NULL"};
    if ((op->kind == MIG_STEP_CREATE_TABLE || op->kind == MIG_STEP_REBUILD_TABLE) && op->def) {
        /* changefeeds are steps of their own; the definition carries none */
        if (op->def->nfeeds) {
            mig_table *d = mig_dup(g->a, op->def, sizeof *op->def);
            d->feeds = NULL;
            d->nfeeds = 0;
            s.def = table(g, d);
        } else s.def = table(g, op->def);
    }
    if (op->ncols) s.cols = columns(g, "add_columns", op->cols, op->ncols);
    bool bf = op->kind == MIG_STEP_BACKFILL, rb = op->kind == MIG_STEP_REBUILD_TABLE;
    if (op->nnames)
        s.names = strings(g, bf ? "set_columns" : rb ? "new_columns" : "drop_columns", op->names, op->nnames);
    if ((bf || rb) && op->nnames) s.exprs = strings(g, bf ? "set_exprs" : "copy_exprs", op->exprs, op->nnames);
    if (op->nchanges) {
        s.changes = sym(g, "changes");
        out(g, "static const mig_p_change %s[] = {\n", s.changes);
        for (size_t i = 0; i < op->nchanges; i++) {
            const mig_opchange *c = &op->changes[i];
            out(g, "    {%s, 0, ", change_kind(c->kind));
            cstr(g, c->kind == MIG_CHG_FAMILY ? c->family : NULL);
            out(g, ", ");
            if (c->kind == MIG_CHG_DEFAULT) value(g, &c->def);
            else out(g, "NULL");
            out(g, "},\n");
        }
        out(g, "};\n");
    }
    if (op->nsettings) s.settings = kvs(g, "step_settings", op->settings, op->nsettings);
    if (op->index) {
        const char *x = indexes(g, "new_index", op->index, 1);
        s.index = x;
    }
    if (op->kind != MIG_STEP_YQL && op->kind != MIG_STEP_C) {
        s.post = table(g, op->post);
        s.pre = table(g, pre);
    }
    return s;
}

static unsigned op_line(const G *g, const mig_op *op)
{
    if (!op->step) return 0;
    unsigned line, col;
    mig_source_linecol(g->r->src, op->step->loc.start, &line, &col);
    return line;
}

/* c steps become functions first; returns their symbols by op index. */
static const char **natives(G *g, const mig_ops *ops, const char *section)
{
    const char **v = mig_alloc(g->a, (ops->n + 1) * sizeof *v);
    for (size_t i = 0; i < ops->n; i++) {
        const mig_op *op = &ops->v[i];
        if (op->kind != MIG_STEP_C) continue;
        v[i] = mig_printf(g->a, "%s_step_%zu", section, i + 1);
        unsigned line, col;
        mig_source_linecol(g->r->src, op->step->body_loc.start, &line, &col);
        out(g, "\n/* %s step %zu: c */\nstatic int %s(mig_ctx *ctx, const mig_host_api *api)\n{\n", section, i + 1, v[i]);
        out(g, "    (void)ctx;\n    (void)api;\n    {\n#line %u ", line);
        cstr(g, g->r->src->path);
        out(g, "\n");
        /* Keep the body's first line where it is in the file: pad to its column. */
        for (unsigned c = 1; c < col; c++) mig_buf_putc(g->o, ' ');
        mig_buf_add(g->o, op->body, op->body_len);
        out(g, "\n    }\n    return 0;\n}\n");
    }
    return v;
}

/* The table each op meets (mig_ops_table_before). Reusing the analysis' own states keeps
 * one emitted table per state. */
static const mig_table **pre_tables(G *g, const mig_ops *ops, const mig_schema *start)
{
    const mig_table **pre = mig_alloc(g->a, (ops->n + 1) * sizeof *pre);
    for (size_t i = 0; i < ops->n; i++) pre[i] = mig_ops_table_before(ops, i, start);
    return pre;
}

static const char *steps(G *g, const mig_ops *ops, const mig_schema *start, const char *section)
{
    if (!ops->n) return "NULL";
    const char **nat = natives(g, ops, section);
    const mig_table **pre = pre_tables(g, ops, start);
    stepsyms *parts = mig_alloc(g->a, ops->n * sizeof *parts);
    for (size_t i = 0; i < ops->n; i++) {
        parts[i] = step_parts(g, &ops->v[i], pre[i], nat[i]);
    }
    const char *s = mig_printf(g->a, "%s_steps", section);
    out(g, "\nstatic const mig_p_step %s[] = {\n", s);
    for (size_t i = 0; i < ops->n; i++) {
        const mig_op *op = &ops->v[i];
        const stepsyms *p = &parts[i];
        out(g, "    { /* %zu: %s */\n        %s, %s, ", i + 1, mig_step_kind_name(op->kind), step_kind(op->kind), cond_name(op->cond));
        cstr(g, op->kind == MIG_STEP_YQL || op->kind == MIG_STEP_C ? NULL : op->table);
        out(g, ", ");
        cstr(g, op->to);
        out(g, ", ");
        cstr(g, op->kind == MIG_STEP_CREATE_INDEX && op->index ? op->index->name : op->name);
        out(g, ", ");
        cstr(g, op->name2);
        out(g, ",\n        %s, %s, %zu, %zu, %s, %s, %zu, %zu, %s, %s,\n        ", p->def, p->cols, op->ncols, op->nnames,
            p->names, p->changes, op->nchanges, op->nsettings, p->settings, p->index);
        ttl(g, &op->ttl);
        out(g, ",\n        ");
        cstr_n(g, op->body, op->body_len);
        out(g, ", %zu, %u, %s,\n        ", op->body_len, op_line(g, op), p->native);
        const char *post_path = op->kind == MIG_STEP_YQL || op->kind == MIG_STEP_C ? NULL
                                : op->kind == MIG_STEP_RENAME_TABLE ? op->to : op->table;
        cstr(g, post_path);
        out(g, ", %s, %s,\n        %s, %u, %u, %s,\n    },\n", p->post, p->pre, p->exprs, (unsigned)op->batch,
            (unsigned)op->pause_ms, op->replace ? "MIG_PSTEP_REPLACE" : "0");
    }
    out(g, "};\n");
    return s;
}

bool mig_codegen_native(const mig_revision *r)
{
    const mig_rev_sema *rs = mig_sema_of(r);
    for (size_t k = 0; k < rs->up.n; k++)
        if (rs->up.v[k].kind == MIG_STEP_C) return true;
    for (size_t k = 0; k < rs->down.n && !rs->down_missing; k++)
        if (rs->down.v[k].kind == MIG_STEP_C) return true;
    return false;
}

void mig_codegen(mig_buf *o, const mig_project *p, const mig_revision *r, const char *source_sha256)
{
    mig_arena *a = mig_arena_new();
    G g = {o, p, r, NULL, 0, 0, a, 0};
    mig_rev_sema *rs = mig_sema_of(r);
    char vb[16];
    out(&g, "/* Revision %s, compiled by migc %s from ", r->id, MIG_VERSION);
    mig_buf_puts(o, r->src->path);
    out(&g, ".\n * Generated code: edit the .mig file, not this one. */\n");
    /* Data alone needs no system header (mig/plugin.h then takes its few types from the
     * compiler): a cheaper compile, and nothing to link but the plugin itself. */
    out(&g, "#define %s 1\n#include \"mig/plugin.h\"\n", mig_codegen_native(r) ? "MIG_NATIVE_STEP" : "MIG_DATA_ONLY");
    const char *up = steps(&g, &rs->up, rs->before, "upgrade");
    const char *down = rs->down_missing ? "NULL" : steps(&g, &rs->down, rs->after, "downgrade");
    out(&g, "\n/* the revision */\n");
    const char *parents = mig_alloc(a, 1);
    {
        const char **v = mig_alloc(a, (r->nparents + 1) * sizeof *v);
        for (size_t i = 0; i < r->nparents; i++) v[i] = r->parents[i]->id;
        parents = strings(&g, "parents", v, r->nparents);
    }
    const char *deps;
    {
        const char **v = mig_alloc(a, (r->ndeps + 1) * sizeof *v);
        for (size_t i = 0; i < r->ndeps; i++) v[i] = r->deps[i]->id;
        deps = strings(&g, "depends", v, r->ndeps);
    }
    const char *labels = strings(&g, "labels", r->labels, r->nlabels);
    const char *dk = r->irreversible || rs->down_missing ? "MIG_DOWN_IRREVERSIBLE"
                     : rs->down_derived                  ? "MIG_DOWN_DERIVED"
                                                         : "MIG_DOWN_WRITTEN";
    out(&g, "static const mig_revision_desc revision = {\n    MIG_PLUGIN_MAGIC, MIG_ABI_VERSION, sizeof(mig_revision_desc), "
            "MIG_HOST_API_VERSION,\n    ");
    cstr(&g, r->id);
    out(&g, ",\n    ");
    cstr(&g, r->message);
    out(&g, ",\n    %s, %zu, %zu, %s,\n    %s, %zu, %s,\n    ", parents, r->nparents, r->ndeps, deps, labels, r->nlabels, dk);
    cstr(&g, r->src->path);
    out(&g, ",\n    ");
    cstr(&g, source_sha256);
    out(&g, ",\n    ");
    cstr(&g, MIG_VERSION);
    out(&g, ",\n    ");
    cstr(&g, mig_ydbver_str(p->target, vb));
    out(&g, ",\n    %s, %zu, %zu, %s,\n    MIG_ELEM_SIZES,\n};\n", up, rs->up.n, rs->down_missing ? (size_t)0 : rs->down.n,
        down);
    out(&g, "\nMIG_PLUGIN_EXPORT const mig_revision_desc *mig_plugin_descriptor(void)\n{\n    return &revision;\n}\n");
    mig_arena_free(a);
}
