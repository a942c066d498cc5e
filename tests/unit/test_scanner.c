/* test_scanner.c - tokens, strings, comments and every kind of bad byte. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../grammar/parse.h"
#include "helpers.h"

static th_ctx t;
static void setup(void) { th_init(&t); }
static void teardown(void) { th_fini(&t); }
TestSuite(scanner, .init = setup, .fini = teardown);

static mig_file *parse_n(const char *text, size_t n)
{
    mig_source *s = mig_source_new(t.arena, "test.mig", text, n, 0);
    return mig_parse(t.arena, &t.diags, s);
}

static const mig_step *first_step(mig_file *f)
{
    cr_assert_geq(f->nsections, 1);
    cr_assert_geq(f->sections[0]->steps.n, 1);
    return f->sections[0]->steps.v[0];
}

Test(scanner, comments_of_three_kinds)
{
    mig_file *f = th_parse(&t, "-- a\n# b\n/* c\n * d */ revision x; /**/ revises base; upgrade <> -- end");
    cr_assert_eq(f->nerrors, 0);
    cr_assert_eq(f->nheaders, 2);
}

Test(scanner, string_escapes_are_decoded)
{
    mig_file *f = th_parse(&t, "upgrade < set t (a = \"q\\\"\\\\\\n\\t\\u00e9\\x41\", b = 'it''s'); >");
    (void)f;
    mig_file *g = th_parse(&t, "upgrade < set t (a = \"q\\\"\\\\\\n\\t\\u00e9\\x41\"); >");
    cr_assert_eq(g->nerrors, 0);
    cr_assert_str_eq(first_step(g)->settings.v[0].value->text, "q\"\\\n\t\xc3\xa9" "A");
}

Test(scanner, bad_escapes_are_located)
{
    mig_file *f = th_parse(&t, "upgrade < set t (a = \"x\\qy\", b = \"\\x00\", c = \"\\u12\", d = \"\\xff\"); >");
    cr_assert_eq(f->nerrors, 4);
    cr_assert(th_has(&t, "unrecognized escape \\q"));
    cr_assert(th_has(&t, "text contains a NUL byte"));
    cr_assert(th_has(&t, "\\u needs 4 hexadecimal digits"));
    cr_assert(th_has(&t, "\\xFF is not an ASCII character"));
}

Test(scanner, unterminated_string)
{
    mig_file *f = th_parse(&t, "revision a \"oops;\nrevises base;\n");
    cr_assert_geq(f->nerrors, 1);
    char *r = th_render(&t);
    cr_assert(strstr(r, "test.mig:1:12: error: unterminated string"), "%s", r);
    free(r);
}

Test(scanner, unterminated_triple_quote_and_comment)
{
    mig_file *f = th_parse(&t, "upgrade < yql \"\"\" SELECT 1;\n>\n");
    cr_assert_eq(f->nerrors, 1, "the scanner stops at the unterminated text: one error, not a cascade");
    cr_assert(th_has(&t, "unterminated triple-quoted text"));
    th_fini(&t);
    th_init(&t);
    f = th_parse(&t, "revision a; /* never closed\n");
    cr_assert_eq(f->nerrors, 1);
    cr_assert(th_has(&t, "unterminated comment"));
}

Test(scanner, unterminated_backtick)
{
    mig_file *f = th_parse(&t, "upgrade < drop_table `a;\n>");
    cr_assert_geq(f->nerrors, 1);
    cr_assert(th_has(&t, "unterminated quoted name"));
}

Test(scanner, invalid_utf8_and_control_bytes)
{
    const char text[] = "revision a;\xff \x01 revises base;";
    mig_file *f = parse_n(text, sizeof text - 1);
    cr_assert_eq(f->nerrors, 2);
    cr_assert(th_has(&t, "invalid UTF-8 byte 0xFF"));
    cr_assert(th_has(&t, "unexpected control character 0x01"));
}

Test(scanner, nul_bytes_are_errors_not_terminators)
{
    const char text[] = "revision a;\0 revises base; upgrade <>";
    mig_file *f = parse_n(text, sizeof text - 1);
    cr_assert_eq(f->nerrors, 1);
    cr_assert(th_has(&t, "unexpected control character 0x00"));
    cr_assert_eq(f->nheaders, 2, "the text after the NUL is still read");
}

Test(scanner, non_ascii_letters_in_names)
{
    mig_file *f = th_parse(&t, "upgrade < drop_table таблица; >");
    cr_assert_geq(f->nerrors, 1);
    cr_assert(th_has(&t, "unexpected character 'т'"));
}

Test(scanner, very_long_name)
{
    size_t n = 1 << 20;
    char *text = malloc(n + 64);
    strcpy(text, "upgrade < drop_table ");
    size_t p = strlen(text);
    memset(text + p, 'x', n);
    strcpy(text + p + n, "; >");
    mig_file *f = th_parse(&t, text);
    free(text);
    cr_assert_eq(f->nerrors, 1);
    cr_assert(th_has(&t, "name is too long (1048576 bytes; YDB allows at most 255)"));
    char *r = th_render(&t);
    cr_assert_lt(strlen(r), 2000, "the excerpt of a huge line is cut to a window");
    free(r);
}

Test(scanner, deep_nesting_stops_with_one_error)
{
    size_t depth = 10000;
    char *text = malloc(depth + 64);
    strcpy(text, "upgrade < set t (a = ");
    size_t p = strlen(text);
    memset(text + p, '(', depth);
    text[p + depth] = '\0';
    mig_file *f = th_parse(&t, text);
    free(text);
    cr_assert_eq(f->nerrors, 1);
    cr_assert(th_has(&t, "nesting is too deep"));
}

Test(scanner, error_cap_per_file)
{
    size_t n = 100000;
    char *text = malloc(n + 1);
    for (size_t i = 0; i < n; i++) text[i] = i % 2 ? ' ' : '@'; /* separate runs, one error each */
    text[n] = '\0';
    th_parse(&t, text);
    free(text);
    cr_assert_eq(t.diags.nerrors, t.diags.max_per_source);
    char *r = th_render(&t);
    cr_assert(strstr(r, "the rest of it is not checked"), "%s", r);
    free(r);
}

Test(scanner, a_run_of_bad_characters_is_one_error)
{
    mig_file *f = th_parse(&t, "revision a; %%%% revises base; upgrade <>");
    cr_assert_eq(f->nerrors, 1);
    cr_assert(th_has(&t, "unexpected character '%'"));
    th_fini(&t);
    th_init(&t);
    f = th_parse(&t, "@revision a; revises base; upgrade <>");
    cr_assert_eq(f->nerrors, 1, "a bad first character is reported too");
}

Test(scanner, numbers_and_words)
{
    mig_file *f = th_parse(&t, "upgrade < set t (a = 12, b = 30d, c = 1.5e3, d = 0001_x); >");
    cr_assert_eq(f->nerrors, 0);
    const mig_settings *s = &first_step(f)->settings;
    cr_assert_eq(s->v[0].value->kind, MIG_LIT_INT);
    cr_assert_eq(s->v[1].value->kind, MIG_LIT_WORD);
    cr_assert_eq(s->v[2].value->kind, MIG_LIT_FLOAT);
    cr_assert_eq(s->v[3].value->kind, MIG_LIT_WORD);
}

Test(scanner, is_keyword)
{
    cr_assert(mig_is_keyword("create_table"));
    cr_assert(mig_is_keyword("CREATE_TABLE"));
    cr_assert(mig_is_keyword("c"));
    cr_assert_not(mig_is_keyword("users"));
    cr_assert_not(mig_is_keyword("create_tables"));
}
