/* sim_internal.h - ydbsim engine internals shared by its source files (not by the server). */
#ifndef YDBSIM_INTERNAL_H
#define YDBSIM_INTERNAL_H

#include "engine.h"
#include <stdarg.h>

__extension__ typedef __int128 sim_i128;

/* A compact scalar type: what a column or an expression has. */
enum { ET_NULL, ET_PRIM, ET_DEC, ET_OTHER };
typedef struct ety {
    uint8_t k;
    bool opt;
    sim_prim prim;
    uint8_t prec, scale;
    const sim_type *other; /* ET_OTHER: a borrowed parameter type (lists, structs) */
    bool lit;              /* a literal (or a signed one): YDB converts these where it would not
                            * convert a column or a parameter (conv_value) */
} ety;

/* ---- value.c ---- */
void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t m);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

void sv_free(sim_value *v);              /* frees contents, leaves NULL */
sim_value sv_copy(const sim_value *v);
sim_value sv_null(void);
int sv_cmp(const sim_value *a, const sim_value *b); /* NULL first; same kinds assumed */
bool sv_eq(const sim_value *a, const sim_value *b);

sim_type *st_new_prim(sim_prim p);
sim_type *st_from_ety(ety t);
sim_type *st_copy(const sim_type *t);
void st_free(sim_type *t);
bool ety_from_st(const sim_type *t, ety *out); /* false for containers (ET_OTHER kept) */
const char *prim_name(sim_prim p);
char *ety_name(ety t);                   /* "Uint64", "Decimal(22,9)", "Optional<Int32>" */
bool prim_lookup(const char *name, sim_prim *p); /* case-insensitive, aliases */
bool prim_is_signed(sim_prim p);
bool prim_is_unsigned(sim_prim p);
bool prim_is_int(sim_prim p);
bool prim_is_float(sim_prim p);
bool prim_is_string(sim_prim p);          /* String, Utf8, Json, JsonDocument, Yson, DyNumber */
bool prim_is_time(sim_prim p);
bool prim_key_allowed(ety t);
bool int_fits(sim_prim p, bool neg_i64, int64_t i, uint64_t u);

/* Literal text to value. false when the text is not valid for the type. */
bool parse_date(const char *s, int64_t *days);
bool parse_datetime(const char *s, int64_t *secs, int64_t *usecs);
bool parse_interval(const char *s, int64_t *usecs);
bool parse_uuid(const char *s, uint64_t *lo, uint64_t *hi);
bool parse_decimal(const char *s, unsigned prec, unsigned scale, sim_i128 *out);
/* Text to a value of scalar type t (Date("..."), CAST("..." AS T)). false if invalid. */
bool value_from_text(ety t, const char *s, size_t len, sim_value *out);
sim_i128 sv_i128(const sim_value *v);
void sv_set_i128(sim_value *v, sim_i128 x);

/* ---- issues / results (engine.c) ---- */
/* Appends a child issue (severity error); the pointer stays valid until the next push on parent. */
sim_issue *iss_push(sim_issue *parent, const char *msg, uint32_t code, uint32_t row, uint32_t col);
/* A top-level issue of r; same validity rule. */
sim_issue *res_push(sim_result *r, const char *msg, uint32_t code, uint32_t row, uint32_t col);
void res_fail(sim_result *r, sim_status st, uint32_t code, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
void issue_free_contents(sim_issue *i);

#endif
