/* migrun.h - what libmigrun exports: the migrun command line as a function, and the
 * modules behind it (loader.h, plan.h, yql.h, rterr.h).
 *
 * mig_run_main is the whole of `migrun`: the program's main() only calls it. It writes
 * results to `out` and diagnostics to `err`, and returns an exit status from
 * common/exitcodes.h, so tests and embedding programs can run it in-process.
 */
#ifndef MIG_RT_MIGRUN_H
#define MIG_RT_MIGRUN_H

#include <stdio.h>

int mig_run_main(int argc, char **argv, FILE *out, FILE *err);

#endif
