/* servercheck.h - the server's YDB release against the release the plugins were built for
 * (docs/decisions/0016-edges.md).
 *
 * migc checks every revision against one target release (--target-ydb, recorded in each
 * plugin's descriptor as target_ydb). Before a plan runs, migrun asks the server which
 * release it runs, with YQL's Version() (`SELECT Version();`, no transaction), and refuses a
 * plan with a revision built for a newer release than the server's. A server that cannot
 * say (a release before Version(), a trunk build that reports "main") is not refused: the
 * caller warns once that nothing was checked.
 */
#ifndef MIG_RT_SERVERCHECK_H
#define MIG_RT_SERVERCHECK_H

#include "exec.h"

/* 0 (the plan may run; *warning is NULL, or a sentence saying the release could not be
 * read), or -1 with *err (MIG_RT_PLAN: the first revision of the plan that needs a newer
 * release, both releases named). */
int mig_server_check(mig_exec *x, const mig_plan *plan, const char **warning, mig_rt_error *err);

#endif
