/* build.h - `migc build`: one shared object per revision, in parallel, incrementally,
 * and the plugin directory's manifest. */
#ifndef MIG_BUILD_H
#define MIG_BUILD_H

#include <stdbool.h>

#include "project.h"

typedef struct mig_build_opts {
    const char *out_dir;     /* the plugin directory */
    const char *cc;          /* split by the shell, like make's $(CC) */
    const char *cflags;      /* likewise */
    int jobs;                /* >= 1 */
    const char *deps_file;   /* make-style dependencies to write, or NULL */
    bool force;              /* rebuild everything */
    bool verbose;            /* say what is built and why */
    bool keep_c;             /* always true today: the .c files stay in .build for reading */
} mig_build_opts;

typedef struct mig_build_stats {
    unsigned built, up_to_date, removed;
} mig_build_stats;

/* Build every analysed revision of p (which must have no errors). Reports problems to
 * p->diags (file-less errors: cannot write the directory, the C compiler failed with its
 * output, ...). Returns an exit code of common/exitcodes.h. */
int mig_build(mig_project *p, const mig_build_opts *o, mig_build_stats *stats);

#endif
