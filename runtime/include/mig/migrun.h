/* mig/migrun.h - libmigrun's public interface: open a directory of migc-built plugins,
 * list its revisions, plan an upgrade or a downgrade, and load a revision's plugin.
 *
 * This is everything libmigrun.so exports (its symbols are restricted to migrun_*). It
 * touches no database: running the plan is migrun's job (`migrun upgrade`). Every check
 * migrun makes before loading a plugin is made here too (directory and file modes, no
 * foreign .so, ELF header, SHA-256 against the manifest, ABI, identity).
 *
 *     migrun *m = migrun_new();
 *     if (migrun_open(m, "plugins") != 0) { report(migrun_last_error(m)); }
 *     const size_t *order; size_t n;
 *     migrun_plan(m, MIGRUN_UPGRADE, NULL, 0, "head", &order, &n);   // from base
 *     for (size_t i = 0; i < n; i++) puts(migrun_id(m, order[i]));
 *     migrun_free(m);
 *
 * Strings and arrays returned stay valid until migrun_free. Not thread-safe: use one
 * handle per thread.
 */
#ifndef MIG_MIGRUN_H
#define MIG_MIGRUN_H

#include <stddef.h>

#include "mig/plugin.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct migrun migrun;

typedef struct migrun_error {
    const char *kind;    /* a stable short name: "perms", "manifest", "abi", "target", "plan", ... */
    int exit_status;     /* what migrun exits with for it (docs/exit-codes.md) */
    const char *file;    /* the file concerned, or NULL */
    const char *message; /* primary message */
    const char *detail;  /* complete sentences, one per line; or NULL */
    const char *hint;    /* what to do; or NULL */
} migrun_error;

typedef enum migrun_direction { MIGRUN_UPGRADE = 1, MIGRUN_DOWNGRADE = -1 } migrun_direction;

/* A handle; NULL only when out of memory. */
migrun *migrun_new(void);
/* Unload every plugin and free everything the handle gave out. NULL is fine. */
void migrun_free(migrun *m);

/* The last failure's description (its kind is "ok" when nothing failed yet). */
const migrun_error *migrun_last_error(const migrun *m);

/* Open a plugin directory (`migc build`'s output): check it and read its manifest and
 * revision graph. No plugin is loaded yet. Once per handle. 0, or -1 (migrun_last_error). */
int migrun_open(migrun *m, const char *dir);

/* The revisions, in manifest order (parents and depends_on first). */
size_t migrun_count(const migrun *m);
const char *migrun_id(const migrun *m, size_t i);
/* The index of a revision id, or -1. */
long migrun_find(const migrun *m, const char *id);

/* What to run to go from the applied revisions (ids; NULL/0: nothing applied) to
 * `target`, spelled as for migrun (head, heads, base, an id or prefix, LABEL@head, +N,
 * -N, ...): *order gets revision indices in the order they run. 0, or -1. */
int migrun_plan(migrun *m, migrun_direction dir, const char *const *applied, size_t napplied, const char *target,
                const size_t **order, size_t *n);

/* Load revision i's plugin (every check above first) and give its descriptor
 * (mig/plugin.h). 0, or -1. */
int migrun_descriptor(migrun *m, size_t i, const mig_revision_desc **out);

#ifdef __cplusplus
}
#endif

#endif
