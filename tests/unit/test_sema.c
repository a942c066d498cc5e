/* test_sema.c - replaying revisions: schemas, merges, version gates, downgrades. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/graph.h"
#include "../../compiler/project.h"
#include "../../compiler/ptable.h"
#include "../../compiler/sema.h"
#include "helpers.h"

static th_ctx t;
static char *dir;

static void setup(void)
{
    th_init(&t);
    dir = th_mkdtemp();
}

static void teardown(void)
{
    th_rmtree(dir);
    free(dir);
    th_fini(&t);
}

TestSuite(sema, .init = setup, .fini = teardown);

static void put(const char *name, const char *text) { th_write(dir, name, text); }

static mig_project *run(mig_ydbver target)
{
    mig_project *p = mig_project_load(t.arena, &t.diags, dir, target);
    cr_assert_not_null(p);
    mig_graph_build(p);
    mig_sema_run(p);
    return p;
}

static const mig_schema *after(mig_project *p, const char *id)
{
    mig_revision *r = mig_graph_find(p, id);
    cr_assert_not_null(r, "no revision %s", id);
    cr_assert_not_null(r->sema, "revision %s was not analysed", id);
    return mig_sema_of(r)->after;
}

static void no_errors(void)
{
    char *r = th_render(&t);
    cr_assert_eq(t.diags.nerrors, 0, "unexpected errors:\n%s", r);
    free(r);
}

Test(sema, replays_a_chain_and_keeps_every_revision_schema)
{
    put("0001.mig", "revision r1; revises base; upgrade < create_table users < id Uint64 pk; name Utf8; k2 Utf8 null pk; > >");
    put("0002.mig", "revision r2; revises r1; upgrade < add_column users < email Utf8; > drop_column users name; >");
    mig_project *p = run(MIG_YDB_NEWEST);
    no_errors();
    const mig_table *u1 = mig_schema_find(after(p, "r1"), "users");
    const mig_table *u2 = mig_schema_find(after(p, "r2"), "users");
    cr_assert_not_null(u1);
    cr_assert_not_null(u2);
    cr_assert_neq(u1, u2, "a changed table is a new copy");
    cr_assert_geq(mig_table_col(u1, "name"), 0, "the earlier schema is untouched");
    cr_assert_lt(mig_table_col(u1, "email"), 0);
    cr_assert_lt(mig_table_col(u2, "name"), 0);
    cr_assert_geq(mig_table_col(u2, "email"), 0);
    cr_assert_eq(u1->npk, 2);
    cr_assert(u1->cols[mig_table_col(u1, "id")].not_null, "key columns are NOT NULL by default");
    cr_assert_not(u1->cols[mig_table_col(u1, "k2")].not_null, "unless written null");
    cr_assert_not(u1->cols[mig_table_col(u1, "name")].not_null);
}

Test(sema, merge_sees_both_branches_and_depends_on)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; > >");
    put("2.mig", "revision b; revises a; upgrade < create_table tb < id Uint64 pk; > >");
    put("3.mig", "revision c; revises a; upgrade < create_table tc < id Uint64 pk; > >");
    put("4.mig", "revision m; revises b, c; upgrade < add_column tb < x Utf8; > add_column tc < y Utf8; > >");
    put("5.mig", "revision d; revises a; depends_on c; upgrade < add_column tc < z Utf8; > >");
    mig_project *p = run(MIG_YDB_NEWEST);
    no_errors();
    const mig_schema *sm = after(p, "m");
    cr_assert_eq(sm->n, 3);
    cr_assert_geq(mig_table_col(mig_schema_find(sm, "tc"), "y"), 0);
    const mig_schema *sd = after(p, "d");
    cr_assert_not_null(mig_schema_find(sd, "tc"), "depends_on brings c's table");
    cr_assert_null(mig_schema_find(sd, "tb"), "b is not an ancestor of d");
}

Test(sema, version_gates_follow_the_target)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; v Utf8 not null default \"x\"; > >");
    put("2.mig", "revision b; revises a; upgrade < alter_column t v < null; > > downgrade irreversible;");
    run(2502);
    no_errors();
    th_fini(&t);
    th_init(&t);
    run(2404);
    cr_assert_eq(t.diags.nerrors, 1);
    cr_assert(th_has(&t, "needs YDB 25.1 or later; the target is 24.4"));
}

Test(sema, derived_downgrade_reverses_the_upgrade)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; v Utf8; > >");
    put("2.mig", "revision b; revises a; upgrade < add_column t < w Utf8; > create_index ix on t (w); "
                 "rename_table t to t2; >");
    mig_project *p = run(MIG_YDB_NEWEST);
    no_errors();
    mig_rev_sema *rs = mig_sema_of(mig_graph_find(p, "b"));
    cr_assert(rs->down_derived);
    cr_assert_eq(rs->down.n, 3);
    cr_assert_eq(rs->down.v[0].kind, MIG_STEP_RENAME_TABLE);
    cr_assert_str_eq(rs->down.v[0].table, "t2");
    cr_assert_str_eq(rs->down.v[0].to, "t");
    cr_assert_eq(rs->down.v[1].kind, MIG_STEP_DROP_INDEX);
    cr_assert_eq(rs->down.v[2].kind, MIG_STEP_DROP_COLUMN);
    cr_assert_str_eq(rs->down.v[2].names[0], "w");
}

Test(sema, dropped_table_comes_back_whole)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; v Utf8; index ix on (v); > "
                 "add_changefeed t f (mode = updates, format = json); >");
    put("2.mig", "revision b; revises a; upgrade < drop_table t; >");
    mig_project *p = run(MIG_YDB_NEWEST);
    no_errors();
    mig_rev_sema *rs = mig_sema_of(mig_graph_find(p, "b"));
    cr_assert_eq(rs->down.n, 2);
    cr_assert_eq(rs->down.v[0].kind, MIG_STEP_CREATE_TABLE);
    cr_assert_eq(rs->down.v[0].def->nindexes, 1);
    cr_assert_eq(rs->down.v[0].def->nfeeds, 0, "changefeeds are added after the table");
    cr_assert_eq(rs->down.v[1].kind, MIG_STEP_ADD_CHANGEFEED);
}

Test(sema, underivable_downgrade_names_the_step)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; > yql \"\"\"UPSERT INTO t (id) VALUES (1ul);\"\"\"; >");
    run(MIG_YDB_NEWEST);
    cr_assert_eq(t.diags.nerrors, 1);
    char *r = th_render(&t);
    cr_assert(strstr(r, "1.mig:1:70: error: revision \"a\" has no downgrade, and this step cannot be undone automatically"), "%s", r);
    free(r);
}

Test(sema, printed_schema_parses_back_to_the_same_schema)
{
    put("1.mig", "revision a; revises base; upgrade < create_table `shop/orders` < id Uint64 pk; `type` Utf8 not null default \"x\"; "
                 "n Uint32 family cold; ts Timestamp; family cold (data = \"rot\"); index ix unique on (`type`) cover (n); "
                 "ttl ts after 1d12h; with (AUTO_PARTITIONING_BY_LOAD = ENABLED); > >");
    mig_project *p = run(MIG_YDB_NEWEST);
    no_errors();
    mig_buf b = MIG_BUF_INIT;
    mig_schema_print_mig(t.arena, &b, after(p, "a"));
    char *text = malloc(b.len + 128);
    sprintf(text, "revision a; revises base;\nupgrade <\n%s>\n", mig_buf_str(&b));
    mig_buf_free(&b);
    put("1.mig", text); /* replaces the file */
    free(text);
    mig_project *q = run(MIG_YDB_NEWEST);
    no_errors();
    cr_assert(mig_schema_equal(after(p, "a"), after(q, "a")));
}

Test(sema, explicit_downgrade_that_does_not_restore_is_a_warning)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; > create_table u < id Uint64 pk; > >"
                 "downgrade < drop_table t; >");
    run(MIG_YDB_NEWEST);
    cr_assert_eq(t.diags.nerrors, 0);
    cr_assert_eq(t.diags.nwarnings, 1);
    char *r = th_render(&t);
    cr_assert(strstr(r, "table \"u\" exists in the schema after the downgrade but not in the schema before the revision"), "%s", r);
    free(r);
}
