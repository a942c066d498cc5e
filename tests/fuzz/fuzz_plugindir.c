/* fuzz_plugindir.c - libFuzzer target: opening a plugin directory and verifying its
 * plugins (runtime/loader.c), on any manifest and any plugin bytes, never dlopen'ing them.
 *
 * An input is a manifest, optionally followed by a NUL byte and the bytes every plugin
 * file named by the manifest gets (empty files without it; at most MAX_FILES files).
 * The directory is rewritten for each input. The loader must refuse every plugin: its
 * bytes are the fuzzer's, not a build's, so their SHA-256 is never the manifest's. A
 * plugin whose checksum does match (only a seed could do that) is not loaded: this
 * target never dlopens. Built and run by `make fuzz` (tests/fuzz/fuzz.sh).
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/manifest.h"
#include "common/sha256.h"
#include "runtime/loader.h"

#define MAX_FILES 16

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* The one directory every input is written to: libFuzzer's entry points take no context. */
static char dir[] = "/tmp/fuzz-plugindir.XXXXXX";

static void empty_dir(void);

static void remove_dir(void)
{
    empty_dir();
    rmdir(dir);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    umask(022);
    if (!mkdtemp(dir)) {
        perror("fuzz_plugindir: mkdtemp");
        exit(1);
    }
    atexit(remove_dir);
    return 0;
}

static void die(const char *what)
{
    fprintf(stderr, "fuzz_plugindir: %s\n", what);
    abort();
}

static void empty_dir(void)
{
    DIR *d = opendir(dir);
    if (!d) die("cannot read the scratch directory");
    struct dirent *de;
    char path[4096];
    while ((de = readdir(d)) != NULL) {
        if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0) continue;
        snprintf(path, sizeof path, "%s/%s", dir, de->d_name);
        if (unlink(path) != 0) rmdir(path);
    }
    closedir(d);
}

static void put(const char *name, const uint8_t *data, size_t n)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >= sizeof path) return;
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0644);
    if (fd < 0) return; /* a name the file system refuses: the loader says it is missing */
    while (n) {
        ssize_t w = write(fd, data, n);
        if (w <= 0) break;
        data += w;
        n -= (size_t)w;
    }
    close(fd);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, '\0', size);
    size_t mlen = nul ? (size_t)(nul - data) : size;
    const uint8_t *blob = nul ? nul + 1 : data + size;
    size_t blen = (size_t)(data + size - blob);
    char hex[65];
    mig_sha256_hex(blob, blen, hex);

    empty_dir();
    put(MIG_MANIFEST_NAME, data, mlen);
    mig_arena *a = mig_arena_new();
    mig_manifest m;
    const char *why;
    if (mig_manifest_parse(a, "manifest", (const char *)data, mlen, &m, &why) == 0)
        for (size_t i = 0; i < m.nrevs && i < MAX_FILES; i++)
            if (strcmp(m.revs[i].file, MIG_MANIFEST_NAME) != 0) put(m.revs[i].file, blob, blen);

    mig_plugins *p;
    mig_rt_error e;
    if (mig_plugins_open(a, dir, &p, &e) == 0) {
        const mig_manifest *pm = mig_plugins_manifest(p);
        for (size_t i = 0; i < pm->nrevs; i++) {
            if (strcmp(pm->revs[i].plugin_sha256, hex) == 0) continue; /* would be dlopen'ed */
            const mig_revision_desc *d;
            if (mig_plugins_get(p, i, &d, &e) == 0) die("the loader accepted bytes the manifest does not record");
            if (e.code != MIG_RT_CHANGED && e.code != MIG_RT_NOT_ELF && e.code != MIG_RT_TRUNCATED &&
                e.code != MIG_RT_IO && e.code != MIG_RT_NOT_REGULAR)
                die("a plugin that differs from the manifest was refused for another reason");
        }
        mig_plugins_close(p);
    } else if (!e.message) {
        die("a refusal without a message");
    }
    mig_arena_free(a);
    return 0;
}
