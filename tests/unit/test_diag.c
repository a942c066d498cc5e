/* test_diag.c - locations, excerpts, ordering and the per-file cap. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

static th_ctx t;
static void setup(void) { th_init(&t); }
static void teardown(void) { th_fini(&t); }
TestSuite(diag, .init = setup, .fini = teardown);

static mig_source *src(const char *text) { return mig_source_new(t.arena, "f.mig", text, strlen(text), 0); }

Test(diag, line_and_column_count_characters)
{
    mig_source *s = src("ab\nçé x\n");
    unsigned l, c;
    mig_source_linecol(s, 0, &l, &c);
    cr_assert_eq(l, 1);
    cr_assert_eq(c, 1);
    mig_source_linecol(s, 3 + 5, &l, &c); /* 'x': after two 2-byte letters and a space */
    cr_assert_eq(l, 2);
    cr_assert_eq(c, 4);
}

Test(diag, full_shape)
{
    mig_source *s = src("upgrade <\n  drop_column posts titel;\n>\n");
    mig_loc loc = {24, 29};
    mig_diag *g = mig_report(&t.diags, MIG_SEV_ERROR, s, loc, "column \"%s\" does not exist", "titel");
    mig_detail(&t.diags, g, "It was dropped.");
    mig_hint(&t.diags, g, "Did you mean \"title\"?");
    mig_note(&t.diags, g, s, (mig_loc){12, 23}, "in this step");
    char *r = th_render(&t);
    cr_assert_str_eq(r, "f.mig:2:15: error: column \"titel\" does not exist\n"
                        "     2 |   drop_column posts titel;\n"
                        "       |               ^~~~~\n"
                        "detail: It was dropped.\n"
                        "hint: Did you mean \"title\"?\n"
                        "f.mig:2:3: note: in this step\n"
                        "     2 |   drop_column posts titel;\n"
                        "       |   ^~~~~~~~~~~\n");
    free(r);
}

Test(diag, caret_at_end_of_line_and_tabs)
{
    mig_source *s = src("\tx\n");
    mig_report(&t.diags, MIG_SEV_WARNING, s, (mig_loc){2, 2}, "here");
    char *r = th_render(&t);
    cr_assert_str_eq(r, "f.mig:1:3: warning: here\n     1 | \tx\n       | \t ^\n");
    free(r);
}

Test(diag, file_less_messages_use_the_program_name)
{
    mig_report_plain(&t.diags, MIG_SEV_ERROR, "cannot read \"%s\"", "dir");
    mig_print_opts o = {false, false, "migc", 0};
    char *r = mig_diag_render(t.diags.v[0], &o);
    cr_assert_str_eq(r, "migc: error: cannot read \"dir\"\n");
    free(r);
}

Test(diag, printing_sorts_by_file_then_offset)
{
    mig_source *a = mig_source_new(t.arena, "a.mig", "xxxx\nyyyy\n", 10, 0);
    mig_source *b = mig_source_new(t.arena, "b.mig", "zz\n", 3, 1);
    mig_report(&t.diags, MIG_SEV_ERROR, b, (mig_loc){0, 1}, "third");
    mig_report(&t.diags, MIG_SEV_ERROR, a, (mig_loc){5, 6}, "second");
    mig_report(&t.diags, MIG_SEV_ERROR, a, (mig_loc){0, 1}, "first");
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mig_print_opts o = {0};
    mig_diags_print(&t.diags, f, &o);
    fclose(f);
    char *p1 = strstr(buf, "first"), *p2 = strstr(buf, "second"), *p3 = strstr(buf, "third");
    cr_assert(p1 && p2 && p3 && p1 < p2 && p2 < p3, "%s", buf);
    free(buf);
}

Test(diag, werror_prints_warnings_as_errors)
{
    mig_source *s = src("x\n");
    mig_report(&t.diags, MIG_SEV_WARNING, s, (mig_loc){0, 1}, "w");
    mig_print_opts o = {false, true, NULL, 0};
    char *r = mig_diag_render(t.diags.v[0], &o);
    cr_assert(strncmp(r, "f.mig:1:1: error: w\n", 20) == 0, "%s", r);
    free(r);
}

Test(diag, cap_stops_recording_but_hints_stay_safe)
{
    mig_source *s = src("x\n");
    t.diags.max_per_source = 3;
    for (int i = 0; i < 10; i++) {
        mig_diag *g = mig_report(&t.diags, MIG_SEV_ERROR, s, (mig_loc){0, 1}, "e%d", i);
        mig_hint(&t.diags, g, "h");
        mig_note(&t.diags, g, s, (mig_loc){0, 1}, "n");
    }
    cr_assert_eq(t.diags.n, 3);
    cr_assert(mig_source_capped(s));
}

/* Print with max_errors into a string; *left_out gets what mig_diags_print returned. */
static char *print_capped(unsigned max, bool werror, unsigned *left_out)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    mig_print_opts o = {false, werror, NULL, max};
    *left_out = mig_diags_print(&t.diags, f, &o);
    fclose(f);
    return buf;
}

Test(diag, max_errors_stops_printing_and_counts_the_rest)
{
    mig_source *s = src("x\n");
    mig_report(&t.diags, MIG_SEV_ERROR, s, (mig_loc){0, 1}, "e1");
    mig_report(&t.diags, MIG_SEV_WARNING, s, (mig_loc){0, 1}, "w1");
    mig_report(&t.diags, MIG_SEV_ERROR, s, (mig_loc){0, 1}, "e2");
    mig_report(&t.diags, MIG_SEV_WARNING, s, (mig_loc){0, 1}, "w2");
    mig_report(&t.diags, MIG_SEV_ERROR, s, (mig_loc){0, 1}, "e3");
    unsigned left;
    char *r = print_capped(2, false, &left);
    cr_assert_eq(left, 1);
    cr_assert(strstr(r, "e1") && strstr(r, "w1") && strstr(r, "e2"), "%s", r);
    cr_assert(!strstr(r, "w2") && !strstr(r, "e3"), "nothing after the second error: %s", r);
    free(r);
}

Test(diag, max_errors_zero_prints_all)
{
    mig_source *s = src("x\n");
    for (int i = 0; i < 30; i++) mig_report(&t.diags, MIG_SEV_ERROR, s, (mig_loc){0, 1}, "e%d", i);
    unsigned left;
    char *r = print_capped(0, false, &left);
    cr_assert_eq(left, 0);
    cr_assert(strstr(r, "e0") && strstr(r, "e19") && strstr(r, "e29"), "%s", r);
    free(r);
}

Test(diag, max_errors_counts_warnings_under_werror)
{
    mig_source *s = src("x\n");
    mig_report(&t.diags, MIG_SEV_WARNING, s, (mig_loc){0, 1}, "w1");
    mig_report(&t.diags, MIG_SEV_WARNING, s, (mig_loc){0, 1}, "w2");
    mig_report(&t.diags, MIG_SEV_ERROR, s, (mig_loc){0, 1}, "e1");
    unsigned left;
    char *r = print_capped(1, true, &left);
    cr_assert_eq(left, 2);
    cr_assert(strstr(r, "w1") && !strstr(r, "w2") && !strstr(r, "e1"), "%s", r);
    free(r);
}
