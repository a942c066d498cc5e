/* yqlrun.c - a TEST CLIENT: runs a YQL script against a database one statement at a time,
 * as a DBA pasting `migrun upgrade --sql` output into a console would. Each statement is
 * sent alone (NoTx, no parameters) through the project's driver; the first failure stops
 * the run.
 *
 * Usage: yqlrun URL FILE
 * A statement is the text up to a line that ends with ';' (outside a line comment); lines
 * that hold only a "--" comment are skipped. Exit 0 when every statement ran, 1 on a
 * failure (the statement and YDB's answer on stderr), 2 on a usage error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arena.h"
#include "common/buf.h"
#include "runtime/ydb/driver.h"

static int run_one(ydb_conn *c, const char *yql, size_t n)
{
    ydb_error err;
    if (ydb_exec_notx(c, yql, NULL, 0, false, NULL, NULL, &err) != 0) {
        fprintf(stderr, "yqlrun: statement %zu failed: %s: %s\n%s", n, err.status_name, err.message, yql);
        return -1;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: yqlrun URL FILE\n");
        return 2;
    }
    FILE *f = fopen(argv[2], "r");
    if (!f) {
        perror(argv[2]);
        return 2;
    }
    mig_arena *a = mig_arena_new();
    ydb_options o;
    memset(&o, 0, sizeof o);
    o.url = argv[1];
    ydb_conn *c = NULL;
    ydb_error err;
    if (ydb_connect(a, &o, &c, &err) != 0) {
        fprintf(stderr, "yqlrun: cannot connect to %s: %s: %s\n", argv[1], err.status_name, err.message);
        fclose(f);
        mig_arena_free(a);
        return 1;
    }
    mig_buf stmt = MIG_BUF_INIT;
    char line[8192];
    size_t count = 0;
    int rc = 0;
    while (rc == 0 && fgets(line, sizeof line, f)) {
        const char *p = line + strspn(line, " \t");
        if (strncmp(p, "--", 2) == 0 || (*p == '\n' && stmt.len == 0)) continue;
        mig_buf_puts(&stmt, line);
        size_t l = strlen(line);
        while (l > 0 && (line[l - 1] == '\n' || line[l - 1] == ' ' || line[l - 1] == '\t')) l--;
        if (l > 0 && line[l - 1] == ';') {
            count++;
            if (run_one(c, mig_buf_str(&stmt), count) != 0) rc = 1;
            mig_buf_reset(&stmt);
        }
    }
    if (rc == 0 && stmt.len && strspn(mig_buf_str(&stmt), " \t\n") != stmt.len) {
        fprintf(stderr, "yqlrun: the script ends inside a statement (no ';'):\n%s", mig_buf_str(&stmt));
        rc = 1;
    }
    if (rc == 0) printf("%zu statements ran\n", count);
    mig_buf_free(&stmt);
    fclose(f);
    ydb_close(c);
    mig_arena_free(a);
    return rc;
}
