/* yql_check.c - helpers shared by the YQL renderer's tests (yql_check.h). */
#include "yql_check.h"

#include <criterion/criterion.h>
#include <string.h>

mig_p_type T(uint32_t id)
{
    mig_p_type t = {id, 0, 0, 0, 0};
    return t;
}

mig_p_type DEC(uint8_t p, uint8_t s)
{
    mig_p_type t = {MIG_PT_DECIMAL, p, s, 0, 0};
    return t;
}

mig_p_type SER(uint32_t id, uint8_t size)
{
    mig_p_type t = {id, 0, 0, size, 0};
    return t;
}

void step_is(const mig_p_step *st, const char *want)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "--\n");
    const char *err = NULL;
    int rc = mig_yql_step(&b, st, &err);
    cr_assert_eq(rc, 0, "kind %u: %s", (unsigned)st->kind, err ? err : "?");
    cr_assert_str_eq(mig_buf_str(&b) + 3, want);
    cr_assert_eq(strncmp(mig_buf_str(&b), "--\n", 3), 0);
    mig_buf_free(&b);
}

void step_fails(const mig_p_step *st, const char *msg)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "kept");
    const char *err = NULL;
    int rc = mig_yql_step(&b, st, &err);
    cr_assert_eq(rc, -1, "kind %u rendered: %s", (unsigned)st->kind, mig_buf_str(&b));
    cr_assert_not_null(err);
    cr_assert(strstr(err, msg), "wanted \"%s\", got \"%s\"", msg, err);
    cr_assert_str_eq(mig_buf_str(&b), "kept", "a failed step leaves nothing behind");
    mig_buf_free(&b);
}

void describe_is(const mig_p_step *st, const char *want)
{
    mig_buf b = MIG_BUF_INIT;
    mig_step_describe(&b, st);
    cr_assert_str_eq(mig_buf_str(&b), want);
    mig_buf_free(&b);
}

mig_p_column COL(const char *name, mig_p_type t, int not_null)
{
    mig_p_column c;
    memset(&c, 0, sizeof c);
    c.name = name;
    c.type = t;
    c.not_null = (uint8_t)not_null;
    return c;
}

mig_p_column COLD(const char *name, mig_p_type t, int not_null, mig_p_value def)
{
    mig_p_column c = COL(name, t, not_null);
    c.has_default = 1;
    c.default_value = def;
    return c;
}

mig_p_step STEP(uint32_t kind, const char *table)
{
    mig_p_step s;
    memset(&s, 0, sizeof s);
    s.kind = kind;
    s.table = table;
    return s;
}
