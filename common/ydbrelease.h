/* ydbrelease.h - YDB release numbers: the target a plugin was built for (migc) and the
 * release a server reports (migrun). Compared as major*100 + minor: 25.1 -> 2501. */
#ifndef MIG_YDBRELEASE_H
#define MIG_YDBRELEASE_H

#include <stdbool.h>

typedef int mig_ydbver; /* major*100 + minor */

#define MIG_YDB_OLDEST 2401  /* the oldest release whose rules we know */

/* Parse "25.1", "25.1.4.7" or "v25.1". Returns 0 and sets *out, or -1 with *why set to a
 * static sentence. Versions newer than the newest known parse (they get the newest rules);
 * older than MIG_YDB_OLDEST are refused. */
int mig_ydbver_parse(const char *s, mig_ydbver *out, const char **why);
/* "25.1" into buf (at least 16 bytes); returns buf. */
const char *mig_ydbver_str(mig_ydbver v, char *buf);
/* The release in what a server reports for itself (YQL's Version(): "24.3.15",
 * "stable-24-3-15-2", "25.1"): the first two numbers, separated by '.' or '-'. false when
 * it names none (a trunk build says "main"). Any age is accepted. */
bool mig_ydbver_of_server(const char *s, mig_ydbver *out);

#endif
