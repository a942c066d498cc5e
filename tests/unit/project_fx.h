/* project_fx.h - the fixture shared by the project, graph and migc new tests: a project directory. */
#ifndef MIG_TEST_PROJECT_FX_H
#define MIG_TEST_PROJECT_FX_H

#include "helpers.h"
#include "../../compiler/project.h"

/* A fixture: an arena, diagnostics and a temporary directory. */
typedef struct fx {
    th_ctx t;
    char *dir;
    mig_project *p;
} fx;

void fx_init(fx *f);
void fx_fini(fx *f);
/* Write `revision ID; revises PARENTS; [extra] upgrade < >` as ID.mig. */
void rev(fx *f, const char *file, const char *id, const char *parents, const char *extra);
mig_project *load(fx *f);
const char *order_str(fx *f);
const char *heads_str(fx *f);
void expect_clean(fx *f);

#endif
