/* literal_duration.c - durations: the .mig form (30d, 1d12h, 500ms), ISO 8601 (P30D,
 * PT1H30M) and Interval(...), for TTL and for Interval defaults.
 */
#include "literal_int.h"

#include <ctype.h>
#include <string.h>
#include <strings.h>

#define US_PER_S 1000000LL

/* 30d, 1d12h, 90m, 45s, 500ms, 2w, 10us -> µs. */
static bool parse_words(const char *s, int64_t *us, const char **why)
{
    const char *p = s;
    *us = 0;
    int last = -1;
    while (*p) {
        size_t n = strspn(p, "0123456789");
        if (n == 0) {
            *why = "it is not a number followed by a unit";
            return false;
        }
        uint64_t v;
        if (!lit_digits_u64(p, n, UINT64_MAX, &v)) {
            *why = "it is too long";
            return false;
        }
        p += n;
        int rank;
        int64_t unit;
        size_t ul;
        if (strncasecmp(p, "ms", 2) == 0) { rank = 5; unit = 1000; ul = 2; }
        else if (strncasecmp(p, "us", 2) == 0) { rank = 6; unit = 1; ul = 2; }
        else if (tolower((unsigned char)*p) == 'w') { rank = 0; unit = 7 * 86400 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 'd') { rank = 1; unit = 86400 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 'h') { rank = 2; unit = 3600 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 'm') { rank = 3; unit = 60 * US_PER_S; ul = 1; }
        else if (tolower((unsigned char)*p) == 's') { rank = 4; unit = US_PER_S; ul = 1; }
        else {
            *why = *p ? "its unit is not w, d, h, m, s, ms or us" : "it has no unit";
            return false;
        }
        if (rank <= last) {
            *why = "its units are out of order or repeated; write the largest first, such as 1d12h";
            return false;
        }
        last = rank;
        if (!mig_us_add(us, v, unit)) {
            *why = "it is too long";
            return false;
        }
        p += ul;
    }
    return true;
}

static void duration_hint(mig_diags *d, mig_diag *g)
{
    mig_hint(d, g, "Write a duration such as 30d, 12h, 90m, 45s or 1d12h, or an ISO 8601 "
                   "duration such as \"P30D\" or \"PT1H30M\".");
}

/* A duration literal (word, string, Interval(...)) to µs; neg allowed for Interval values. */
bool lit_duration_us(mig_arena *a, mig_diags *d, const mig_source *src, const mig_lit *l,
                        bool allow_neg, int64_t max_us, int64_t *out)
{
    const char *why = NULL;
    int64_t us = 0;
    bool neg = false;
    const char *text;
    mig_loc at = l->loc;
    if (l->kind == MIG_LIT_WORD) {
        text = l->text;
        neg = l->neg;
        if (!parse_words(text, &us, &why)) goto bad;
    } else if (l->kind == MIG_LIT_INT) {
        text = l->text;
        if (!(strspn(text, "0") == strlen(text))) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration \"%s%s\" has no unit",
                                     l->neg ? "-" : "", text);
            mig_hint(d, g, "Write %s%ss, %s%sm, %s%sh or %s%sd.", l->neg ? "-" : "", text,
                     l->neg ? "-" : "", text, l->neg ? "-" : "", text, l->neg ? "-" : "", text);
            return false;
        }
    } else if (l->kind == MIG_LIT_STRING ||
               (l->kind == MIG_LIT_CALL && l->arg &&
                (strcasecmp(l->text, "Interval") == 0 || strcasecmp(l->text, "Interval64") == 0))) {
        text = l->kind == MIG_LIT_STRING ? l->text : l->arg;
        if (l->kind == MIG_LIT_CALL) at = l->arg_loc;
        if (!mig_interval_parse(text, &neg, &us, &why)) goto bad;
    } else {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "%s is not a duration",
                                 lit_shown(a, l));
        duration_hint(d, g);
        return false;
    }
    if (neg && us != 0 && !allow_neg) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration \"%s%s\" is negative",
                                 l->kind == MIG_LIT_WORD && l->neg ? "-" : "", text);
        mig_hint(d, g, "A duration here counts forward; write a positive one.");
        return false;
    }
    if (us > max_us) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration \"%s\" is too long", text);
        mig_hint(d, g, "YDB's Interval is shorter than 136 years (Interval64: about 292,000 years).");
        return false;
    }
    *out = neg ? -us : us;
    return true;
bad:
    if (why && strstr(why, "years and months")) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "duration \"%s\" has years or months",
                                 text);
        mig_hint(d, g, "Years and months have no fixed length, and YDB's Interval counts "
                       "microseconds; write days instead, such as \"P30D\" or \"P365D\".");
        return false;
    }
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "unrecognized duration \"%s%s\"",
                             l->kind == MIG_LIT_WORD && l->neg ? "-" : "", text);
    if (why) mig_detail(d, g, "It is not a duration: %s.", why);
    duration_hint(d, g);
    return false;
}

/* A duration in whole units of unit_us µs (a second, a millisecond) into *out. */
static bool duration_whole(mig_diags *d, const mig_source *src, const mig_lit *l, int64_t unit_us,
                           const char *unit, const char *example, int64_t *out)
{
    int64_t us;
    if (!lit_duration_us(d->arena, d, src, l, false, INTERVAL_MAX_US, &us)) return false;
    if (us % unit_us) {
        mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, l->loc, "duration %s is not a whole number of %ss",
                                 lit_shown(d->arena, l), unit);
        mig_hint(d, g, "Durations here count whole %ss; write 1%s or more, such as %s.", unit,
                 unit_us == US_PER_S ? "s" : "ms", example);
        return false;
    }
    *out = us / unit_us;
    return true;
}

bool mig_duration_parse(mig_diags *d, const mig_source *src, const mig_lit *l, int64_t *seconds)
{
    return duration_whole(d, src, l, US_PER_S, "second", "45s", seconds);
}

bool mig_duration_parse_ms(mig_diags *d, const mig_source *src, const mig_lit *l, int64_t *ms)
{
    return duration_whole(d, src, l, 1000, "millisecond", "250ms", ms);
}

/* ISO text of a signed µs count (../common/ydbtype.c): P1DT2H, PT0.5S, -PT1S. */
char *lit_iso_us(mig_arena *a, int64_t us)
{
    mig_buf b = MIG_BUF_INIT;
    mig_interval_write(&b, us);
    char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}
