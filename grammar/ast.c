/* ast.c - see ast.h: the constructors and list helpers the grammar's actions
 * (grammar/parser.y) build the tree with, and the names of step kinds. */
#include "ast.h"

#include <limits.h>

mig_loc mig_loc_span(mig_loc a, mig_loc b)
{
    mig_loc l = {a.start, b.end};
    return l;
}

mig_name mig_ast_name(const char *s, mig_loc loc, bool quoted)
{
    mig_name n = {s, loc, quoted};
    return n;
}

mig_names mig_ast_names1(mig_arena *a, mig_name n)
{
    mig_names v = {0};
    MIG_PUSH(a, v.v, v.n, v.cap, n);
    v.loc = n.loc;
    return v;
}

mig_path mig_ast_join_path(mig_arena *a, mig_path head, mig_name b)
{
    mig_path r;
    r.s = mig_printf(a, "%s/%s", head.s, b.s);
    r.loc = mig_loc_span(head.loc, b.loc);
    return r;
}

mig_lit *mig_ast_lit(mig_arena *a, mig_lit_kind k, const char *text, mig_loc loc)
{
    mig_lit *l = mig_alloc(a, sizeof *l);
    l->kind = k;
    l->text = text;
    l->loc = loc;
    return l;
}

/* The value of an integer literal, saturated; the compiler checks ranges. */
long long mig_lit_ll(const mig_lit *l)
{
    long long v = 0;
    for (const char *c = l->text; *c >= '0' && *c <= '9'; c++) {
        if (v > (LLONG_MAX - 9) / 10) return l->neg ? LLONG_MIN : LLONG_MAX;
        v = v * 10 + (*c - '0');
    }
    return l->neg ? -v : v;
}

mig_step *mig_ast_step(mig_arena *a, mig_step_kind k, mig_loc kw)
{
    mig_step *s = mig_alloc(a, sizeof *s);
    s->kind = k;
    s->kw_loc = kw;
    return s;
}

mig_header *mig_ast_add_header(mig_arena *a, mig_file *f, mig_header_kind k, mig_loc loc, mig_loc kw)
{
    mig_header *h = mig_alloc(a, sizeof *h);
    h->kind = k;
    h->loc = loc;
    h->kw_loc = kw;
    MIG_PUSH(a, f->headers, f->nheaders, f->hcap, h);
    return h;
}

mig_section *mig_ast_add_section(mig_arena *a, mig_file *f, mig_section_kind k, mig_loc loc, mig_loc kw)
{
    mig_section *s = mig_alloc(a, sizeof *s);
    s->kind = k;
    s->loc = loc;
    s->kw_loc = kw;
    MIG_PUSH(a, f->sections, f->nsections, f->scap, s);
    return s;
}

const char *mig_step_kind_name(mig_step_kind k)
{
    static const char *const names[] = {
#define MIG_STEPKIND(kind, name) [MIG_STEP_##kind] = name,
#include "../common/steps.def"
#undef MIG_STEPKIND
    };
    return (unsigned)k < sizeof names / sizeof names[0] ? names[k] : "?";
}
