/* test_diffprop.c - the property of `migc diff`: for generated pairs of declared schemas
 * A and B, the revisions written by diff(empty, A) and then diff(A, B), replayed by the
 * compiler from their text, give exactly B; and every written revision passes the checks.
 *
 * The generator varies what `migc diff` writes steps for: tables (with folders) added and
 * dropped; columns added (nullable, or NOT NULL with a default) and dropped; NOT NULL
 * dropped; defaults set, changed and dropped; a column's family; indexes added, dropped and
 * changed (columns, cover, async); TTL set, changed and reset; settings set, changed and
 * returned to YDB's default; changefeeds added, dropped and changed; NOT NULL on an existing
 * column, which `migc diff` writes as a rebuild_table (the table it keeps, T__before_<id>,
 * is left out of the comparison). What `migc diff` refuses (renames; a rebuild of a table
 * with a changefeed) is kept out of the pairs; a column's type, a table's key and its
 * families follow from their names. Compared: columns, types, nullability, defaults,
 * families, key, indexes, TTL, settings (mig_schema_equal) and changefeeds with their
 * options.
 */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../common/buf.h"
#include "../../compiler/declared.h"
#include "../../compiler/diff.h"
#include "../../compiler/graph.h"
#include "../../compiler/newrev.h"
#include "../../compiler/project.h"
#include "../../compiler/sema.h"
#include "helpers.h"

#define PAIRS 1000

static uint64_t rng;
static unsigned rnd(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

static const char *const TABLES[] = {"users", "orders", "shop/items", "shop/carts", "logs", "a/b/deep"};
#define NTABLES 6
static const struct {
    const char *name, *type, *lit1, *lit2;
} COLS[] = {
    {"c_text", "Utf8", "\"x\"", "\"y z\""}, {"c_u32", "Uint32", "1", "42"},  {"c_i64", "Int64", "-5", "7"},
    {"c_dbl", "Double", "1.5", "2.25"},    {"c_ts", "Timestamp", NULL, NULL}, {"c_bool", "Bool", "true", "false"},
    {"c_note", "Utf8", "\"n\"", "\"m\""},  {"c_date", "Date", "Date(\"2024-01-01\")", "Date(\"2025-06-30\")"},
};
#define NCOLS 8

/* One table of a generated schema: which columns (and how), indexes, TTL, settings, feed. */
typedef struct gcol {
    bool on, not_null, cold;
    int def; /* 0 none, 1 or 2: lit1 or lit2 */
} gcol;
typedef struct gtable {
    bool on;
    gcol cols[NCOLS];
    bool ix_on[3], ix_async[3], ix_cover[3];
    int ix_col[3][2];
    int ttl_days; /* 0: none */
    int by_load;  /* 0 unset, 1 ENABLED, 2 DISABLED */
    int min_parts;/* 0 unset */
    int feed;     /* 0 none, 1 updates, 2 new_image */
} gtable;

/* The families follow from the table's name: its set never changes between A and B. */
static bool has_cold(int t) { return t % 2 == 0; }

static void gen(gtable *g)
{
    memset(g, 0, NTABLES * sizeof *g);
    for (int t = 0; t < NTABLES; t++) {
        gtable *x = &g[t];
        x->on = rnd(3) != 0;
        for (int c = 0; c < NCOLS; c++) {
            gcol *k = &x->cols[c];
            k->on = rnd(2);
            k->not_null = rnd(3) == 0;
            k->def = COLS[c].lit1 ? (int)rnd(3) : 0;
            if (k->not_null && !k->def && COLS[c].lit1) k->def = 1;
            if (k->not_null && !COLS[c].lit1) k->not_null = false;
            k->cold = has_cold(t) && rnd(3) == 0;
        }
        for (int i = 0; i < 3; i++) {
            x->ix_on[i] = rnd(2);
            x->ix_async[i] = rnd(3) == 0;
            x->ix_cover[i] = rnd(3) == 0;
            x->ix_col[i][0] = (int)rnd(NCOLS);
            x->ix_col[i][1] = rnd(2) ? (int)rnd(NCOLS) : -1;
        }
        x->ttl_days = rnd(2) ? 1 + (int)rnd(3) * 30 : 0;
        x->by_load = (int)rnd(3);
        x->min_parts = rnd(2) ? 1 + (int)rnd(4) : 0;
        x->feed = (int)rnd(3);
    }
}

/* Make B reachable from A without what `migc diff` refuses: NOT NULL on an existing column
 * takes a rebuild, which a table with a changefeed cannot have. */
static void repair(const gtable *a, gtable *b)
{
    for (int t = 0; t < NTABLES; t++)
        for (int c = 0; c < NCOLS; c++) {
            const gcol *x = &a[t].cols[c];
            gcol *y = &b[t].cols[c];
            if (a[t].on && a[t].feed && b[t].on && x->on && y->on && !x->not_null) y->not_null = false;
        }
}

/* head without the tables the rebuilds of revision `rev` kept. */
static const mig_schema *without_kept(mig_schema_ctx *sc, const mig_schema *head, const char *rev)
{
    mig_schema *s = mig_schema_clone(sc, head);
    const char *suffix = mig_printf(sc->arena, "__before_%s", rev);
    for (const mig_table *t = mig_schema_first(head); t; t = mig_schema_next(head, t)) {
        size_t n = strlen(t->path), k = strlen(suffix);
        if (n > k && strcmp(t->path + n - k, suffix) == 0) mig_schema_remove(sc, s, t->path);
    }
    return s;
}

static void print_table(mig_buf *b, int t, const gtable *x)
{
    mig_buf_printf(b, "create_table %s <\n  id Uint64 pk;\n", TABLES[t]);
    if (t % 3 == 1) mig_buf_puts(b, "  k2 Utf8 pk;\n");
    for (int c = 0; c < NCOLS; c++) {
        const gcol *k = &x->cols[c];
        if (!k->on) continue;
        mig_buf_printf(b, "  %s %s", COLS[c].name, COLS[c].type);
        if (k->not_null) mig_buf_puts(b, " not null");
        if (k->def) mig_buf_printf(b, " default %s", k->def == 1 ? COLS[c].lit1 : COLS[c].lit2);
        if (k->cold) mig_buf_puts(b, " family cold");
        mig_buf_puts(b, ";\n");
    }
    if (has_cold(t)) mig_buf_puts(b, "  family cold (data = \"rot\", compression = \"lz4\");\n");
    for (int i = 0; i < 3; i++) {
        int c0 = x->ix_col[i][0], c1 = x->ix_col[i][1];
        if (c0 == 3) c0 = 0; /* Double cannot be an index key */
        if (c1 == 3) c1 = -1;
        if (!x->ix_on[i] || !x->cols[c0].on) continue;
        if (c1 == c0 || (c1 >= 0 && !x->cols[c1].on)) c1 = -1;
        mig_buf_printf(b, "  index ix%d%s on (%s%s%s)", i, x->ix_async[i] ? " async" : "", COLS[c0].name, c1 >= 0 ? ", " : "",
                       c1 >= 0 ? COLS[c1].name : "");
        if (x->ix_cover[i]) mig_buf_puts(b, " cover (id)");
        mig_buf_puts(b, ";\n");
    }
    if (x->ttl_days && x->cols[4].on) mig_buf_printf(b, "  ttl c_ts after %dd;\n", x->ttl_days);
    if (x->by_load || x->min_parts) {
        mig_buf_puts(b, "  with (");
        if (x->by_load) mig_buf_printf(b, "AUTO_PARTITIONING_BY_LOAD = %s", x->by_load == 1 ? "ENABLED" : "DISABLED");
        if (x->min_parts)
            mig_buf_printf(b, "%sAUTO_PARTITIONING_MIN_PARTITIONS_COUNT = %d", x->by_load ? ", " : "", x->min_parts);
        mig_buf_puts(b, ");\n");
    }
    mig_buf_puts(b, ">\n");
    if (x->feed)
        mig_buf_printf(b, "add_changefeed %s feed (mode = %s, format = json);\n", TABLES[t],
                       x->feed == 1 ? "updates" : "new_image");
}

static void write_schema(const char *dir, const char *name, const gtable *g)
{
    mig_buf b = MIG_BUF_INIT;
    for (int t = 0; t < NTABLES; t++)
        if (g[t].on) print_table(&b, t, &g[t]);
    th_write(dir, name, mig_buf_str(&b));
    mig_buf_free(&b);
}

static bool same_feeds(const mig_schema *x, const mig_schema *y)
{
    for (const mig_table *t = mig_schema_first(x); t; t = mig_schema_next(x, t)) {
        const mig_table *u = mig_schema_find(y, t->path);
        if (!u || t->nfeeds != u->nfeeds) return false;
        for (size_t i = 0; i < t->nfeeds; i++) {
            int j = mig_table_feed(u, t->feeds[i].name);
            if (j < 0 || t->feeds[i].nopts != u->feeds[j].nopts) return false;
            for (size_t k = 0; k < t->feeds[i].nopts; k++)
                if (strcmp(t->feeds[i].opts[k].value, u->feeds[j].opts[k].value) != 0) return false;
        }
    }
    return true;
}

/* The schema at the head of dir, replayed from the revisions' text; NULL with errors. */
static const mig_schema *replay(mig_arena *a, mig_diags *d, const char *dir, mig_schema_ctx *sc)
{
    struct stat st;
    if (stat(dir, &st) != 0) return mig_schema_new(sc); /* nothing written yet: A is empty */
    mig_project *p = mig_project_load(a, d, dir, MIG_YDB_NEWEST);
    cr_assert(p);
    mig_graph_build(p);
    mig_sema_run(p);
    if (d->nerrors || p->nheads != 1) return NULL;
    return mig_sema_of(p->heads[0])->after;
}

static char *render(mig_diags *d);

/* diff(head, the declared schema in file) written into dir as a revision. */
static bool step(mig_arena *a, mig_diags *d, const char *dir, const mig_schema *head, const char *file, const char *msg,
                 mig_declared *want)
{
    mig_schema_ctx sc = {a, 1u << 30};
    cr_assert_eq(mig_declared_load(&sc, d, file, MIG_YDB_NEWEST, want), 0);
    cr_assert_eq(d->nerrors, 0, "the generated declared schema has errors:\n%s", render(d));
    mig_diff df;
    if (!mig_diff_run(&sc, d, head, want, &df)) return false;
    if (df.ops.n == 0) return true;
    mig_new_opts o = {.dir = dir, .message = msg, .body = mig_diff_revision_body(&sc, MIG_YDB_NEWEST, head, &df)};
    const char *path;
    return mig_new_revision(a, d, &o, MIG_YDB_NEWEST, &path) == 0;
}

static char *render(mig_diags *d)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    mig_print_opts po = {false, false, "migc", 0};
    mig_diags_print(d, f, &po);
    fclose(f);
    return s;
}

Test(diffprop, replay_of_a_plus_diff_a_b_is_b, .timeout = 120)
{
    const char *seed = getenv("MIG_DIFFPROP_SEED");
    rng = seed ? strtoull(seed, NULL, 10) : 20261204u;
    if (!rng) rng = 1;
    char *root = th_mkdtemp();
    gtable ga[NTABLES], gb[NTABLES];
    for (int pair = 0; pair < PAIRS; pair++) {
        uint64_t at = rng;
        mig_arena *a = mig_arena_new();
        mig_diags d;
        mig_diags_init(&d, a);
        char *dir = mig_printf(a, "%s/p%d", root, pair);
        char *mdir = mig_printf(a, "%s/migrations", dir);
        cr_assert_eq(mkdir(dir, 0777), 0);
        gen(ga);
        gen(gb);
        repair(ga, gb);
        write_schema(root, mig_printf(a, "a%d.mig", pair), ga);
        write_schema(root, mig_printf(a, "b%d.mig", pair), gb);
        mig_declared wa, wb;
        mig_schema_ctx sc = {a, 1u << 30};
        bool ok = step(a, &d, mdir, mig_schema_new(&sc), mig_printf(a, "%s/a%d.mig", root, pair), "a", &wa);
        const mig_schema *head = ok ? replay(a, &d, mdir, &sc) : NULL;
        ok = head && step(a, &d, mdir, head, mig_printf(a, "%s/b%d.mig", root, pair), "b", &wb);
        head = ok ? replay(a, &d, mdir, &sc) : NULL;
        if (head) head = without_kept(&sc, head, "0002_b");
        if (!head || !mig_schema_equal(head, wb.schema) || !same_feeds(head, wb.schema) || !same_feeds(wb.schema, head)) {
            mig_buf why = MIG_BUF_INIT;
            if (head) mig_schema_diff(head, wb.schema, "the replay", "B", &why, 10);
            char *diags = render(&d);
            mig_buf_printf(&why, "%s\nA:\n%s\nB:\n%s", diags ? diags : "", th_read(root, mig_printf(a, "a%d.mig", pair)),
                           th_read(root, mig_printf(a, "b%d.mig", pair)));
            cr_log_error("pair %d (generator state %llu): replay(A + diff(A, B)) != B", pair, (unsigned long long)at);
            cr_assert_fail("%s", mig_buf_str(&why));
            mig_buf_free(&why);
            free(diags);
            mig_arena_free(a);
            break;
        }
        th_rmtree(dir);
        mig_arena_free(a);
    }
    th_rmtree(root);
    free(root);
}
