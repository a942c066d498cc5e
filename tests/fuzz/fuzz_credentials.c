/* fuzz_credentials.c - libFuzzer target: the --credentials-file reader of migrun
 * (read_credentials_file in runtime/db.c, included here to reach the static function).
 *
 * Oracles besides the sanitizers: a file that reads sets a way to sign in; a refusal
 * names the file.
 */
#include "runtime/db.c"

#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_credentials: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char path[64];
    snprintf(path, sizeof path, "/tmp/fuzz-credentials.%ld", (long)getpid());
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    fwrite(data, 1, size, f);
    fclose(f);
    chmod(path, 0600);
    mig_arena *a = mig_arena_new();
    ydb_options yo;
    memset(&yo, 0, sizeof yo);
    mig_rt_error e;
    memset(&e, 0, sizeof e);
    if (read_credentials_file(a, path, &yo, &e) == 0) {
        check((yo.auth == YDB_AUTH_TOKEN) == (yo.token != NULL) && (yo.auth != YDB_AUTH_STATIC || yo.user),
              "the way to sign in does not follow from the keys");
    } else {
        check(e.message && strstr(e.message, path), "a refusal does not name the file");
    }
    mig_arena_free(a);
    unlink(path);
    return 0;
}
