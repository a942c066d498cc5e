/* engine_fx.h - the engine suite's fixture (engine_fx.c): a fresh engine per test and the
 * helpers that run a statement on it, shared by test_engine*.c. */
#ifndef YDBSIM_ENGINE_FX_H
#define YDBSIM_ENGINE_FX_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "engine.h"

/* the engine of the running test (the suite's init makes it, its fini frees it) */
extern sim_engine *E;

bool issue_code(const sim_issue *v, size_t n, uint32_t code);
sim_result q(const char *yql);
void ok(const char *yql);
void fails(const char *yql, sim_status st, const char *text);

extern const char *T_CREATE;

#endif
