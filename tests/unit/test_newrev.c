/* test_newrev.c - migc new / merge: numbering, slugs, headers and refusals. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "project_fx.h"
#include "../../compiler/newrev.h"
#include "../../common/exitcodes.h"

/* ---- migc new / merge ---- */

static int new_rev(fx *f, const char *sub, const char *msg, mig_new_opts *extra, const char **path)
{
    mig_new_opts o = extra ? *extra : (mig_new_opts){0};
    o.dir = mig_printf(f->t.arena, "%s/%s", f->dir, sub);
    o.message = msg;
    return mig_new_revision(f->t.arena, &f->t.diags, &o, MIG_YDB_NEWEST, path);
}

static char *read_sub(fx *f, const char *sub, const char *file)
{
    return th_read(mig_printf(f->t.arena, "%s/%s", f->dir, sub), file);
}

Test(newrev, first_revision_creates_the_directory_and_revises_base)
{
    fx f;
    fx_init(&f);
    const char *path;
    cr_assert_eq(new_rev(&f, "migrations", "Create users", NULL, &path), MIG_EXIT_OK);
    expect_clean(&f);
    cr_assert(strstr(path, "migrations/0001_create_users.mig"), "%s", path);
    char *text = read_sub(&f, "migrations", "0001_create_users.mig");
    cr_assert_str_eq(text, "-- Create users\nrevision 0001_create_users \"Create users\";\nrevises base;\n\n"
                           "upgrade <\n>\n");
    free(text);
    fx_fini(&f);
}

Test(newrev, numbering_follows_the_largest_leading_number_and_revises_the_head)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    th_write(sub, "0001_a.mig", "revision 0001_a;\nrevises base;\nupgrade <\n>\n");
    th_write(sub, "0007_b.mig", "revision 0007_b;\nrevises 0001_a;\nupgrade <\n>\n");
    th_write(sub, "notes.txt", "");
    cr_assert_eq(new_rev(&f, "m", "Add status column!", NULL, NULL), MIG_EXIT_OK);
    char *text = read_sub(&f, "m", "0008_add_status_column.mig");
    cr_assert_not_null(text);
    cr_assert(strstr(text, "revises 0007_b;\n"), "%s", text);
    free(text);
    fx_fini(&f);
}

Test(newrev, slug_is_lowercase_runs_of_underscores_trimmed_and_short)
{
    fx f;
    fx_init(&f);
    const char *path;
    cr_assert_eq(new_rev(&f, "m", "  Hello,   World -- ÄÖ Über 42!! ", NULL, &path), MIG_EXIT_OK);
    cr_assert(strstr(path, "/0001_hello_world_ber_42.mig"), "%s", path);
    cr_assert_eq(new_rev(&f, "m2",
                         "This is a very long message that goes on and on well past forty characters", NULL,
                         &path),
                 MIG_EXIT_OK);
    const char *base = strrchr(path, '/') + 1;
    cr_assert_str_eq(base, "0001_this_is_a_very_long_message_that_goes_on.mig");
    cr_assert_leq(strlen(base) - strlen("0001_") - strlen(".mig"), 40);
    fx_fini(&f);
}

Test(newrev, message_is_escaped_and_reads_back)
{
    fx f;
    fx_init(&f);
    const char *msg = "Say \"hi\" \\ bye\nnext\tline";
    cr_assert_eq(new_rev(&f, "m", msg, NULL, NULL), MIG_EXIT_OK);
    mig_project *p = mig_project_load(f.t.arena, &f.t.diags, mig_printf(f.t.arena, "%s/m", f.dir), MIG_YDB_NEWEST);
    expect_clean(&f);
    cr_assert_eq(p->nrevs, 1);
    cr_assert_str_eq(p->revs[0]->message, msg);
    fx_fini(&f);
}

Test(newrev, label_and_depends_on_lines)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    th_write(sub, "0001_a.mig", "revision 0001_a;\nrevises base;\nupgrade <\n>\n");
    th_write(sub, "0002_b.mig", "revision 0002_b;\nrevises base;\nupgrade <\n>\n");
    const char *heads[] = {"0001_a"}, *deps[] = {"0002"};
    mig_new_opts o = {0};
    o.heads = heads;
    o.nheads = 1;
    o.depends = deps;
    o.ndepends = 1;
    o.label = "accounts";
    cr_assert_eq(new_rev(&f, "m", "Accounts", &o, NULL), MIG_EXIT_OK);
    char *text = read_sub(&f, "m", "0003_accounts.mig");
    cr_assert_str_eq(text, "-- Accounts\nrevision 0003_accounts \"Accounts\";\nrevises 0001_a;\n"
                           "depends_on 0002_b;\nlabel accounts;\n\nupgrade <\n>\n");
    free(text);
    fx_fini(&f);
}

Test(newrev, several_heads_are_refused_naming_them)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    th_write(sub, "0001_a.mig", "revision 0001_a;\nrevises base;\nupgrade <\n>\n");
    th_write(sub, "0002_b.mig", "revision 0002_b;\nrevises 0001_a;\nupgrade <\n>\n");
    th_write(sub, "0003_c.mig", "revision 0003_c;\nrevises 0001_a;\nupgrade <\n>\n");
    cr_assert_neq(new_rev(&f, "m", "more", NULL, NULL), MIG_EXIT_OK);
    cr_assert(th_has(&f.t, "there are 2 heads, \"0002_b\" and \"0003_c\""));
    cr_assert(strstr(f.t.diags.v[0]->hint, "migc merge"));
    cr_assert(strstr(f.t.diags.v[0]->hint, "--head"));
    char *none = read_sub(&f, "m", "0004_more.mig");
    cr_assert_null(none);
    fx_fini(&f);
}

Test(newrev, merge_revises_every_head)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    th_write(sub, "0001_a.mig", "revision 0001_a;\nrevises base;\nupgrade <\n>\n");
    th_write(sub, "0002_b.mig", "revision 0002_b;\nrevises 0001_a;\nupgrade <\n>\n");
    th_write(sub, "0003_c.mig", "revision 0003_c;\nrevises 0001_a;\nupgrade <\n>\n");
    mig_new_opts o = {0};
    o.merge = true;
    cr_assert_eq(new_rev(&f, "m", "Merge heads", &o, NULL), MIG_EXIT_OK);
    char *text = read_sub(&f, "m", "0004_merge_heads.mig");
    cr_assert(strstr(text, "revises 0002_b, 0003_c;\n"), "%s", text);
    free(text);
    fx_fini(&f);
}

Test(newrev, merge_with_one_head_is_refused)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    th_write(sub, "0001_a.mig", "revision 0001_a;\nrevises base;\nupgrade <\n>\n");
    mig_new_opts o = {0};
    o.merge = true;
    cr_assert_neq(new_rev(&f, "m", "Merge", &o, NULL), MIG_EXIT_OK);
    cr_assert(th_has(&f.t, "a merge needs at least two heads"));
    fx_fini(&f);
}

Test(newrev, never_overwrites_a_file)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    const char *orig = "revision 0001_a;\nrevises base;\nupgrade <\n>\n";
    th_write(sub, "zz.mig", orig);
    mig_new_opts o = {0};
    o.rev_id = "zz";
    cr_assert_neq(new_rev(&f, "m", "clash", &o, NULL), MIG_EXIT_OK);
    cr_assert(th_has(&f.t, "already exists"));
    char *text = read_sub(&f, "m", "zz.mig");
    cr_assert_str_eq(text, orig);
    free(text);
    /* and no temporary file is left behind */
    cr_assert_eq(mig_project_load(f.t.arena, &f.t.diags, sub, MIG_YDB_NEWEST)->nrevs, 1);
    fx_fini(&f);
}

Test(newrev, unknown_head_and_reserved_ids_are_refused)
{
    fx f;
    fx_init(&f);
    char *sub = mig_printf(f.t.arena, "%s/m", f.dir);
    mkdir(sub, 0777);
    th_write(sub, "0001_a.mig", "revision 0001_a;\nrevises base;\nupgrade <\n>\n");
    const char *heads[] = {"nosuch"};
    mig_new_opts o = {0};
    o.heads = heads;
    o.nheads = 1;
    cr_assert_eq(new_rev(&f, "m", "x", &o, NULL), MIG_EXIT_USAGE);
    mig_new_opts k = {0};
    k.rev_id = "base";
    cr_assert_eq(new_rev(&f, "m", "x", &k, NULL), MIG_EXIT_USAGE);
    cr_assert_null(read_sub(&f, "m", "base.mig"));
    fx_fini(&f);
}
