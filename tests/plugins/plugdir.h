/* plugdir.h - make plugin directories for the tests, as `migc build` would: each plugin
 * copied in as ID.so (mode 0644) and a manifest made from the descriptors. */
#ifndef MIG_TEST_PLUGDIR_H
#define MIG_TEST_PLUGDIR_H

#include "../../common/arena.h"
#include "../../common/manifest.h"

typedef struct tp_dir {
    mig_arena *a;
    const char *dir;      /* the plugin directory */
    const char *from;     /* where the built test plugins are (.libs) */
    mig_manifest m;
    size_t cap;
} tp_dir;

/* Start a directory (created if missing, mode 0755). */
void tp_init(tp_dir *d, mig_arena *a, const char *dir, const char *from);
/* Copy FROM/SO.so in as ID.so, with a manifest entry made from the descriptor of
 * FROM/META.so (META NULL: SO itself). Returns the entry (mutable until tp_write). */
mig_manifest_rev *tp_add(tp_dir *d, const char *so, const char *meta);
/* Write DIR/manifest. Aborts on failure. */
void tp_write(tp_dir *d);
/* The path DIR/NAME (arena). */
const char *tp_path(tp_dir *d, const char *name);



/* A fresh directory under $TMPDIR (heap; mode 0700), and removing it again. */
char *tp_tmpdir(void);
void tp_rmtree(const char *path);
/* Write TEXT to PATH (mode 0644). */
void tp_write_file(const char *path, const char *text, size_t n);
#endif
