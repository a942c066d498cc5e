/* test_online.c - the online runtime's pieces that need no database: timestamps, JSON
 * strings, the URL credential check, a missing driver module, no URL at all. (The rest runs
 * against ydbsim in tests/online.sh.) */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../../runtime/cli/cli.h"
#include "../../runtime/db.h"
#include "../../runtime/exec.h"
#include "../../runtime/revjson.h"
#include "../../runtime/state.h"

Test(online, timestamps_round_trip)
{
    mig_arena *a = mig_arena_new();
    cr_assert_str_eq(mig_ts_format(a, 0), "1970-01-01T00:00:00Z");
    cr_assert_eq(mig_ts_parse("2026-11-25T23:01:09Z"), (time_t)1795647669);
    cr_assert_eq(mig_ts_parse("2026-11-25T23:01:09.123456Z"), (time_t)1795647669);
    cr_assert_eq(mig_ts_parse(mig_ts_format(a, 1795647669)), (time_t)1795647669);
    cr_assert_eq(mig_ts_parse("yesterday"), (time_t)-1);
    cr_assert_eq(mig_ts_parse(NULL), (time_t)-1);
    mig_arena_free(a);
}

Test(online, backfill_cursor_keys_round_trip)
{
    mig_arena *a = mig_arena_new();
    const char *key[] = {"42", "a:b", ""};
    const char *enc = mig_cursor_encode(a, key, 3);
    cr_assert_str_eq(enc, "2:423:a:b0:");
    const char *back[3];
    cr_assert_eq(mig_cursor_decode(a, enc, back, 3), 0);
    for (int i = 0; i < 3; i++) cr_assert_str_eq(back[i], key[i]);
    cr_assert_eq(mig_cursor_decode(a, enc, back, 2), -1, "a key of another length");
    cr_assert_eq(mig_cursor_decode(a, "9:short", back, 1), -1, "a length past the end");
    cr_assert_eq(mig_cursor_decode(a, "x", back, 1), -1, "no length");
    cr_assert_str_eq(mig_cursor_id(a, "0002_fill", true, 3), "0002_fill upgrade 3");
    mig_arena_free(a);
}

Test(online, json_strings)
{
    mig_arena *a = mig_arena_new();
    cr_assert_str_eq(mig_json_str(a, "a\"b\\c\nd\te\x01"), "\"a\\\"b\\\\c\\nd\\te\\u0001\"");
    cr_assert_str_eq(mig_json_str(a, NULL), "\"\"");
    mig_arena_free(a);
}

Test(online, urls_with_credentials_are_refused_without_echo)
{
    mig_arena *a = mig_arena_new();
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    cr_assert_eq(mig_db_check_url(a, "grpc://localhost:2136/local", &e), 0);
    cr_assert_eq(mig_db_check_url(a, "grpcs://h:2135/?database=/ru/db", &e), 0);
    cr_assert_eq(mig_db_check_url(a, "grpc://bob:hunter2@h:2136/local", &e), -1);
    cr_assert_eq(e.code, MIG_RT_CONFIG);
    cr_assert_null(strstr(e.message, "hunter2"));
    cr_assert_null(strstr(e.detail, "hunter2"));
    cr_assert_eq(mig_db_check_url(a, "grpc://h:2136/local?token=abc", &e), -1);
    mig_arena_free(a);
}

Test(online, no_url_and_no_module)
{
    mig_arena *a = mig_arena_new();
    mig_rt_error e;
    mig_db db;
    unsetenv("YDB_CONNECTION_STRING");
    mig_db_opts o = {NULL, NULL, NULL, NULL, 0, 0, NULL, 0};
    cr_assert_eq(mig_db_open(a, &o, &db, &e), -1);
    cr_assert_eq(e.code, MIG_RT_CONFIG);
    cr_assert_eq(mig_rt_exit_code(e.code), 2);
    setenv("MIGRUN_DRIVER", "/nonexistent/migrun-ydb.so", 1);
    o.url = "grpc://127.0.0.1:1/local";
    cr_assert_eq(mig_db_open(a, &o, &db, &e), -1);
    cr_assert_eq(e.code, MIG_RT_DRIVER);
    cr_assert_not_null(strstr(e.detail, "/nonexistent/migrun-ydb.so"));
    mig_db_close(&db);
    mig_arena_free(a);
}

Test(online, credentials_file_errors_do_not_show_values)
{
    mig_arena *a = mig_arena_new();
    char path[] = "/tmp/migrun-cred-XXXXXX";
    int fd = mkstemp(path);
    cr_assert_geq(fd, 0);
    const char *text = "# creds\npasword = hunter2\n";
    cr_assert_eq(write(fd, text, strlen(text)), (ssize_t)strlen(text));
    close(fd);
    unsetenv("MIGRUN_DRIVER");
    mig_db_opts o = {"grpc://127.0.0.1:1/local", path, NULL, NULL, 0, 0, NULL, 0};
    mig_rt_error e;
    mig_db db;
    cr_assert_eq(mig_db_open(a, &o, &db, &e), -1);
    cr_assert_eq(e.code, MIG_RT_CONFIG);
    cr_assert_not_null(strstr(e.message, "unknown key \"pasword\""));
    cr_assert_null(strstr(e.message, "hunter2"));
    unlink(path);
    mig_arena_free(a);
}

/* A credentials file goes through the same line reader as mig.ini (common/ini.h): a line
 * too long for it is refused with file:line, not cut in two and read as two lines. */
Test(online, credentials_file_long_and_nul_lines_are_errors)
{
    static const char *const cases[][2] = {
        {"token = ", "the line is too long"},
        {"user = root\npassword = a", "the line holds a NUL byte"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        mig_arena *a = mig_arena_new();
        char path[] = "/tmp/migrun-cred-XXXXXX";
        int fd = mkstemp(path);
        cr_assert_geq(fd, 0);
        cr_assert_eq(write(fd, cases[i][0], strlen(cases[i][0])), (ssize_t)strlen(cases[i][0]));
        if (i == 0) { /* a 5 000-byte token on line 1 */
            char tok[5000];
            memset(tok, 'x', sizeof tok);
            cr_assert_eq(write(fd, tok, sizeof tok), (ssize_t)sizeof tok);
        } else { /* a NUL inside the password on line 2 */
            cr_assert_eq(write(fd, "\0b\n", 3), 3);
        }
        close(fd);
        unsetenv("MIGRUN_DRIVER");
        mig_db_opts o = {"grpc://127.0.0.1:1/local", path, NULL, NULL, 0, 0, NULL, 0};
        mig_rt_error e;
        mig_db db;
        cr_assert_eq(mig_db_open(a, &o, &db, &e), -1);
        cr_assert_eq(e.code, MIG_RT_CONFIG);
        const char *where = mig_printf(a, "%s:%d: %s", path, i == 0 ? 1 : 2, cases[i][1]);
        cr_assert_not_null(strstr(e.message, where), "%s (want %s)", e.message, where);
        unlink(path);
        mig_arena_free(a);
    }
}

Test(online, exit_codes)
{
    cr_assert_eq(mig_rt_exit_code(MIG_RT_DATABASE), 5);
    cr_assert_eq(mig_rt_exit_code(MIG_RT_LOCKED), 1);
    cr_assert_eq(mig_rt_exit_code(MIG_RT_STATE), 1);
    cr_assert_str_eq(mig_rt_code_name(MIG_RT_DATABASE), "database");
    cr_assert_str_eq(mig_rt_code_name(MIG_RT_CONFIG), "config");
}

/* A paged step's progress for people (runtime/cli/progress.c): the estimate with "~", the
 * time left rounded up from this run's rate, and no estimate once the rows done exceed it. */
Test(online, rows_progress_estimate_and_time_left)
{
    mig_arena *a = mig_arena_new();
    /* 3400 rows in 1 s of this run; 88 000 left: 25.9 s, rounded up */
    cr_assert_str_eq(cli_rows_progress(a, 12000, 100000, 3400, 1000), "12000 of ~100000 rows (3400 rows/s, ~26 s left)");
    /* earlier runs' rows count as done, the rate is this run's */
    cr_assert_str_eq(cli_rows_progress(a, 50000, 100000, 1000, 1000), "50000 of ~100000 rows (1000 rows/s, ~50 s left)");
    cr_assert_str_eq(cli_rows_progress(a, 100, 100000, 100, 1000), "100 of ~100000 rows (100 rows/s, ~17 min left)");
    cr_assert_str_eq(cli_rows_progress(a, 100, 1000000, 100, 1000), "100 of ~1000000 rows (100 rows/s, ~2 h 47 min left)");
    cr_assert_str_eq(cli_rows_progress(a, 100, 10000000, 100, 1000), "100 of ~10000000 rows (100 rows/s, ~27 h 47 min left)");
    cr_assert_str_eq(cli_rows_progress(a, 100000, 100000, 5000, 1000), "100000 of ~100000 rows (5000 rows/s, ~0 s left)");
    /* past the estimate: dropped, never a negative time left */
    cr_assert_str_eq(cli_rows_progress(a, 100001, 100000, 5000, 1000), "100001 rows done (5000 rows/s)");
    /* none */
    cr_assert_str_eq(cli_rows_progress(a, 12000, 0, 3400, 1000), "12000 rows done (3400 rows/s)");
    /* no rate yet: the estimate without a time left */
    cr_assert_str_eq(cli_rows_progress(a, 12000, 100000, 0, 0), "12000 of ~100000 rows (0 rows/s)");
    mig_arena_free(a);
}
