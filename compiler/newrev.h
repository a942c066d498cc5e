/* newrev.h - writing a new revision file (migc new, migc merge). */
#ifndef MIG_NEWREV_H
#define MIG_NEWREV_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "ydbver.h"

typedef struct mig_new_opts {
    const char *dir;          /* the migrations directory; created when missing */
    const char *message;      /* required: the revision's message */
    const char *rev_id;       /* explicit revision id; default NNNN_slug_of_message */
    const char **heads;       /* --head REV (repeatable); default: the only head */
    size_t nheads;
    bool merge;               /* migc merge: revises every head given (all heads when none) */
    const char *label;        /* --label NAME, may be NULL */
    const char **depends;     /* --depends-on REV (repeatable) */
    size_t ndepends;
    const char *body;         /* the text after the headers; NULL: an empty upgrade block */
    const char *out_path;     /* write here instead of DIR/<id>.mig; "-": standard output */
} mig_new_opts;

struct mig_project;
/* Report that the new revision's parent cannot be chosen among p's several heads (naming
 * them, with the way out: `migc merge`, and --head when the command has it). Returns the exit code. */
int mig_new_several_heads(mig_arena *a, mig_diags *d, const struct mig_project *p, bool head_option);

/* Write the next revision file into o->dir. The new file revises the current head (or
 * the heads asked for); the id is the next free 4-digit number and a slug of the message
 * (`0003_add_status_column`), unless rev_id is given; the file is `<id>.mig`. Never
 * overwrites a file. Reports problems to d (several heads without --head: names them and
 * suggests `migc merge`; an unknown --head; the directory's own errors do not stop `new`
 * unless the graph cannot be read). Returns an exit code (common/exitcodes.h); on success
 * *path is the file written (arena). */
int mig_new_revision(mig_arena *a, mig_diags *d, const mig_new_opts *o, mig_ydbver target,
                     const char **path);

#endif
