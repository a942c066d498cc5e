/* project.h - a directory of .mig files, parsed, with each file's headers checked.
 *
 * Loading reads every `*.mig` file of the directory (not recursively) in name order,
 * parses each one, and turns its headers and sections into a mig_revision. A file with
 * syntax errors, or whose headers are wrong, becomes a `broken` revision: its id (if it
 * could be read) still exists for the graph, so that its children do not also report
 * "revises names nothing", but it is not analysed further.
 */
#ifndef MIG_PROJECT_H
#define MIG_PROJECT_H

#include <stdbool.h>
#include <stddef.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../grammar/ast.h"
#include "ydbver.h"

typedef struct mig_revision mig_revision;
struct mig_revision {
    const char *id;              /* NULL when the file had no readable revision header */
    mig_loc id_loc;
    const mig_source *src;
    mig_file *file;
    const char *message;         /* may be NULL */
    const mig_header *h_revision, *h_revises, *h_depends, *h_label;
    const char **labels;
    size_t nlabels;
    mig_revision **parents;      /* empty for a root (revises base) */
    size_t nparents;
    mig_revision **deps;         /* depends_on */
    size_t ndeps;
    mig_revision **children;     /* revisions that name this one in revises */
    size_t nchildren, ccap;
    const mig_section *upgrade;  /* NULL only for a broken revision */
    const mig_section *downgrade;/* NULL when absent or irreversible */
    bool irreversible;           /* downgrade irreversible; */
    bool broken;                 /* not analysed: syntax errors or bad headers */
    bool in_order;               /* part of mig_project.order (not broken, no broken or
                                    cyclic ancestor) */
    unsigned topo;               /* index in mig_project.order when in_order */
    void *sema;                  /* the analysis' results (compiler/sema.h) */
};

typedef struct mig_project {
    mig_arena *arena;
    mig_diags *diags;
    const char *dir;             /* as given */
    mig_ydbver target;
    mig_revision **revs;         /* every file, in load (file name) order */
    size_t nrevs;
    mig_revision **order;        /* analysable revisions, parents and depends_on before
                                    children; ties broken by load order */
    size_t norder;
    mig_revision **heads;        /* revisions no other revision revises, load order */
    size_t nheads;
    bool graph_broken;           /* duplicate ids, missing parents or cycles were found */
    void *index;                 /* id and label lookup (graph.c) */
} mig_project;

/* Read and parse DIR. Returns NULL only when DIR itself cannot be read (the reason is
 * reported as a file-less error); an empty directory gives a project with no revisions
 * and an error "no .mig files in DIR". */
mig_project *mig_project_load(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target);

/* The path shown for a file of the project: "migrations/0001_x.mig" (DIR "." is dropped). */
const char *mig_project_path(mig_arena *a, const char *dir, const char *file);

/* The longest revision id accepted, in bytes. An id names the revision in the database's
 * history table, in file names (`<id>.mig`) and in the symbols of the compiled revision,
 * so it is kept well below YDB's 255-byte name limit; `migc new` makes ids of at most
 * 4 digits + '_' + a 40-character slug. */
#define MIG_MAX_REVID 64
/* The largest .mig file read, in bytes. */
#define MIG_MAX_FILE_SIZE (16u << 20)

/* The names (not paths) of DIR's `*.mig` files, dotfiles skipped, sorted by strcmp.
 * Returns 0, or -1 with errno set when DIR cannot be read. Nothing is reported. */
int mig_project_scan(mig_arena *a, const char *dir, const char ***names, size_t *n);

/* Is s a plain name: one or more of [A-Za-z0-9_]? (revision ids and labels) */
bool mig_plain_name(const char *s);

#endif
