/* url.h - the database URL as migrun's driver reads it:
 *
 *   grpc://HOST:PORT/DATABASE     grpcs://... (TLS)     yql+ydb://HOST:PORT/DATABASE
 *   grpc://HOST:PORT/?database=/DATABASE               [::1]:PORT for IPv6
 *
 * A pure function (no gRPC), so that it can be tested and fuzzed on its own.
 */
#ifndef MIG_YDB_URL_H
#define MIG_YDB_URL_H

#include <stdbool.h>

/* Parse URL: *tls, *target ("HOST:PORT", malloc'ed) and *database ("/local", malloc'ed, no
 * trailing slash). 0, or -1 with *why (a static phrase: "it names no host", ...) and
 * nothing allocated. */
int ydb_url_parse(const char *url, bool *tls, char **target, char **database, const char **why);

#endif
