/* test_migtext.c - the one .mig printer: every keyword used as a name is quoted, and what
 * `migc schema` prints reads back as the same schema, for every valid test project. */
#include <criterion/criterion.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/buf.h"
#include "../../common/migtext.h"
#include "../../compiler/graph.h"
#include "../../compiler/project.h"
#include "../../compiler/ptable.h"
#include "../../compiler/sema.h"
#include "helpers.h"

static th_ctx t;
static void setup(void) { th_init(&t); }
static void teardown(void) { th_fini(&t); }
TestSuite(migtext, .init = setup, .fini = teardown);

static mig_project *analyse(const char *d)
{
    mig_project *p = mig_project_load(t.arena, &t.diags, d, MIG_YDB_NEWEST);
    cr_assert_not_null(p, "cannot load %s", d);
    mig_graph_build(p);
    mig_sema_run(p);
    char *r = th_render(&t);
    cr_assert_eq(t.diags.nerrors, 0, "%s: unexpected errors:\n%s", d, r);
    free(r);
    return p;
}

/* The schema printed as one revision in dir/1.mig, analysed again: its schema. */
static const mig_schema *reparse(const char *dir, const mig_schema *s, char **text)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "revision again; revises base;\nupgrade <\n");
    mig_schema_print_mig(t.arena, &b, s);
    mig_buf_puts(&b, ">\n");
    *text = mig_strdup(t.arena, mig_buf_str(&b));
    mig_buf_free(&b);
    th_write(dir, "1.mig", *text);
    mig_project *q = analyse(dir);
    cr_assert_eq(q->nrevs, 1);
    return mig_sema_of(q->revs[0])->after;
}

static const char *const def_keywords[] = {
#define MIG_KEYWORD(text, tok) text,
#include "../../common/keywords.def"
#undef MIG_KEYWORD
};

/* A table and a column named after each keyword: printed in backticks, and the text reads
 * back as the same schema. */
Test(migtext, every_keyword_as_a_name_is_quoted)
{
    char *src = th_mkdtemp();
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "revision a; revises base; upgrade <\n");
    for (size_t i = 0; i < sizeof def_keywords / sizeof def_keywords[0]; i++)
        mig_buf_printf(&b, "create_table `%s` < id Uint64 pk; `%s` Utf8; index `%s` on (`%s`); >\n",
                       def_keywords[i], def_keywords[i], def_keywords[i], def_keywords[i]);
    mig_buf_puts(&b, ">\n");
    th_write(src, "1.mig", mig_buf_str(&b));
    mig_buf_free(&b);
    mig_project *p = analyse(src);
    const mig_schema *s = mig_sema_of(p->revs[0])->after;
    char *text;
    const mig_schema *again = reparse(src, s, &text);
    for (size_t i = 0; i < sizeof def_keywords / sizeof def_keywords[0]; i++) {
        char want[128];
        snprintf(want, sizeof want, "create_table `%s` <", def_keywords[i]);
        cr_assert(strstr(text, want), "no %s in:\n%s", want, text);
        snprintf(want, sizeof want, "\n  `%s` ", def_keywords[i]);
        cr_assert(strstr(text, want), "column %s unquoted in:\n%s", def_keywords[i], text);
        snprintf(want, sizeof want, "  index `%s` on (`%s`);", def_keywords[i], def_keywords[i]);
        cr_assert(strstr(text, want), "index %s unquoted in:\n%s", def_keywords[i], text);
    }
    mig_buf diff = MIG_BUF_INIT;
    cr_assert_eq(mig_schema_diff(s, again, "written", "printed", &diff, 5), 0, "%s", mig_buf_str(&diff));
    mig_buf_free(&diff);
    th_rmtree(src);
    free(src);
}

/* Every revision of every project in tests/valid: its schema printed and read back. */
Test(migtext, valid_projects_round_trip)
{
    const char *top = getenv("top_srcdir");
    cr_assert_not_null(top, "top_srcdir is not set (run through make check)");
    char path[4096];
    snprintf(path, sizeof path, "%s/tests/valid", top);
    DIR *dd = opendir(path);
    cr_assert_not_null(dd, "%s", path);
    char *dir = th_mkdtemp();
    size_t nprojects = 0, nschemas = 0;
    for (struct dirent *e; (e = readdir(dd));) {
        if (e->d_name[0] == '.') continue;
        const char *mig = mig_printf(t.arena, "%s/%s/migrations", path, e->d_name);
        mig_project *p = analyse(mig);
        nprojects++;
        for (size_t i = 0; i < p->norder; i++) {
            const mig_schema *s = mig_sema_of(p->order[i])->after;
            char *text;
            const mig_schema *again = reparse(dir, s, &text);
            mig_buf diff = MIG_BUF_INIT;
            size_t n = mig_schema_diff(s, again, "written", "printed", &diff, 5);
            cr_assert_eq(n, 0, "%s at %s:\n%s\nprinted:\n%s", e->d_name, p->order[i]->id, mig_buf_str(&diff), text);
            mig_buf_free(&diff);
            nschemas++;
        }
    }
    closedir(dd);
    th_rmtree(dir);
    free(dir);
    cr_assert_geq(nprojects, 8);
    cr_assert_gt(nschemas, nprojects);
}

/* A backfill step printed reads back as the same step: names quoted, expressions and the
 * condition as strings (quotes and backslashes in them escaped), batch and pause. */
Test(migtext, backfill_step_reads_back)
{
    const char *names[] = {"n", "where"}, *exprs[] = {"n + 1", "\"a\\b\" || 'c'u"};
    mig_p_step st;
    memset(&st, 0, sizeof st);
    st.kind = MIG_S_BACKFILL;
    st.table = "shop/items";
    st.names = names;
    st.exprs = exprs;
    st.nnames = 2;
    st.body = "n > 0 AND `where` <> \"x\"";
    st.body_len = strlen(st.body);
    st.batch = 250;
    st.pause_ms = 90250; /* 1m30s250ms: a pause in milliseconds reads back exactly */
    mig_buf b = MIG_BUF_INIT;
    const char *why = NULL;
    cr_assert_eq(mig_text_backfill(t.arena, &b, &st, "  ", &why), 0, "%s", why ? why : "");
    char *dir = th_mkdtemp();
    mig_buf src = MIG_BUF_INIT;
    mig_buf_printf(&src, "revision a; revises base;\nupgrade <\n  create_table shop/items < id Uint64 pk; n Int32; "
                         "`where` String; >\n%s>\ndowngrade irreversible;\n", mig_buf_str(&b));
    th_write(dir, "1.mig", mig_buf_str(&src));
    mig_project *p = analyse(dir);
    const mig_op *op = &mig_sema_of(p->revs[0])->up.v[1];
    cr_assert_eq(op->kind, MIG_STEP_BACKFILL, "%s", mig_buf_str(&src));
    cr_assert_str_eq(op->table, "shop/items");
    cr_assert_eq(op->nnames, 2);
    for (int i = 0; i < 2; i++) {
        cr_assert_str_eq(op->names[i], names[i]);
        cr_assert_str_eq(op->exprs[i], exprs[i]);
    }
    cr_assert_eq(op->body_len, strlen(st.body));
    cr_assert(strncmp(op->body, st.body, op->body_len) == 0);
    cr_assert_eq(op->batch, 250);
    cr_assert_eq(op->pause_ms, 90250, "%s", mig_buf_str(&b));
    cr_assert(strstr(mig_buf_str(&b), "  backfill shop/items set n = ") == mig_buf_str(&b), "%s", mig_buf_str(&b));
    cr_assert(strstr(mig_buf_str(&b), " `where` = "), "a keyword as a name is quoted: %s", mig_buf_str(&b));
    mig_buf_free(&b);
    mig_buf_free(&src);
    th_rmtree(dir);
    free(dir);
}

/* A rebuild_table step printed reads back as the same step: the new body, the copy entries
 * that are not a column's own old name, the batch; rename_table ... replace keeps its
 * `replace`. */
Test(migtext, rebuild_table_and_rename_replace_read_back)
{
    const char *head = "revision a; revises base;\nupgrade <\n  create_table `shop/items` < id Uint64 not null; "
                       "`copy` Uint32 not null; n Int32; primary_key (id); >\n  create_table old < k Uint64 pk; >\n";
    char *dir = th_mkdtemp();
    mig_buf src = MIG_BUF_INIT;
    mig_buf_printf(&src, "%s  rebuild_table `shop/items` < `copy` Uint32 not null; id Uint64 not null; n Int64; "
                         "fresh Utf8; primary_key (`copy`, id); index by_n on (n); > copy < n = \"CAST(n AS Int64) "
                         "* 2\"; > batch 77;\n  rename_table `shop/items__before_a` to old replace;\n>\n"
                         "downgrade irreversible;\n", head);
    th_write(dir, "1.mig", mig_buf_str(&src));
    mig_project *p = analyse(dir);
    const mig_rev_sema *rs = mig_sema_of(p->revs[0]);
    mig_buf b = MIG_BUF_INIT;
    const char *why = NULL;
    for (size_t i = 2; i < 4; i++) {
        const mig_p_step *st = mig_pstep_of(t.arena, &rs->up.v[i], mig_ops_table_before(&rs->up, i, rs->before));
        cr_assert_eq(mig_text_step(t.arena, &b, st, "  ", &why), 0, "%s", why ? why : "");
    }
    const char *text = mig_buf_str(&b);
    cr_assert(strstr(text, "  rebuild_table shop/items <\n"), "%s", text);
    cr_assert(strstr(text, "  > copy <\n    n = \"CAST(n AS Int64) * 2\";\n  > batch 77;\n"), "%s", text);
    cr_assert_null(strstr(text, "id = "), "a column copied by its own name is not written: %s", text);
    cr_assert(strstr(text, "  rename_table shop/items__before_a to old replace;\n"), "%s", text);
    mig_buf again = MIG_BUF_INIT;
    mig_buf_printf(&again, "%s%s>\ndowngrade irreversible;\n", head, text);
    th_write(dir, "1.mig", mig_buf_str(&again));
    mig_project *q = analyse(dir);
    const mig_rev_sema *qs = mig_sema_of(q->revs[0]);
    cr_assert_eq(qs->up.n, 4);
    const mig_op *x = &rs->up.v[2], *y = &qs->up.v[2];
    cr_assert_eq(y->kind, MIG_STEP_REBUILD_TABLE);
    cr_assert_eq(y->nnames, x->nnames);
    for (size_t i = 0; i < x->nnames; i++) {
        cr_assert_str_eq(y->names[i], x->names[i]);
        if (x->exprs[i]) cr_assert_str_eq(y->exprs[i], x->exprs[i]);
        else cr_assert_null(y->exprs[i]);
    }
    cr_assert_eq(y->batch, 77);
    cr_assert(qs->up.v[3].replace);
    mig_buf d = MIG_BUF_INIT;
    cr_assert_eq(mig_schema_diff(rs->after, qs->after, "written", "printed", &d, 5), 0, "%s", mig_buf_str(&d));
    mig_buf_free(&d);
    mig_buf_free(&again);
    mig_buf_free(&b);
    mig_buf_free(&src);
    th_rmtree(dir);
    free(dir);
}
