/* loader.h - open a plugin directory: the manifest now, each plugin when it is needed.
 *
 * Two paths, and what each checks:
 *
 * mig_plugins_open (every command, listings included) reads the manifest and touches no
 * plugin file (not even a stat): history, heads and branches need nothing more. It checks
 * that the directory and the manifest are not writable by group or others and that the
 * manifest is well formed (common/manifest.h).
 *
 * mig_plugins_get (every command that needs a revision's steps: show, upgrade and
 * downgrade online and with --sql, stamp, check, ...) first checks the files, once: every
 * .so in the directory is named by the manifest (no foreign plugin), and every named .so
 * exists, is a regular file (not a link) and is not writable by group or others. Then it
 * opens one revision's plugin on first use, in this order, refusing at the first problem:
 * the file is still a safe regular file (as above); its SHA-256 is the manifest's, always, online and offline
 * alike, so no byte that `migc build` did not write is ever dlopen'ed, and its ELF header
 * says it is a complete shared object for this machine (a file that fails both is
 * reported by what the header shows, "not a shared object" or "truncated", with both
 * checksums; one that fails the checksum only, as "changed after the build"; all are
 * exit 4); dlopen(RTLD_NOW | RTLD_LOCAL) succeeds; it exports
 * mig_plugin_descriptor; the descriptor's magic, ABI version and sizes are migrun's
 * (each differing field is reported); its host API need is met; its id and source
 * checksum are the manifest's. Every refusal is a mig_rt_error naming the file.
 *
 * What this does not check: who owns the directory and its parents, and a change made
 * by the directory's owner between the checksum and dlopen. docs/plugin-abi.md ("Trust")
 * says why.
 */
#ifndef MIG_RT_LOADER_H
#define MIG_RT_LOADER_H

#include <stddef.h>

#include "../common/arena.h"
#include "../common/manifest.h"
#include "mig/plugin.h"
#include "rterr.h"

typedef struct mig_plugins mig_plugins;

/* Open DIR. On success *out lives in a (close it with mig_plugins_close before freeing
 * a). Returns 0, or -1 with *err filled (strings in a). */
int mig_plugins_open(mig_arena *a, const char *dir, mig_plugins **out, mig_rt_error *err);

const mig_manifest *mig_plugins_manifest(const mig_plugins *p);
const char *mig_plugins_dir(const mig_plugins *p);
/* DIR/FILE of revision i (manifest order). */
const char *mig_plugins_path(const mig_plugins *p, size_t i);

/* The descriptor of revision i (manifest order), loading its plugin on first use. The
 * descriptor stays valid until mig_plugins_close. Returns 0, or -1 with *err. */
int mig_plugins_get(mig_plugins *p, size_t i, const mig_revision_desc **out, mig_rt_error *err);

/* dlclose revision i's plugin (its descriptor is then invalid); it loads again on use. */
void mig_plugins_release(mig_plugins *p, size_t i);

/* dlclose every plugin opened. Memory stays with the arena. */
void mig_plugins_close(mig_plugins *p);

/* The ELF check on its own (for tests and for migc build's self-check): 0 when data[0..n)
 * is a complete shared object for this machine; otherwise MIG_RT_NOT_ELF or
 * MIG_RT_TRUNCATED with *why a sentence (static or in a). */
mig_rt_code mig_elf_check(mig_arena *a, const unsigned char *data, size_t n, const char **why);

#endif
