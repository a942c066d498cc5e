/* url.c - the connection URL (see url.h). */
#include "url.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../../common/arena.h"

int ydb_url_parse(const char *url, bool *tls, char **target, char **database, const char **why)
{
    *tls = false;
    *target = NULL;
    *database = NULL;
    const char *rest;
    if (strncmp(url, "grpcs://", 8) == 0) {
        *tls = true;
        rest = url + 8;
    } else if (strncmp(url, "grpc://", 7) == 0) {
        rest = url + 7;
    } else if (strncmp(url, "yql+ydb://", 10) == 0) {
        rest = url + 10;
    } else {
        *why = "it does not start with grpc://, grpcs:// or yql+ydb://";
        return -1;
    }
    size_t hl = strcspn(rest, "/?");
    if (hl == 0 || rest[0] == ':') {
        *why = "it names no host";
        return -1;
    }
    if (memchr(rest, '@', hl)) {
        *why = "credentials do not go in the URL; give the user and password as options";
        return -1;
    }
    /* the port is required ([::1]:2136 for IPv6) */
    const char *hp_end = rest + hl;
    const char *colon = NULL;
    if (rest[0] == '[') {
        const char *rb = memchr(rest, ']', hl);
        if (rb && rb + 1 < hp_end && rb[1] == ':') colon = rb + 1;
    } else {
        colon = memchr(rest, ':', hl);
    }
    if (!colon || colon + 1 >= hp_end || strspn(colon + 1, "0123456789") != (size_t)(hp_end - colon - 1)) {
        *why = "it has no port (such as grpc://localhost:2136/local)";
        return -1;
    }
    long port = strtol(colon + 1, NULL, 10);
    if (port <= 0 || port > 65535) {
        *why = "its port is not between 1 and 65535";
        return -1;
    }
    char *host = mig_xmalloc(hl + 1);
    memcpy(host, rest, hl);
    host[hl] = 0;
    const char *p = rest + hl;
    size_t pl = strcspn(p, "?");
    char *db = NULL;
    if (pl > 0 && !(pl == 1 && p[0] == '/')) {
        db = mig_xmalloc(pl + 1);
        memcpy(db, p, pl);
        db[pl] = 0;
    }
    p += pl;
    if (*p == '?') {
        p++;
        while (*p) {
            size_t n = strcspn(p, "&");
            if (n > 9 && strncmp(p, "database=", 9) == 0) {
                free(db);
                db = mig_xmalloc(n - 9 + 2);
                snprintf(db, n - 9 + 2, "%s%.*s", p[9] == '/' ? "" : "/", (int)(n - 9), p + 9);
                if (p[9] != '/') db[n - 9 + 1] = 0;
            }
            p += n;
            if (*p == '&') p++;
        }
    }
    if (!db) {
        free(host);
        *why = "it names no database (such as grpc://localhost:2136/local or ?database=/local)";
        return -1;
    }
    size_t dl = strlen(db);
    while (dl > 1 && db[dl - 1] == '/') db[--dl] = 0;
    *target = host;
    *database = db;
    return 0;
}
