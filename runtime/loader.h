/* loader.h - open a plugin directory: the manifest now, each plugin when it is needed.
 *
 * mig_plugins_open checks the directory and its manifest and reads the manifest, touching
 * no plugin file (not even a stat): listing commands (history, heads, branches) need
 * nothing more. The directory and the manifest must not be writable by group or others.
 *
 * Before the first plugin is loaded, mig_plugins_get checks the files once: every .so in
 * the directory is named by the manifest (no foreign plugin), and every named .so exists,
 * is a regular file and is not writable by group or others.
 *
 * mig_plugins_get opens one revision's plugin on first use, in this order, refusing at
 * the first problem: the file is still a safe regular file; its ELF header says it is a
 * complete shared object for this machine (checked before dlopen, so the message is
 * precise); its SHA-256 is the manifest's (nothing changed it since the build, and
 * nothing unchecked is ever dlopen'ed); dlopen(RTLD_NOW | RTLD_LOCAL) succeeds; it
 * exports mig_plugin_descriptor; the descriptor's magic, ABI version and size are
 * migrun's (each differing field is reported); its host API need is met; its id and
 * source checksum are the manifest's. Every refusal is a mig_rt_error naming the file.
 */
#ifndef MIG_RT_LOADER_H
#define MIG_RT_LOADER_H

#include <stdbool.h>
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

/* Whether to check each plugin file's SHA-256 against the manifest before it is opened
 * (default: on). Commands that change a database always verify; offline listings (show,
 * --sql) may turn it off: they still check the ELF header, the ABI, the id and the source
 * checksum, and hashing every plugin of a long history would dominate their run time. */
void mig_plugins_verify(mig_plugins *p, bool on);

/* dlclose revision i's plugin (its descriptor is then invalid); it loads again on use. */
void mig_plugins_release(mig_plugins *p, size_t i);

/* dlclose every plugin opened. Memory stays with the arena. */
void mig_plugins_close(mig_plugins *p);

/* The ELF check on its own (for tests and for migc build's self-check): 0 when data[0..n)
 * is a complete shared object for this machine; otherwise MIG_RT_NOT_ELF or
 * MIG_RT_TRUNCATED with *why a sentence (static or in a). */
mig_rt_code mig_elf_check(mig_arena *a, const unsigned char *data, size_t n, const char **why);

#endif
