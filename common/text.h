/* text.h - small pure text helpers both the compiler and the runtime need.
 *
 * Kept here (in libmigcommon) so that libmigrun never links anything of the compiler. */
#ifndef MIG_TEXT_H
#define MIG_TEXT_H

#include <stdbool.h>
#include <stdint.h>

#include "buf.h"

/* Is s (NUL-terminated) well-formed UTF-8: no overlong forms, no surrogates, <= U+10FFFF? */
bool mig_utf8_valid(const char *s);

/* s between quotes q, escaped the way both .mig and YQL read it: backslash before q and
 * backslash, \n \t \r, \xNN for other control bytes, and for every byte >= 0x80 when s is
 * not UTF-8 (so the text around it stays valid UTF-8). */
void mig_text_quote(mig_buf *out, const char *s, char q);

/* A whole number of seconds as an ISO 8601 duration for YQL: P30D, PT1H30M, P1DT1H1M1S,
 * PT0S, -PT5S. buf >= 48 bytes. Returns buf. */
const char *mig_duration_iso(int64_t seconds, char *buf);

#endif
