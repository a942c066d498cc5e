/* parse.c - see parse.h: one source parsed by the grammar (parser.y) over the scanner
 * (scanner.l). */
#include "parse.h"

#include <stdint.h>

#include "parser.h"
#include "scanner.h"

static mig_file *parse(mig_arena *a, mig_diags *d, const mig_source *src, bool declared)
{
    mig_parser p = {0};
    p.declared_start = declared;
    p.arena = a;
    p.diags = d;
    p.src = src;
    p.bad_end = UINT32_MAX;
    p.file = mig_alloc(a, sizeof *p.file);
    p.file->src = src;
    if (mig_scan_init(&p) != 0) {
        mig_report(d, MIG_SEV_ERROR, src, (mig_loc){0, 0}, "could not start the scanner");
        p.file->nerrors++;
        return p.file;
    }
    int rc = mig_yyparse(&p);
    if (rc == 2) { /* bison's own stack ran out; the scanner limits nesting, so rare */
        mig_report(d, MIG_SEV_ERROR, src, (mig_loc){p.last_end, p.last_end}, "the file is too deeply nested to parse");
        p.file->nerrors++;
    }
    mig_scan_finish(&p);
    return p.file;
}

mig_file *mig_parse(mig_arena *a, mig_diags *d, const mig_source *src) { return parse(a, d, src, false); }

mig_file *mig_parse_declared(mig_arena *a, mig_diags *d, const mig_source *src) { return parse(a, d, src, true); }
