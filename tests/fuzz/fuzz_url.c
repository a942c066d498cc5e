/* fuzz_url.c - libFuzzer target: the database URL parser of migrun's driver.
 *
 * Oracles besides the sanitizers: a URL that parses names a host with a port and a
 * database that starts with '/' and has no trailing '/'; and the canonical URL made of
 * what was parsed parses again to the same parts.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/ydb/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_url: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *url = malloc(size + 1);
    memcpy(url, data, size);
    url[size] = '\0';
    bool tls;
    char *target, *db;
    const char *why = NULL;
    if (ydb_url_parse(url, &tls, &target, &db, &why) == 0) {
        check(target && *target && strchr(target, ':'), "a parsed URL has no host:port");
        size_t dl = strlen(db);
        check(db[0] == '/' && (dl == 1 || db[dl - 1] != '/'), "a parsed database is not /NAME");
        size_t n = strlen(target) + dl + 16;
        char *again = malloc(n);
        snprintf(again, n, "%s://%s%s", tls ? "grpcs" : "grpc", target, db);
        bool tls2;
        char *target2, *db2;
        /* A database "/" alone does not name one: the canonical URL of such a parse is
         * grpc://host:port/ with ?database=/ ... not reachable here, so only compare the
         * others. */
        if (strcmp(db, "/") != 0 && !strchr(db, '?')) {
            check(ydb_url_parse(again, &tls2, &target2, &db2, &why) == 0, "the canonical URL does not parse");
            check(tls2 == tls && strcmp(target2, target) == 0 && strcmp(db2, db) == 0,
                  "the canonical URL parses to other parts");
            free(target2);
            free(db2);
        }
        free(again);
        free(target);
        free(db);
    } else {
        check(why != NULL, "a refused URL has no reason");
    }
    free(url);
    return 0;
}
