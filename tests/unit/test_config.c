/* test_config.c - mig.ini: defaults, the file, the environment, and errors. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/config.h"
#include "helpers.h"

static th_ctx t;
static char *dir;
static const char *const ENV[] = {"MIG_CONFIG", "MIG_SOURCE_DIR", "MIG_PLUGIN_DIR", "MIGC_TARGET_YDB", "CC", "CFLAGS",
                                  "MIGC_JOBS", "YDB_CONNECTION_STRING", "MIG_VERSION_TABLE", "MIG_LOG_LEVEL",
                                  "MIG_LOG_FORMAT", NULL};

static void setup(void)
{
    th_init(&t);
    dir = th_mkdtemp();
    for (int i = 0; ENV[i]; i++) unsetenv(ENV[i]);
}

static void teardown(void)
{
    th_rmtree(dir);
    free(dir);
    th_fini(&t);
}

TestSuite(config, .init = setup, .fini = teardown);

static const char *ini(const char *text)
{
    th_write(dir, "mig.ini", text);
    return mig_printf(t.arena, "%s/mig.ini", dir);
}

Test(config, defaults_without_a_file)
{
    mig_config c;
    const char *err;
    cr_assert_eq(mig_config_load(t.arena, NULL, &c, &err), 0); /* the test's cwd has no mig.ini */
    cr_assert_str_eq(c.source_dir, "migrations");
    cr_assert_str_eq(c.plugin_dir, "plugins");
    cr_assert_str_eq(c.cc, "cc");
    cr_assert_str_eq(c.version_table, "mig_version");
    cr_assert_null(c.url);
    cr_assert_null(c.target_ydb);
    cr_assert_eq(c.jobs, 0);
}

Test(config, file_values_comments_and_quotes)
{
    const char *p = ini("# a comment\n; another\n[migc]\nsource = db/migrations\nplugins=out   # where they go\n"
                        "cflags = \"-O1 -DX=1 # not a comment\"\njobs = 3\n\n[migrun]\nversion_table = schema_version ; trailing\n"
                        "url = grpc://localhost:2136/local\n");
    mig_config c;
    const char *err = NULL;
    cr_assert_eq(mig_config_load(t.arena, p, &c, &err), 0, "%s", err ? err : "");
    cr_assert_str_eq(c.source_dir, "db/migrations");
    cr_assert_str_eq(c.plugin_dir, "out");
    cr_assert_str_eq(c.cflags, "-O1 -DX=1 # not a comment");
    cr_assert_eq(c.jobs, 3);
    cr_assert_str_eq(c.version_table, "schema_version");
    cr_assert_str_eq(c.url, "grpc://localhost:2136/local");
    cr_assert_str_eq(c.path, p);
}

Test(config, environment_beats_the_file_and_mig_config_names_it)
{
    const char *p = ini("[migc]\nplugins = from_file\ntarget_ydb = 25.1\n");
    setenv("MIG_CONFIG", p, 1);
    setenv("MIG_PLUGIN_DIR", "from_env", 1);
    mig_config c;
    const char *err = NULL;
    cr_assert_eq(mig_config_load(t.arena, NULL, &c, &err), 0, "%s", err ? err : "");
    cr_assert_str_eq(c.plugin_dir, "from_env");
    cr_assert_str_eq(c.target_ydb, "25.1");
}

Test(config, errors_name_file_and_line)
{
    static const struct { const char *text, *want; } cases[] = {
        {"[migc]\nplugin = x\n", "mig.ini:2: unrecognized key \"plugin\" in [migc]"},
        {"[migrun]\nsource = x\n", "mig.ini:2: \"source\" belongs in [migc], not [migrun]"},
        {"[other]\n", "mig.ini:1: unrecognized section [other]"},
        {"jobs = 2\n", "mig.ini:1: \"jobs\" comes before any [section]"},
        {"[migc]\njobs = many\n", "jobs must be a number from 0 to 1024, not \"many\""},
        {"[migc]\njust words\n", "mig.ini:2: expected `key = value`"},
        {"[migrun]\nurl = grpc://h:1/db?user=a&password=b\n", "mig.ini:2: the url must not carry a password"},
        {"[migc\n", "mig.ini:1: a section header is written [name]"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *p = ini(cases[i].text);
        mig_config c;
        const char *err = NULL;
        cr_assert_eq(mig_config_load(t.arena, p, &c, &err), -1, "%s", cases[i].text);
        cr_assert(err && strstr(err, cases[i].want), "%s: got %s", cases[i].text, err ? err : "(none)");
    }
}

/* Load dir/mig.ini holding data[0..n): it must fail with want in the error. */
static void load_fails_with(const char *data, size_t n, const char *want)
{
    th_write_bytes(dir, "mig.ini", data, n);
    mig_config c;
    const char *err = NULL;
    cr_assert_eq(mig_config_load(t.arena, mig_printf(t.arena, "%s/mig.ini", dir), &c, &err), -1, "%s", want);
    cr_assert(err && strstr(err, want), "want %s, got %s", want, err ? err : "(none)");
}

Test(config, a_nul_byte_is_an_error_with_file_and_line)
{
    static const char text[] = "[migc]\njobs = 2\0 # hidden\nsource = m\n";
    load_fails_with(text, sizeof text - 1, "mig.ini:2: the line holds a NUL byte");
}

Test(config, a_line_over_4095_bytes_is_an_error_with_file_and_line)
{
    /* the longest line that is read, then one byte more */
    char *text = mig_alloc(t.arena, 8192);
    int n = snprintf(text, 8192, "[migc]\nsource = ");
    memset(text + n, 'x', (size_t)(4095 - 9));
    n += 4095 - 9;
    text[n++] = '\n';
    th_write_bytes(dir, "mig.ini", text, (size_t)n);
    mig_config c;
    const char *err = NULL;
    cr_assert_eq(mig_config_load(t.arena, mig_printf(t.arena, "%s/mig.ini", dir), &c, &err), 0, "%s", err);
    cr_assert_eq(strlen(c.source_dir), 4095 - 9);
    memcpy(text + n - 1, "x\n", 2);
    load_fails_with(text, (size_t)n + 1, "mig.ini:2: the line is too long (4096 bytes; at most 4095)");
}

Test(config, a_nul_byte_in_a_long_line_does_not_start_a_new_line)
{
    /* A NUL in an over-long line once hid its length, and its tail was read as a line
     * of its own: here the tail would set plugins. */
    char text[6000];
    int n = snprintf(text, sizeof text, "[migc]\nsource = a");
    text[n++] = '\0';
    memset(text + n, ' ', 4200);
    n += 4200;
    n += snprintf(text + n, sizeof text - (size_t)n, "plugins = evil\n");
    load_fails_with(text, (size_t)n, "mig.ini:2: the line holds a NUL byte");
}

Test(config, a_named_file_that_is_missing)
{
    mig_config c;
    const char *err = NULL;
    cr_assert_eq(mig_config_load(t.arena, "/nonexistent/mig.ini", &c, &err), -1);
    cr_assert(strstr(err, "could not read configuration file \"/nonexistent/mig.ini\""), "%s", err);
}

Test(config, template_parses)
{
    const char *p = ini(mig_config_template());
    mig_config c;
    const char *err = NULL;
    cr_assert_eq(mig_config_load(t.arena, p, &c, &err), 0, "%s", err ? err : "");
    cr_assert_str_eq(c.source_dir, "migrations");
}
