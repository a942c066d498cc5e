/* test_codegen.c - generated plugins compile cleanly and describe their revision. */
#include <criterion/criterion.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/sha256.h"
#include "../../compiler/codegen.h"
#include "../../compiler/graph.h"
#include "../../compiler/project.h"
#include "../../compiler/sema.h"
#include "helpers.h"
#include "mig/plugin.h"

static th_ctx t;
static char *dir;
static void *handles[8];
static int nhandles;

static void setup(void)
{
    th_init(&t);
    dir = th_mkdtemp();
    nhandles = 0;
}

static void teardown(void)
{
    for (int i = 0; i < nhandles; i++) dlclose(handles[i]);
    th_rmtree(dir);
    free(dir);
    th_fini(&t);
}

TestSuite(codegen, .init = setup, .fini = teardown);

/* Compile the plugin of revision `id` with strict warnings; dlopen it; its descriptor. */
static const mig_revision_desc *build(mig_project *p, const char *id)
{
    mig_revision *r = mig_graph_find(p, id);
    cr_assert_not_null(r);
    char hex[65];
    mig_sha256_hex(r->src->text, r->src->len, hex);
    mig_buf b = MIG_BUF_INIT;
    mig_codegen(&b, p, r, hex);
    char *c = mig_printf(t.arena, "%s/%s.c", dir, id), *so = mig_printf(t.arena, "%s/%s.so", dir, id);
    char *inc = mig_printf(t.arena, "%s/mig", dir);
    char cmd[2048];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", inc);
    cr_assert_eq(system(cmd), 0);
    th_write(inc, "plugin.h", mig_plugin_header);
    th_write(dir, mig_printf(t.arena, "%s.c", id), b.s);
    mig_buf_free(&b);
    const char *cc = getenv("CC") && *getenv("CC") ? getenv("CC") : "cc";
    snprintf(cmd, sizeof cmd,
             "%s -std=c11 -Wall -Wextra -Werror -pedantic -Wno-overlength-strings -fPIC -shared -fvisibility=hidden "
             "-Wl,--no-undefined -I'%s' -o '%s' '%s' 2>'%s/cc.log'",
             cc, dir, so, c, dir);
    int rc = system(cmd);
    char *log = th_read(dir, "cc.log");
    cr_assert_eq(rc, 0, "the generated C does not compile cleanly:\n%s", log ? log : "");
    free(log);
    void *h = dlopen(so, RTLD_NOW | RTLD_LOCAL);
    cr_assert_not_null(h, "%s", dlerror());
    handles[nhandles++] = h;
    mig_plugin_descriptor_fn f;
    *(void **)&f = dlsym(h, MIG_PLUGIN_SYMBOL);
    cr_assert_not_null(f);
    const mig_revision_desc *d = f();
    cr_assert_eq(d->magic, MIG_PLUGIN_MAGIC);
    cr_assert_eq(d->abi_version, MIG_ABI_VERSION);
    cr_assert_eq(d->size, sizeof(mig_revision_desc));
    cr_assert_str_eq(d->id, id);
    cr_assert_str_eq(d->source_sha256, hex);
    return d;
}

static mig_project *project(void)
{
    char *src = mig_printf(t.arena, "%s/migrations", dir);
    mig_project *p = mig_project_load(t.arena, &t.diags, src, MIG_YDB_NEWEST);
    cr_assert_not_null(p);
    mig_graph_build(p);
    mig_sema_run(p);
    char *r = th_render(&t);
    cr_assert_eq(t.diags.nerrors, 0, "%s", r);
    free(r);
    return p;
}

static void mig(const char *name, const char *text)
{
    char *m = mig_printf(t.arena, "%s/migrations", dir);
    char cmd[512];
    snprintf(cmd, sizeof cmd, "mkdir -p '%s'", m);
    cr_assert_eq(system(cmd), 0);
    th_write(m, name, text);
}

Test(codegen, every_step_kind_compiles_and_reads_back)
{
    mig("1.mig", "revision a \"first \\\"quoted\\\" message\"; revises base; label core;\n"
                 "upgrade <\n create_table `shop/orders` < id Uint64 pk; s Utf8 not null default \"x\\\\y?\?=\"; n Uint32 family f;\n"
                 "  ts Timestamp; d Decimal(22,9) default 1.5; family f (data = \"rot\"); index ix unique on (s) cover (n);\n"
                 "  ttl ts after 30d; with (AUTO_PARTITIONING_BY_LOAD = ENABLED); >\n"
                 " create_table ev < k Utf8 pk; >\n"
                 " add_changefeed ev feed (mode = updates, format = json);\n"
                 ">\n");
    mig("0.mig", "revision z; revises base; upgrade < create_table zt < id Uint64 pk; > >\n");
    mig("2.mig", "revision b; revises a; depends_on z;\nupgrade <\n add_column `shop/orders` < c Utf8; >\n"
                 " create_index ic on `shop/orders` (c) async;\n rename_index `shop/orders` ic to ic2;\n"
                 " alter_column `shop/orders` s < drop default; >\n set_ttl `shop/orders` ts after 1d;\n"
                 " set `shop/orders` (AUTO_PARTITIONING_PARTITION_SIZE_MB = 100);\n drop_changefeed ev feed;\n"
                 " rename_table ev to ev2;\n reset_ttl `shop/orders`;\n drop_index ic2 on `shop/orders`;\n"
                 " drop_column `shop/orders` c;\n drop_table ev2;\n>\n");
    mig("3.mig", "revision c; revises b;\nupgrade <\n yql \"\"\"UPDATE `shop/orders` SET s = \"z\"u;\"\"\";\n"
                 " c \"\"\"\n    if (mig_table_exists(\"shop/orders\") != 1) return -1;\n    return 0;\n \"\"\";\n"
                 " backfill `shop/orders` set n = \"n + 1u\", s = 'concat(s)' where \"n IS NOT NULL\" batch 50 pause 2s;\n>\n"
                 "downgrade irreversible;\n");
    mig_project *p = project();

    const mig_revision_desc *a = build(p, "a");
    cr_assert_str_eq(a->message, "first \"quoted\" message");
    cr_assert_eq(a->nparents, 0);
    cr_assert_eq(a->nlabels, 1);
    cr_assert_str_eq(a->labels[0], "core");
    cr_assert_eq(a->nupgrade, 3);
    cr_assert_eq(a->downgrade_kind, MIG_DOWN_DERIVED);
    const mig_p_step *ct = &a->upgrade[0];
    cr_assert_eq(ct->kind, MIG_S_CREATE_TABLE);
    cr_assert_str_eq(ct->def->path, "shop/orders");
    cr_assert_eq(ct->def->ncolumns, 5);
    cr_assert_str_eq(ct->def->columns[1].default_value, "x\\y?\?=");
    cr_assert(ct->def->columns[0].not_null, "key column NOT NULL");
    cr_assert_eq(ct->def->columns[4].type.id, MIG_PT_DECIMAL);
    cr_assert_eq(ct->def->columns[4].type.precision, 22);
    cr_assert_str_eq(ct->def->key[0], "id");
    cr_assert_eq(ct->def->nindexes, 1);
    cr_assert(ct->def->indexes[0].unique);
    cr_assert_str_eq(ct->def->indexes[0].cover[0], "n");
    cr_assert_str_eq(ct->def->ttl.column, "ts");
    cr_assert_eq(ct->def->ttl.after_seconds, 30 * 86400);
    cr_assert_eq(ct->def->nsettings, 1);
    cr_assert_str_eq(ct->post_path, "shop/orders");
    cr_assert_null(ct->pre, "a created table did not exist before");
    cr_assert_eq(a->upgrade[2].kind, MIG_S_ADD_CHANGEFEED);
    cr_assert_eq(a->upgrade[2].post->nchangefeeds, 1, "the post state has the changefeed");
    cr_assert_eq(a->ndowngrade, 3);
    cr_assert_eq(a->downgrade[0].kind, MIG_S_DROP_CHANGEFEED);

    const mig_revision_desc *b = build(p, "b");
    cr_assert_eq(b->nparents, 1);
    cr_assert_str_eq(b->parents[0], "a");
    cr_assert_eq(b->ndepends, 1);
    cr_assert_str_eq(b->depends[0], "z");
    cr_assert_eq(b->nupgrade, 12);
    cr_assert_eq(b->upgrade[0].kind, MIG_S_ADD_COLUMN);
    cr_assert_not_null(b->upgrade[0].pre);
    cr_assert_eq(b->upgrade[0].pre->ncolumns + 1, b->upgrade[0].post->ncolumns, "pre and post around add_column");
    cr_assert_eq(b->upgrade[1].pre, b->upgrade[0].post, "one step's post is the next one's pre");
    cr_assert_eq(b->upgrade[7].kind, MIG_S_RENAME_TABLE);
    cr_assert_str_eq(b->upgrade[7].to, "ev2");
    cr_assert_str_eq(b->upgrade[7].post_path, "ev2");
    cr_assert_eq(b->upgrade[11].kind, MIG_S_DROP_TABLE);
    cr_assert_null(b->upgrade[11].post, "a dropped table has no post state");

    const mig_revision_desc *c = build(p, "c");
    cr_assert_eq(c->downgrade_kind, MIG_DOWN_IRREVERSIBLE);
    cr_assert_null(c->downgrade);
    cr_assert_eq(c->upgrade[0].kind, MIG_S_YQL);
    cr_assert_str_eq(c->upgrade[0].body, "UPDATE `shop/orders` SET s = \"z\"u;");
    cr_assert_eq(c->upgrade[1].kind, MIG_S_C);
    cr_assert_not_null(c->upgrade[1].native);
    const mig_p_step *bf = &c->upgrade[2];
    cr_assert_eq(bf->kind, MIG_S_BACKFILL);
    cr_assert_str_eq(bf->table, "shop/orders");
    cr_assert_eq(bf->nnames, 2);
    cr_assert_str_eq(bf->names[0], "n");
    cr_assert_str_eq(bf->exprs[0], "n + 1u");
    cr_assert_str_eq(bf->names[1], "s");
    cr_assert_str_eq(bf->exprs[1], "concat(s)");
    cr_assert_str_eq(bf->body, "n IS NOT NULL");
    cr_assert_eq(bf->batch, 50);
    cr_assert_eq(bf->pause_ms, 2000);
    cr_assert_not_null(bf->pre, "the table it pages through, with its key");
    cr_assert_str_eq(bf->pre->key[0], "id");
    cr_assert_eq(c->upgrade[0].batch, 0, "the backfill fields are zero on other steps");
}

/* rebuild_table: the new shape, the table before, the shadow and kept names, each new
 * column's source (its copy expression, its old column by name, or none) and the rows per
 * page; its derived downgrade swaps the kept table back with rename_table ... replace. */
Test(codegen, rebuild_table_step_describes_the_copy_and_its_downgrade_the_swap_back)
{
    mig("1.mig", "revision a; revises base;\nupgrade <\n create_table items < id Uint64 not null; shop Uint32 not null;"
                 " price Uint32; note Utf8; primary_key (id); index by_price on (price); >\n>\n");
    mig("2.mig", "revision r2; revises a;\nupgrade <\n rebuild_table items < shop Uint32 not null; id Uint64 not null;"
                 " price Uint64; extra Utf8; note Utf8 not null; primary_key (shop, id); > copy < price = \"CAST(price AS Uint64)\"; >"
                 " batch 250;\n>\n");
    mig_project *p = project();
    const mig_revision_desc *d = build(p, "r2");
    cr_assert_eq(d->nupgrade, 1);
    const mig_p_step *st = &d->upgrade[0];
    cr_assert_eq(st->kind, MIG_S_REBUILD_TABLE);
    cr_assert_str_eq(st->table, "items");
    cr_assert_str_eq(st->name, "items__rebuild_r2", "the shadow table");
    cr_assert_str_eq(st->to, "items__before_r2", "the kept table");
    cr_assert_str_eq(st->def->path, "items");
    cr_assert_eq(st->def->nkey, 2);
    cr_assert_str_eq(st->def->key[0], "shop");
    cr_assert_str_eq(st->pre->key[0], "id", "the table before, with its old key");
    cr_assert_eq(st->pre->nindexes, 1);
    cr_assert_str_eq(st->post_path, "items");
    cr_assert_eq(st->post->nkey, 2);
    cr_assert_eq(st->nnames, 5);
    /* note: nullable before, not null now: copied by name (migrun unwraps it) */
    const char *names[] = {"shop", "id", "price", "extra", "note"};
    const char *exprs[] = {"`shop`", "`id`", "CAST(price AS Uint64)", NULL, "`note`"};
    for (int i = 0; i < 5; i++) {
        cr_assert_str_eq(st->names[i], names[i]);
        if (exprs[i]) cr_assert_str_eq(st->exprs[i], exprs[i]);
        else cr_assert_null(st->exprs[i], "a column with no source has no expression");
    }
    cr_assert_eq(st->batch, 250);
    cr_assert_eq(st->flags, 0);
    cr_assert_eq(d->downgrade_kind, MIG_DOWN_DERIVED);
    cr_assert_eq(d->ndowngrade, 1);
    const mig_p_step *dn = &d->downgrade[0];
    cr_assert_eq(dn->kind, MIG_S_RENAME_TABLE);
    cr_assert_str_eq(dn->table, "items__before_r2");
    cr_assert_str_eq(dn->to, "items");
    cr_assert_eq(dn->flags, MIG_PSTEP_REPLACE);
    cr_assert_eq(dn->pre->nkey, 1, "the kept table has the old shape");
}

/* A host that answers table_exists, to run a native step from a generated plugin. */
static int fake_exists(mig_ctx *ctx, const char *table)
{
    (void)ctx;
    return strcmp(table, "shop/orders") == 0;
}

Test(codegen, native_step_calls_the_host_api)
{
    mig("1.mig", "revision a; revises base;\nupgrade <\n create_table `shop/orders` < id Uint64 pk; >\n"
                 " c \"\"\"\n    if (mig_table_exists(\"shop/orders\") != 1) return -1;\n"
                 "    if (mig_table_exists(\"nope\") != 0) return -2;\n    return 7;\n \"\"\";\n>\ndowngrade irreversible;\n");
    mig_project *p = project();
    const mig_revision_desc *a = build(p, "a");
    mig_host_api api;
    memset(&api, 0, sizeof api);
    api.size = sizeof api;
    api.version = MIG_HOST_API_VERSION;
    api.table_exists = fake_exists;
    cr_assert_eq(a->upgrade[1].native(NULL, &api), 7);
}
