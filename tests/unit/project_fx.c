/* project_fx.c - the project directory fixture (project_fx.h). */
#include "project_fx.h"

#include <criterion/criterion.h>
#include <stdio.h>
#include <stdlib.h>

#include "../../compiler/graph.h"

void fx_init(fx *f)
{
    th_init(&f->t);
    f->dir = th_mkdtemp();
    f->p = NULL;
}

void fx_fini(fx *f)
{
    th_rmtree(f->dir);
    free(f->dir);
    th_fini(&f->t);
}

void rev(fx *f, const char *file, const char *id, const char *parents, const char *extra)
{
    char text[1024];
    snprintf(text, sizeof text, "revision %s;\nrevises %s;\n%supgrade <\n>\n", id, parents, extra ? extra : "");
    th_write(f->dir, file, text);
}

mig_project *load(fx *f)
{
    f->p = mig_project_load(f->t.arena, &f->t.diags, f->dir, MIG_YDB_NEWEST);
    cr_assert_not_null(f->p);
    mig_graph_build(f->p);
    return f->p;
}

const char *order_str(fx *f)
{
    char *s = mig_strdup(f->t.arena, "");
    for (size_t i = 0; i < f->p->norder; i++) s = mig_printf(f->t.arena, "%s%s%s", s, i ? " " : "", f->p->order[i]->id);
    return s;
}

const char *heads_str(fx *f)
{
    char *s = mig_strdup(f->t.arena, "");
    for (size_t i = 0; i < f->p->nheads; i++) s = mig_printf(f->t.arena, "%s%s%s", s, i ? " " : "", f->p->heads[i]->id);
    return s;
}

void expect_clean(fx *f)
{
    char *r = th_render(&f->t);
    cr_assert_eq(f->t.diags.n, 0, "unexpected diagnostics:\n%s", r);
    free(r);
}
