/* test_cli.c - the command-line skeleton both programs share (common/cli.c): the exit
 * statuses of a help text come from the exit-code enum, wrapped between words. */
#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/cli.h"
#include "../../common/exitcodes.h"

static char *exits_text(const mig_cli_exit *list)
{
    char *s = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&s, &n);
    mig_cli_put_exits(f, list);
    fclose(f);
    return s;
}

Test(cli, exit_statuses_take_numbers_and_general_meanings_from_the_enum)
{
    static const mig_cli_exit l[] = {{MIG_EXIT_OK, "built"}, {MIG_EXIT_USAGE, NULL}, {MIG_EXIT_DATABASE, NULL},
                                     MIG_CLI_EXITS_END};
    char *s = exits_text(l);
    cr_assert_str_eq(s, "Exit status: 0 built, 2 usage error, 5 the database could not be reached or refused a\n"
                        "request.\n");
    free(s);
}

Test(cli, every_exit_status_has_a_general_meaning)
{
    for (int c = MIG_EXIT_OK; c <= MIG_EXIT_IO; c++) cr_assert_not_null(mig_exit_meaning(c), "status %d", c);
    cr_assert_null(mig_exit_meaning(99));
}

Test(cli, exit_lines_wrap_between_words_within_the_help_width)
{
    static const mig_cli_exit l[] = {{MIG_EXIT_OK, "a very long meaning that goes on and on past any reasonable width "
                                                   "of a help text so that it must wrap twice or more"},
                                     {MIG_EXIT_IO, NULL}, MIG_CLI_EXITS_END};
    char *s = exits_text(l);
    size_t lines = 0;
    for (char *p = s; *p;) {
        size_t n = strcspn(p, "\n");
        cr_assert_leq(n, 90, "line %zu is %zu wide", lines, n);
        cr_assert(n == 0 || (p[0] != ' ' && p[n - 1] != ' '), "line %zu starts or ends with a space", lines);
        lines++;
        p += n + (p[n] == '\n');
    }
    cr_assert_geq(lines, 3);
    cr_assert(strstr(s, "6 a file or directory could not be read or written.\n") != NULL ||
              strstr(s, "6 a file or directory could not be read or\nwritten.\n") != NULL);
    free(s);
}
