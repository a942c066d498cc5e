/* fuzz_mig.c - libFuzzer target: the whole .mig front end on a project made of the input:
 * the scanner, the parser, the revision graph, the analysis (schema replay, YDB rules,
 * derived downgrades), the schema printer and code generation.
 *
 * The input is split into files at each line "%%" (at most 8 files: a project of several
 * revisions, so that the graph and the replay across revisions are reached too). Oracles
 * besides the sanitizers: a project without errors generates C for every revision, and
 * the schema printer writes something for every revision whose schema has a table.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/arena.h"
#include "common/buf.h"
#include "common/diag.h"
#include "compiler/codegen.h"
#include "compiler/graph.h"
#include "compiler/ptable.h"
#include "compiler/project.h"
#include "compiler/schema.h"
#include "compiler/sema.h"
#include "compiler/ydbver.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define MAX_FILES 8

static void check(int ok, const char *what)
{
    if (!ok) {
        fprintf(stderr, "fuzz_mig: %s\n", what);
        abort();
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char dir[] = "/tmp/fuzz-mig.XXXXXX";
    if (!mkdtemp(dir)) return 0;
    char path[64];
    unsigned nfiles = 0;
    const uint8_t *p = data, *end = data + size;
    while (p <= end && nfiles < MAX_FILES) {
        const uint8_t *cut = NULL;
        for (const uint8_t *q = p; q + 3 <= end; q++)
            if ((q == data || q[-1] == '\n') && q[0] == '%' && q[1] == '%' && (q + 2 == end || q[2] == '\n')) {
                cut = q;
                break;
            }
        const uint8_t *stop = cut && nfiles + 1 < MAX_FILES ? cut : end;
        snprintf(path, sizeof path, "%s/r%u.mig", dir, nfiles++);
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(p, 1, (size_t)(stop - p), f);
            fclose(f);
        }
        if (stop == end) break;
        p = stop + 3;
    }

    mig_arena *a = mig_arena_new();
    mig_diags d;
    mig_diags_init(&d, a);
    mig_project *proj = mig_project_load(a, &d, dir, MIG_YDB_NEWEST);
    if (proj) {
        mig_graph_build(proj);
        mig_sema_run(proj);
        /* The diagnostics render (excerpts, carets) whatever they point at. */
        FILE *null = fopen("/dev/null", "w");
        if (null) {
            mig_print_opts o = {false, false, "migc", 0};
            mig_diags_print(&d, null, &o);
            fclose(null);
        }
        if (!d.nerrors) {
            for (size_t i = 0; i < proj->norder; i++) {
                const mig_revision *r = proj->order[i];
                mig_buf b = MIG_BUF_INIT;
                mig_codegen(&b, proj, r, "0000000000000000000000000000000000000000000000000000000000000000");
                check(b.len > 0, "no C for a revision of a project without errors");
                mig_buf_free(&b);
                const mig_schema *after = mig_sema_of(r)->after;
                mig_buf s = MIG_BUF_INIT;
                mig_schema_print_mig(a, &s, after);
                check(after->n == 0 || s.len > 0, "no .mig text for a schema with tables");
                mig_buf_free(&s);
            }
        }
    }
    mig_arena_free(a);
    for (unsigned i = 0; i < nfiles; i++) {
        snprintf(path, sizeof path, "%s/r%u.mig", dir, i);
        unlink(path);
    }
    rmdir(dir);
    return 0;
}
