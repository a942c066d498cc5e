/* main.c - migc (temporary: parses the files named on the command line). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../common/arena.h"
#include "../common/diag.h"
#include "../common/exitcodes.h"
#include "../grammar/parse.h"

int main(int argc, char **argv)
{
    mig_arena *a = mig_arena_new();
    mig_diags d;
    mig_diags_init(&d, a);
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); continue; }
        char *buf = NULL; size_t len = 0, cap = 0, n;
        char tmp[65536];
        while ((n = fread(tmp, 1, sizeof tmp, f)) > 0) {
            if (len + n > cap) { cap = (len + n) * 2; buf = realloc(buf, cap); }
            memcpy(buf + len, tmp, n); len += n;
        }
        fclose(f);
        mig_source *s = mig_source_new(a, argv[i], buf ? buf : "", len, (unsigned)i);
        free(buf);
        mig_parse(a, &d, s);
    }
    mig_print_opts o = {0};
    o.prog = "migc";
    mig_diags_print(&d, stderr, &o);
    int rc = d.nerrors ? MIG_EXIT_INVALID : MIG_EXIT_OK;
    mig_arena_free(a);
    return rc;
}
