/* test_derive.c - which upgrades have a derived downgrade, and what it is. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../compiler/graph.h"
#include "../../compiler/project.h"
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

TestSuite(derive, .init = setup, .fini = teardown);

static void put(const char *name, const char *text) { th_write(dir, name, text); }

static mig_rev_sema *second(mig_ydbver target, const char *up)
{
    put("1.mig", "revision a; revises base; upgrade < create_table t < id Uint64 pk; v Utf8 not null default \"x\"; "
                 "w Utf8; d Utf8 default \"y\"; nn Utf8 not null; free Utf8; index ix unique on (w); index iy on (d); > >");
    char text[1024];
    snprintf(text, sizeof text, "revision b; revises a; upgrade < %s >", up);
    put("2.mig", text);
    mig_project *p = mig_project_load(t.arena, &t.diags, dir, target);
    cr_assert_not_null(p);
    mig_graph_build(p);
    mig_sema_run(p);
    mig_revision *r = mig_graph_find(p, "b");
    cr_assert_not_null(r);
    return mig_sema_of(r);
}

Test(derive, dropping_a_nullable_column_adds_it_back)
{
    mig_rev_sema *rs = second(MIG_YDB_NEWEST, "drop_column t free;");
    cr_assert_not(rs->down_missing);
    cr_assert_eq(rs->down.n, 1);
    cr_assert_eq(rs->down.v[0].kind, MIG_STEP_ADD_COLUMN);
    cr_assert_str_eq(rs->down.v[0].cols[0].name, "free");
}

Test(derive, dropping_a_not_null_column_without_default_blocks)
{
    mig_rev_sema *rs = second(MIG_YDB_NEWEST, "drop_column t nn;");
    cr_assert(rs->down_missing);
    cr_assert_eq(rs->down.n, 0);
    cr_assert(th_has(&t, "column \"nn\" was NOT NULL without a default, and YDB cannot add such a column"));
}

Test(derive, dropping_a_column_with_default_needs_26_1)
{
    mig_rev_sema *rs = second(2504, "drop_index iy on t; drop_column t d;");
    cr_assert(rs->down_missing);
    cr_assert(th_has(&t, "column \"d\" had a default, and adding a column with a default needs YDB 26.1 or later"));
}

Test(derive, dropping_a_column_with_default_on_26_2)
{
    mig_rev_sema *rs = second(2602, "drop_index iy on t; drop_column t d;");
    cr_assert_not(rs->down_missing);
    cr_assert_eq(rs->down.n, 2);
    cr_assert_eq(rs->down.v[0].kind, MIG_STEP_ADD_COLUMN);
    cr_assert(rs->down.v[0].cols[0].has_default);
    cr_assert_eq(rs->down.v[1].kind, MIG_STEP_CREATE_INDEX);
}

Test(derive, dropping_a_unique_index_blocks)
{
    mig_rev_sema *rs = second(MIG_YDB_NEWEST, "drop_index ix on t;");
    cr_assert(rs->down_missing);
    cr_assert(th_has(&t, "index \"ix\" was unique"));
}

Test(derive, making_a_column_nullable_blocks)
{
    mig_rev_sema *rs = second(MIG_YDB_NEWEST, "alter_column t v < null; >");
    cr_assert(rs->down_missing);
    cr_assert(th_has(&t, "cannot make it NOT NULL again"));
}

Test(derive, settings_return_to_their_previous_or_default_value)
{
    mig_rev_sema *rs = second(MIG_YDB_NEWEST, "set t (AUTO_PARTITIONING_BY_LOAD = ENABLED, AUTO_PARTITIONING_MIN_PARTITIONS_COUNT = 8);");
    cr_assert_not(rs->down_missing);
    cr_assert_eq(rs->down.n, 1);
    cr_assert_eq(rs->down.v[0].kind, MIG_STEP_SET);
    cr_assert_eq(rs->down.v[0].nsettings, 2);
    cr_assert_str_eq(rs->down.v[0].settings[0].value, "DISABLED");
    cr_assert_str_eq(rs->down.v[0].settings[1].value, "1");
}

Test(derive, default_changes_invert)
{
    mig_rev_sema *rs = second(MIG_YDB_NEWEST, "alter_column t v < default \"z\"; > alter_column t w < default \"q\"; >");
    cr_assert_not(rs->down_missing);
    cr_assert_eq(rs->down.n, 2);
    cr_assert_eq(rs->down.v[0].changes[0].kind, MIG_CHG_DROP_DEFAULT, "w had no default");
    cr_assert_eq(rs->down.v[1].changes[0].kind, MIG_CHG_DEFAULT, "v had one");
    cr_assert_str_eq(rs->down.v[1].changes[0].def.text, "x");
}
