/* manifest.h - the plugin directory's manifest: the revision graph without dlopen.
 *
 * `migc build` writes PLUGINDIR/manifest after every plugin is in place; migrun reads it
 * for every command, and opens plugins only when it needs their steps. The format is
 * line-based text, described in docs/plugin-abi.md; it is versioned by its second line.
 */
#ifndef MIG_MANIFEST_H
#define MIG_MANIFEST_H

#include <stddef.h>

#include "arena.h"

#define MIG_MANIFEST_VERSION 1
#define MIG_MANIFEST_NAME "manifest"

typedef struct mig_manifest_rev {
    const char *id;
    const char *file;           /* the plugin's file name, relative to the directory */
    const char *source;         /* the .mig path as migc was given it */
    const char *source_sha256;  /* hex */
    const char *plugin_sha256;  /* hex, of the .so file */
    const char *message;        /* may be NULL */
    const char **parents;
    size_t nparents;
    const char **depends;
    size_t ndepends;
    const char **labels;
    size_t nlabels;
    int downgrade;              /* MIG_DOWN_* of mig/plugin.h */
} mig_manifest_rev;

typedef struct mig_manifest {
    const char *migc_version;
    const char *target_ydb;
    mig_manifest_rev *revs;     /* parents and depends_on before children */
    size_t nrevs;
} mig_manifest;

/* Read PATH into *m (all strings in a). Returns 0, or -1 with a sentence in *err (arena)
 * naming the file and line: unreadable, not a manifest, a newer version, a bad line. */
int mig_manifest_read(mig_arena *a, const char *path, mig_manifest *m, const char **err);
/* The same for data[0..len) (copied into a), NAME standing for the file in messages. */
int mig_manifest_parse(mig_arena *a, const char *name, const char *data, size_t len, mig_manifest *m, const char **err);
/* Write atomically (PATH.tmp, then rename), mode 0644. 0, or -1 with *err. */
int mig_manifest_write(mig_arena *a, const char *path, const mig_manifest *m, const char **err);

#endif
