/* fuzz_config.c - libFuzzer target: mig.ini, read by migc and migrun (common/config.c).
 *
 * Oracles besides the sanitizers: a file that reads gives every key a value (its own or
 * the default) and numbers in their ranges; a file that does not read says why, naming
 * the file.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

static char path[64];

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_config: %s\n", what);
        abort();
    }
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc, (void)argv;
    /* Only the file decides: no variable may stand in for a key. */
    const char *vars[] = {"MIG_SOURCE_DIR", "MIG_PLUGIN_DIR", "MIGC_TARGET_YDB", "CC", "CFLAGS", "MIGC_JOBS",
                          "MIGC_MAX_ERRORS", "YDB_CONNECTION_STRING", "MIG_VERSION_TABLE", "MIG_LOG_LEVEL",
                          "MIG_LOG_FORMAT", "MIG_STATEMENT_TIMEOUT", "YDB_SSL_ROOT_CERTIFICATES_FILE",
                          "MIG_IGNORE_TABLES", "MIG_CONFIG"};
    for (size_t i = 0; i < sizeof vars / sizeof vars[0]; i++) unsetenv(vars[i]);
    snprintf(path, sizeof path, "/tmp/fuzz-config.%ld.ini", (long)getpid());
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    mig_arena *a = mig_arena_new();
    mig_config c;
    const char *err = NULL;
    if (mig_config_load(a, path, &c, &err) == 0) {
        check(c.source_dir && c.plugin_dir && c.cc && c.cflags && c.version_table && c.log_level && c.log_format &&
                  c.statement_timeout,
              "a key has no value after a file that reads");
        check(c.jobs >= 0 && c.jobs <= 1024, "jobs out of its range");
        check(c.max_errors >= 0 && c.max_errors <= 1000000, "max_errors out of its range");
    } else {
        check(err && strstr(err, path), "a refusal does not name the file");
    }
    mig_arena_free(a);
    unlink(path);
    return 0;
}
