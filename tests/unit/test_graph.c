/* test_graph.c - project loading, the revision graph, and migc new / merge. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "helpers.h"
#include "../../compiler/graph.h"
#include "../../compiler/newrev.h"
#include "../../compiler/project.h"
#include "../../common/exitcodes.h"

/* A fixture: an arena, diagnostics and a temporary directory. */
typedef struct fx {
    th_ctx t;
    char *dir;
    mig_project *p;
} fx;

static void fx_init(fx *f)
{
    th_init(&f->t);
    f->dir = th_mkdtemp();
    f->p = NULL;
}

static void fx_fini(fx *f)
{
    th_rmtree(f->dir);
    free(f->dir);
    th_fini(&f->t);
}

/* Write `revision ID; revises PARENTS; [extra] upgrade < >` as ID.mig. */
static void rev(fx *f, const char *file, const char *id, const char *parents, const char *extra)
{
    char text[1024];
    snprintf(text, sizeof text, "revision %s;\nrevises %s;\n%supgrade <\n>\n", id, parents, extra ? extra : "");
    th_write(f->dir, file, text);
}

static mig_project *load(fx *f)
{
    f->p = mig_project_load(f->t.arena, &f->t.diags, f->dir, MIG_YDB_NEWEST);
    cr_assert_not_null(f->p);
    mig_graph_build(f->p);
    return f->p;
}

static const char *order_str(fx *f)
{
    char *s = mig_strdup(f->t.arena, "");
    for (size_t i = 0; i < f->p->norder; i++) s = mig_printf(f->t.arena, "%s%s%s", s, i ? " " : "", f->p->order[i]->id);
    return s;
}

static const char *heads_str(fx *f)
{
    char *s = mig_strdup(f->t.arena, "");
    for (size_t i = 0; i < f->p->nheads; i++) s = mig_printf(f->t.arena, "%s%s%s", s, i ? " " : "", f->p->heads[i]->id);
    return s;
}

static void expect_clean(fx *f)
{
    char *r = th_render(&f->t);
    cr_assert_eq(f->t.diags.n, 0, "unexpected diagnostics:\n%s", r);
    free(r);
}

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

/* ---- the graph ---- */

Test(graph, branches_give_two_heads_in_load_order)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "r1", "base", NULL);
    rev(&f, "2.mig", "r2b", "r1", NULL);
    rev(&f, "3.mig", "r2a", "r1", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_str_eq(heads_str(&f), "r2b r2a");
    cr_assert_eq(f.p->revs[0]->nchildren, 2);
    cr_assert_str_eq(order_str(&f), "r1 r2b r2a");
    fx_fini(&f);
}

Test(graph, merge_has_two_parents_and_one_head)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "r1", "base", NULL);
    rev(&f, "2.mig", "r2", "r1", NULL);
    rev(&f, "3.mig", "r3", "r1", NULL);
    rev(&f, "4.mig", "r4", "r2, r3", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_str_eq(heads_str(&f), "r4");
    cr_assert_eq(f.p->revs[3]->nparents, 2);
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[0], f.p->revs[3]));
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[2], f.p->revs[3]));
    cr_assert(!mig_graph_is_ancestor(f.p, f.p->revs[1], f.p->revs[2]));
    cr_assert(!mig_graph_is_ancestor(f.p, f.p->revs[3], f.p->revs[3]));
    cr_assert(!mig_graph_is_ancestor(f.p, f.p->revs[3], f.p->revs[0]));
    fx_fini(&f);
}

Test(graph, depends_on_orders_before_and_is_not_a_parent)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "acc1", "base", "depends_on usr2;\n");
    rev(&f, "2.mig", "usr1", "base", NULL);
    rev(&f, "3.mig", "usr2", "usr1", NULL);
    load(&f);
    expect_clean(&f);
    cr_assert_str_eq(order_str(&f), "usr1 usr2 acc1");
    cr_assert_eq(f.p->revs[0]->ndeps, 1);
    cr_assert_eq(f.p->revs[0]->deps[0], f.p->revs[2]);
    cr_assert_eq(f.p->revs[2]->nchildren, 0); /* depends_on does not make a child */
    cr_assert_str_eq(heads_str(&f), "acc1 usr2");
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[1], f.p->revs[0]));
    fx_fini(&f);
}

Test(graph, depends_on_a_parent_is_a_warning)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    rev(&f, "2.mig", "b", "a", "depends_on a;\n");
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 0);
    cr_assert_eq(f.t.diags.nwarnings, 1);
    cr_assert(th_has(&f.t, "revision \"b\" depends on \"a\", which it already revises"));
    cr_assert_eq(f.p->norder, 2);
    fx_fini(&f);
}

Test(graph, labels_resolve_and_clash_across_files_and_with_ids)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", "label accounts;\n");
    rev(&f, "2.mig", "b", "a", "label accounts;\n");
    rev(&f, "3.mig", "cc", "b", "label a;\n");
    load(&f);
    cr_assert_eq(th_count(&f.t, "duplicate label \"accounts\""), 1);
    cr_assert_eq(th_count(&f.t, "label \"a\" is also a revision id"), 1);
    const char *why;
    cr_assert_eq(mig_graph_resolve(f.p, "accounts", &why), f.p->revs[0]);
    fx_fini(&f);
}

Test(graph, duplicate_id_is_reported_at_the_second_with_a_note)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    rev(&f, "2.mig", "a", "base", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    mig_diag *g = f.t.diags.v[0];
    cr_assert_str_eq(g->msg, "duplicate revision id \"a\"");
    cr_assert_eq(g->src, f.p->revs[1]->src);
    cr_assert_not_null(g->notes);
    cr_assert_str_eq(g->notes->msg, "first defined here");
    cr_assert_eq(g->notes->src, f.p->revs[0]->src);
    cr_assert(f.p->graph_broken);
    cr_assert_eq(mig_graph_find(f.p, "a"), f.p->revs[0]);
    cr_assert(mig_graph_uncertain(f.p));
    fx_fini(&f);
}

/* Revision ids are suggested with the same did-you-mean as every other name
 * (common/suggest.c): case is ignored, a swap of neighbours is one edit. */
Test(graph, missing_parent_suggestion_ignores_case)
{
    static const char *const typos[] = {"0001_CREATE_USERS", "0001_Create_Uesrs"};
    for (size_t i = 0; i < sizeof typos / sizeof *typos; i++) {
        fx f;
        fx_init(&f);
        rev(&f, "1.mig", "0001_create_users", "base", NULL);
        rev(&f, "2.mig", "0002_add_posts", typos[i], NULL);
        load(&f);
        cr_assert_eq(f.t.diags.nerrors, 1, "%s", typos[i]);
        cr_assert_str_eq(f.t.diags.v[0]->hint, "Did you mean \"0001_create_users\"?", "%s", typos[i]);
        fx_fini(&f);
    }
}

Test(graph, missing_parent_suggests_the_closest_id)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "0001_create_users", "base", NULL);
    rev(&f, "2.mig", "0002_add_posts", "0001_create_user", NULL);
    rev(&f, "3.mig", "0003_x", "0002_add_posts", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    mig_diag *g = f.t.diags.v[0];
    cr_assert_str_eq(g->msg, "revision \"0002_add_posts\" revises \"0001_create_user\", which does not exist");
    cr_assert_str_eq(g->hint, "Did you mean \"0001_create_users\"?");
    cr_assert(f.p->graph_broken);
    cr_assert_str_eq(order_str(&f), "0001_create_users"); /* and not its descendants */
    cr_assert(!f.p->revs[2]->in_order);
    fx_fini(&f);
}

Test(graph, missing_parent_without_a_close_id_has_no_hint)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "0001_create_users", "base", NULL);
    rev(&f, "2.mig", "b", "zzzzzzzzzzz", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    cr_assert_null(f.t.diags.v[0]->hint);
    fx_fini(&f);
}

Test(graph, self_reference_is_an_error)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "a", NULL);
    load(&f);
    cr_assert(th_has(&f.t, "revision \"a\" revises itself"));
    cr_assert_eq(f.p->norder, 0);
    fx_fini(&f);
}

Test(graph, two_cycle_is_reported_once_and_excluded_from_order)
{
    fx f;
    fx_init(&f);
    rev(&f, "0.mig", "root", "base", NULL);
    rev(&f, "1.mig", "a", "b", NULL);
    rev(&f, "2.mig", "b", "a", NULL);
    rev(&f, "3.mig", "cc", "a", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    mig_diag *g = f.t.diags.v[0];
    cr_assert_str_eq(g->msg, "revisions form a cycle: \"a\" -> \"b\" -> \"a\"");
    cr_assert_eq(g->src, f.p->revs[1]->src);
    cr_assert_str_eq(order_str(&f), "root");
    cr_assert(!f.p->revs[3]->in_order);
    cr_assert(f.p->graph_broken);
    fx_fini(&f);
}

Test(graph, three_cycle_lists_every_member)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "cc", NULL);
    rev(&f, "2.mig", "b", "a", NULL);
    rev(&f, "3.mig", "cc", "b", NULL);
    load(&f);
    cr_assert_eq(f.t.diags.nerrors, 1);
    cr_assert_str_eq(f.t.diags.v[0]->msg, "revisions form a cycle: \"a\" -> \"cc\" -> \"b\" -> \"a\"");
    /* located at the name in a's revises header */
    const mig_revision *a = f.p->revs[0];
    cr_assert_eq(f.t.diags.v[0]->loc.start, a->h_revises->names.v[0].loc.start);
    cr_assert_eq(f.p->norder, 0);
    cr_assert_eq(f.p->nheads, 0);
    fx_fini(&f);
}

Test(graph, cycle_through_depends_on_is_found)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", "depends_on b;\n");
    rev(&f, "2.mig", "b", "a", NULL);
    load(&f);
    cr_assert_eq(th_count(&f.t, "revisions form a cycle: \"a\" -> \"b\" -> \"a\""), 1);
    fx_fini(&f);
}

Test(graph, broken_file_does_not_hide_other_files_errors)
{
    fx f;
    fx_init(&f);
    th_write(f.dir, "1.mig", "revision a;\nrevises base;\nupgrade < create_table ; >\n");
    rev(&f, "2.mig", "b", "a", NULL);        /* child of a broken revision: no cascade */
    rev(&f, "3.mig", "cc", "nothere", NULL);  /* a real error elsewhere */
    rev(&f, "4.mig", "d", "base", NULL);
    rev(&f, "5.mig", "d", "base", NULL);
    load(&f);
    cr_assert(f.p->revs[0]->broken);
    cr_assert_str_eq(f.p->revs[0]->id, "a");
    cr_assert_eq(th_count(&f.t, "which does not exist"), 1);
    cr_assert(th_has(&f.t, "revision \"cc\" revises \"nothere\""));
    cr_assert(th_has(&f.t, "duplicate revision id \"d\""));
    cr_assert(!f.p->revs[1]->in_order);
    cr_assert(f.p->revs[3]->in_order);
    fx_fini(&f);
}

Test(graph, broken_revisions_count_for_heads)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    th_write(f.dir, "2.mig", "revision b;\nrevises a;\n"); /* no upgrade: broken */
    load(&f);
    cr_assert(f.p->revs[1]->broken);
    cr_assert_str_eq(heads_str(&f), "b");
    cr_assert_str_eq(order_str(&f), "a");
    fx_fini(&f);
}

Test(graph, order_is_deterministic_and_prefers_load_order)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "m", "x2, y1", NULL);
    rev(&f, "2.mig", "y1", "root", NULL);
    rev(&f, "3.mig", "root", "base", NULL);
    rev(&f, "4.mig", "x1", "root", NULL);
    rev(&f, "5.mig", "x2", "x1", NULL);
    load(&f);
    expect_clean(&f);
    const char *first = order_str(&f);
    cr_assert_str_eq(first, "root y1 x1 x2 m");
    fx g;
    g.t = f.t;
    g.dir = f.dir;
    g.p = mig_project_load(f.t.arena, &f.t.diags, f.dir, MIG_YDB_NEWEST);
    mig_graph_build(g.p);
    cr_assert_str_eq(order_str(&g), first);
    fx_fini(&f);
}

Test(graph, resolve_ids_prefixes_labels_and_heads)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "0001_users", "base", NULL);
    rev(&f, "2.mig", "0002_posts", "0001_users", "label blog;\n");
    rev(&f, "3.mig", "0003_tags", "0002_posts", NULL);
    rev(&f, "4.mig", "0002_pets", "0001_users", NULL);
    load(&f);
    expect_clean(&f);
    const char *why = "x";
    cr_assert_eq(mig_graph_resolve(f.p, "0003_tags", &why), f.p->revs[2]);
    cr_assert_eq(mig_graph_resolve(f.p, "0003", &why), f.p->revs[2]);
    cr_assert_null(mig_graph_resolve(f.p, "000", &why));
    cr_assert(strstr(why, "at least 4 characters"), "%s", why);
    cr_assert_null(mig_graph_resolve(f.p, "0002_p", &why));
    cr_assert(strstr(why, "\"0002_pets\"") && strstr(why, "\"0002_posts\"") && strstr(why, "ambiguous"), "%s",
              why);
    cr_assert_eq(mig_graph_resolve(f.p, "blog", &why), f.p->revs[1]);
    cr_assert_eq(mig_graph_resolve(f.p, "blog@head", &why), f.p->revs[2]);
    cr_assert_null(mig_graph_resolve(f.p, "head", &why));
    cr_assert(strstr(why, "\"0003_tags\"") && strstr(why, "\"0002_pets\""), "%s", why);
    cr_assert_null(mig_graph_resolve(f.p, "heads", &why));
    cr_assert_not_null(why);
    why = "x";
    cr_assert_null(mig_graph_resolve(f.p, "base", &why));
    cr_assert_null(why);
    cr_assert_null(mig_graph_resolve(f.p, "nosuch", &why));
    cr_assert_not_null(why);
    cr_assert_null(mig_graph_resolve(f.p, "0001_users@head", &why));
    cr_assert(strstr(why, "2 heads"), "%s", why);
    fx_fini(&f);
}

Test(graph, resolve_head_with_one_head)
{
    fx f;
    fx_init(&f);
    rev(&f, "1.mig", "a", "base", NULL);
    rev(&f, "2.mig", "b", "a", NULL);
    load(&f);
    const char *why;
    cr_assert_eq(mig_graph_resolve(f.p, "head", &why), f.p->revs[1]);
    fx_fini(&f);
}

Test(graph, a_thousand_revisions_build_fast)
{
    fx f;
    fx_init(&f);
    char name[64], id[64], parent[128];
    for (int i = 0; i < 1000; i++) {
        snprintf(name, sizeof name, "%04d.mig", i);
        snprintf(id, sizeof id, "r%04d", i);
        if (i == 0) snprintf(parent, sizeof parent, "base");
        else if (i % 10 == 0) snprintf(parent, sizeof parent, "r%04d, r%04d", i - 1, i - 6);
        else if (i % 10 == 5) snprintf(parent, sizeof parent, "r%04d", i - 5);
        else snprintf(parent, sizeof parent, "r%04d", i - 1);
        rev(&f, name, id, parent, NULL);
    }
    f.p = mig_project_load(f.t.arena, &f.t.diags, f.dir, MIG_YDB_NEWEST);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    mig_graph_build(f.p);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double ms = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
    expect_clean(&f);
    cr_assert_eq(f.p->norder, 1000);
    const char *vg = getenv("VALGRIND");
    if (!vg || !*vg) cr_assert_lt(ms, 10.0, "graph build took %.2f ms", ms);
    cr_assert(mig_graph_is_ancestor(f.p, f.p->revs[0], f.p->revs[999]));
    fx_fini(&f);
}

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
