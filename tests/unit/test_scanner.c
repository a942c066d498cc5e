/* test_scanner.c - tokens, strings, comments and every kind of bad byte. */
#include <criterion/criterion.h>
#include <stdbool.h>
#include <stdio.h>
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

static const char *const def_keywords[] = {
#define MIG_KEYWORD(text, tok) text,
#include "../../common/keywords.def"
#undef MIG_KEYWORD
};
#define NDEF (sizeof def_keywords / sizeof def_keywords[0])

/* Each keyword of keywords.def, in any case, reaches the parser as a keyword token: where
 * only ';' may follow, it is "unexpected keyword" (or a valid condition), never the
 * "unexpected name" a plain word gets. */
static bool read_as_name(const char *word)
{
    char text[256];
    th_fini(&t);
    th_init(&t);
    snprintf(text, sizeof text, "upgrade < drop_table t %s; >", word);
    th_parse(&t, text);
    return th_has(&t, "unexpected name");
}

Test(scanner, recognises_every_keyword_of_keywords_def)
{
    cr_assert(read_as_name("foo"));
    cr_assert(read_as_name("create_tables"));
    for (size_t i = 0; i < NDEF; i++) {
        char upper[64];
        size_t n = strlen(def_keywords[i]);
        cr_assert_lt(n, sizeof upper);
        for (size_t k = 0; k <= n; k++) upper[k] = (char)(def_keywords[i][k] >= 'a' && def_keywords[i][k] <= 'z' ? def_keywords[i][k] - 'a' + 'A' : def_keywords[i][k]);
        cr_assert_not(read_as_name(def_keywords[i]), "\"%s\" was read as a name", def_keywords[i]);
        cr_assert_not(read_as_name(upper), "\"%s\" was read as a name", upper);
    }
}

/* ... and nothing else: every keyword token grammar/parser.y declares ("%token <tok> NAME
 * \"text\"" with a lower-case text) is in keywords.def, and the other way round. */
Test(scanner, parser_tokens_are_exactly_keywords_def)
{
    const char *top = getenv("top_srcdir");
    cr_assert_not_null(top, "top_srcdir is not set (run through make check)");
    char *y = th_read(top, "grammar/parser.y");
    cr_assert_not_null(y);
    bool seen[NDEF];
    memset(seen, 0, sizeof seen);
    size_t ntok = 0;
    /* the keyword tokens are declared from ADD_CHANGEFEED on (NAME "name" and the like before) */
    char *first = strstr(y, "%token <tok> ADD_CHANGEFEED");
    cr_assert_not_null(first);
    for (char *line = first; line; line = strstr(line + 1, "%token <tok> ")) {
        char *end = strchr(line, '\n');
        for (char *q = strchr(line, '"'); q && (!end || q < end); q = strchr(q + 1, '"')) {
            char *e = strchr(q + 1, '"');
            cr_assert_not_null(e);
            size_t n = (size_t)(e - q - 1);
            bool lower = n > 0;
            for (size_t k = 0; k < n; k++) lower = lower && ((q[1 + k] >= 'a' && q[1 + k] <= 'z') || q[1 + k] == '_');
            if (lower) {
                bool found = false;
                for (size_t i = 0; i < NDEF && !found; i++)
                    if (strlen(def_keywords[i]) == n && strncmp(def_keywords[i], q + 1, n) == 0) found = seen[i] = true;
                cr_assert(found, "parser.y declares keyword \"%.*s\", which keywords.def lacks", (int)n, q + 1);
                ntok++;
            }
            q = e;
        }
    }
    for (size_t i = 0; i < NDEF; i++) cr_assert(seen[i], "keywords.def has \"%s\", which parser.y does not declare", def_keywords[i]);
    cr_assert_eq(ntok, NDEF);
    /* sorted: the scanner searches the table by halves */
    for (size_t i = 1; i < NDEF; i++) cr_assert_lt(strcmp(def_keywords[i - 1], def_keywords[i]), 0, "%s", def_keywords[i]);
    free(y);
}
