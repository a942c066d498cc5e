/* test_project.c - project loading: the directory, the files and their headers. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "project_fx.h"

/* ---- loading ---- */

Test(project, linear_chain_loads_in_name_order_and_orders_parents_first)
{
    fx f;
    fx_init(&f);
    rev(&f, "0003_c.mig", "0003_c", "0002_b", NULL);
    rev(&f, "0001_a.mig", "0001_a", "base", NULL);
    rev(&f, "0002_b.mig", "0002_b", "0001_a", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_eq(f.p->nrevs, 3);
    cr_assert_str_eq(f.p->revs[0]->id, "0001_a");
    cr_assert_str_eq(order_str(&f), "0001_a 0002_b 0003_c");
    cr_assert_str_eq(heads_str(&f), "0003_c");
    cr_assert_eq(f.p->revs[1]->nparents, 1);
    cr_assert_eq(f.p->revs[1]->parents[0], f.p->revs[0]);
    cr_assert_eq(f.p->revs[0]->nchildren, 1);
    cr_assert_eq(f.p->revs[0]->children[0], f.p->revs[1]);
    cr_assert(f.p->revs[2]->in_order && f.p->revs[2]->topo == 2);
    cr_assert_not_null(f.p->revs[0]->upgrade);
    cr_assert(!f.p->graph_broken);
    fx_fini(&f);
}

Test(project, skips_dotfiles_and_other_extensions)
{
    fx f;
    fx_init(&f);
    rev(&f, "0001_a.mig", "0001_a", "base", NULL);
    th_write(f.dir, ".hidden.mig", "garbage");
    th_write(f.dir, "notes.txt", "garbage");
    th_write(f.dir, "x.mig.bak", "garbage");
    load(&f);
    expect_clean(&f);
    cr_assert_eq(f.p->nrevs, 1);
    fx_fini(&f);
}

Test(project, display_path_drops_dot_and_never_doubles_slashes)
{
    mig_arena *a = mig_arena_new();
    cr_assert_str_eq(mig_project_path(a, ".", "x.mig"), "x.mig");
    cr_assert_str_eq(mig_project_path(a, "./", "x.mig"), "x.mig");
    cr_assert_str_eq(mig_project_path(a, "migrations", "x.mig"), "migrations/x.mig");
    cr_assert_str_eq(mig_project_path(a, "migrations/", "x.mig"), "migrations/x.mig");
    cr_assert_str_eq(mig_project_path(a, "a/b//", "x.mig"), "a/b/x.mig");
    cr_assert_str_eq(mig_project_path(a, "/", "x.mig"), "/x.mig");
    mig_arena_free(a);
}

Test(project, empty_directory_is_an_error_with_a_hint)
{
    fx f;
    fx_init(&f);
    mig_project *p = mig_project_load(f.t.arena, &f.t.diags, f.dir, MIG_YDB_NEWEST);
    cr_assert_not_null(p);
    cr_assert_eq(p->nrevs, 0);
    cr_assert(th_has(&f.t, "no .mig files in"));
    cr_assert_str_eq(f.t.diags.v[0]->hint, "Create one with `migc new -m \"message\"`.");
    fx_fini(&f);
}

Test(project, unreadable_directory_returns_null_with_reason)
{
    th_ctx t;
    th_init(&t);
    mig_project *p = mig_project_load(t.arena, &t.diags, "/nonexistent/migc-dir", MIG_YDB_NEWEST);
    cr_assert_null(p);
    cr_assert_eq(t.diags.nerrors, 1);
    cr_assert_str_eq(t.diags.v[0]->msg,
                     "could not read directory \"/nonexistent/migc-dir\": No such file or directory");
    cr_assert_null(t.diags.v[0]->src);
    th_fini(&t);
}

Test(project, file_over_16_mib_is_refused)
{
    fx f;
    fx_init(&f);
    rev(&f, "0001_a.mig", "0001_a", "base", NULL);
    char path[4096];
    snprintf(path, sizeof path, "%s/0002_big.mig", f.dir);
    FILE *fp = fopen(path, "wb");
    cr_assert_not_null(fp);
    cr_assert_eq(ftruncate(fileno(fp), (off_t)(17 << 20)), 0);
    fclose(fp);
    load(&f);
    cr_assert_eq(f.p->nrevs, 1);
    cr_assert(th_has(&f.t, "is too large"));
    fx_fini(&f);
}

Test(project, binary_file_is_read_whole_and_broken)
{
    fx f;
    fx_init(&f);
    char path[4096];
    snprintf(path, sizeof path, "%s/0001_bin.mig", f.dir);
    FILE *fp = fopen(path, "wb");
    fwrite("revision x;\0\0\x01", 1, 15, fp);
    fclose(fp);
    load(&f);
    cr_assert_eq(f.p->nrevs, 1);
    cr_assert_eq(f.p->revs[0]->src->len, 15);
    cr_assert(f.p->revs[0]->broken);
    fx_fini(&f);
}

Test(project, missing_revision_header_is_reported_at_file_start_with_the_form)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "0001_a.mig", "revises base;\nupgrade <\n>\n");
    load(&f);
    cr_assert(th_has(&f.t, "missing revision header"));
    mig_diag *g = f.t.diags.v[0];
    cr_assert_eq(g->loc.start, 0);
    cr_assert_str_eq(g->hint, "A .mig file starts with `revision 0001_a \"message\";`.");
    cr_assert(f.p->revs[0]->broken);
    cr_assert_null(f.p->revs[0]->id);
    fx_fini(&f);
}

Test(project, duplicate_revision_header_has_a_note_at_the_first)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "a.mig", "revision a;\nrevision b;\nrevises base;\nupgrade <\n>\n");
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    cr_assert_str_eq(f.t.diags.v[0]->msg, "duplicate revision header");
    cr_assert_not_null(f.t.diags.v[0]->notes);
    cr_assert_eq(f.t.diags.v[0]->notes->loc.start, 0);
    cr_assert_str_eq(f.p->revs[0]->id, "a");
    cr_assert(f.p->revs[0]->broken);
    fx_fini(&f);
}

Test(project, missing_revises_suggests_base)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "a.mig", "revision a;\nupgrade <\n>\n");
    load(&f);
    cr_assert(th_has(&f.t, "missing revises header"));
    cr_assert(strstr(f.t.diags.v[0]->hint, "`revises base;`"));
    fx_fini(&f);
}

Test(project, missing_and_duplicate_sections)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "a.mig", "revision a;\nrevises base;\n");
    th_write(f.dir, "b.mig", "revision b;\nrevises a;\nupgrade <\n>\nupgrade <\n>\n");
    th_write(f.dir, "c.mig", "revision cc;\nrevises b;\nupgrade <\n>\ndowngrade <\n>\ndowngrade irreversible;\n");
    th_write(f.dir, "d.mig", "revision d;\nrevises cc;\nupgrade <\n>\ndowngrade irreversible;\n");
    load(&f);
    cr_assert_eq(th_count(&f.t, "missing upgrade section"), 1);
    cr_assert_eq(th_count(&f.t, "duplicate upgrade section"), 1);
    cr_assert_eq(th_count(&f.t, "duplicate downgrade section"), 1);
    cr_assert(f.p->revs[0]->broken && f.p->revs[1]->broken && f.p->revs[2]->broken);
    cr_assert(!f.p->revs[3]->broken);
    cr_assert(f.p->revs[3]->irreversible);
    cr_assert_null(f.p->revs[3]->downgrade);
    fx_fini(&f);
}

Test(project, header_after_section_is_an_error)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "a.mig", "revision a;\nupgrade <\n>\nrevises base;\n");
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    cr_assert_str_eq(f.t.diags.v[0]->msg, "revision headers come before upgrade and downgrade");
    cr_assert(f.p->revs[0]->broken);
    fx_fini(&f);
}

Test(project, labels_from_several_headers_and_lists)
{
    fx f;
    fx_init(&f);
    rev(&f, "a.mig", "a", "base", "label x, y;\nlabel z;\n");
    rev(&f, "b.mig", "b", "a", "label q;\nlabel q;\n");
    load(&f);
    cr_assert_eq(f.p->revs[0]->nlabels, 3);
    cr_assert_str_eq(f.p->revs[0]->labels[2], "z");
    cr_assert(!f.p->revs[0]->broken);
    cr_assert_eq(th_count(&f.t, "duplicate label \"q\""), 1);
    cr_assert(f.p->revs[1]->broken);
    fx_fini(&f);
}

Test(project, several_depends_on_headers_are_an_error)
{
    fx f;
    fx_init(&f);
    rev(&f, "a.mig", "a", "base", NULL);
    rev(&f, "b.mig", "b", "base", "depends_on a;\ndepends_on a;\n");
    load(&f);
    cr_assert_eq(th_count(&f.t, "duplicate depends_on header"), 1);
    fx_fini(&f);
}
