/* engine_fx.c - the engine suite's fixture and helpers (engine_fx.h). */
#include "engine_fx.h"
#include "test_util.h"

#include <criterion/criterion.h>

sim_engine *E;

static void setup(void) { E = sim_engine_new("/local"); }
static void teardown(void) { sim_engine_free(E); }

TestSuite(engine, .init = setup, .fini = teardown);

bool issue_code(const sim_issue *v, size_t n, uint32_t code)
{
    for (size_t i = 0; i < n; i++) {
        if (v[i].code == code) return true;
        if (issue_code(v[i].issues, v[i].nissues, code)) return true;
    }
    return false;
}

sim_result q(const char *yql)
{
    return sim_execute(E, SIM_API_QUERY, NULL, -1, false, yql, NULL, 0);
}

void ok(const char *yql)
{
    sim_result r = q(yql);
    cr_assert_eq(r.status, SIM_SUCCESS, "%s -> %d %s", yql, r.status, r.nissues ? r.issues[0].message : "");
    sim_result_free(&r);
}

void fails(const char *yql, sim_status st, const char *text)
{
    sim_result r = q(yql);
    cr_assert_eq(r.status, st, "%s -> %d (want %d) %s", yql, r.status, st,
                 r.nissues ? r.issues[0].message : "");
    cr_assert(issue_has(r.issues, r.nissues, text), "%s: no issue containing '%s' (first: %s)", yql, text,
              r.nissues ? (r.issues[0].nissues ? r.issues[0].issues[0].message : r.issues[0].message) : "");
    sim_result_free(&r);
}

const char *T_CREATE =
    "CREATE TABLE t (id Uint64 NOT NULL, name Utf8, n Int32 NOT NULL DEFAULT 7, PRIMARY KEY (id));";
