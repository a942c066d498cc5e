/* test_util.h - helpers shared by the engine's Criterion tests. */
#ifndef YDBSIM_TEST_UTIL_H
#define YDBSIM_TEST_UTIL_H

#include <stdbool.h>
#include <string.h>

#include "engine.h"

/* does any issue (nested) contain the text? */
static inline bool issue_has(const sim_issue *v, size_t n, const char *text)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].message && strstr(v[i].message, text)) return true;
        if (issue_has(v[i].issues, v[i].nissues, text)) return true;
    }
    return false;
}

#endif
