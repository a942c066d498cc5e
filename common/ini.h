/* ini.h - the lines of a `key = value` file: mig.ini (config.c) and migrun's
 * --credentials-file (runtime/db.c) are both read through mig_ini_parse, so both refuse
 * the same things the same way.
 *
 * A line ends at '\n'; it must hold no NUL byte and be at most MIG_INI_MAX_LINE bytes
 * (the newline not counted). Blank lines and lines whose first non-blank is '#' or ';'
 * are skipped. With sections on, a `[name]` line names a section; every other line is
 * `key = value`, both trimmed of blanks (value as written otherwise: comments after it
 * and quotes around it are the caller's business).
 */
#ifndef MIG_INI_H
#define MIG_INI_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"

#define MIG_INI_MAX_LINE 4095

typedef struct mig_ini_line {
    unsigned lineno;
    const char *section; /* a `[name]` line: the name, key and value NULL */
    char *key, *value;   /* a `key = value` line */
} mig_ini_line;

/* Called for each section and key line; 0 to go on, -1 (with *err) to stop. */
typedef int (*mig_ini_fn)(void *ud, const mig_ini_line *l, const char **err);

/* Go through TEXT (LEN bytes, changed in place: lines are cut at their ends) read from
 * PATH (for messages). Returns 0, or -1 with *err (arena) "PATH:LINE: ..." for a NUL
 * byte, a line too long, a malformed section header or a line without '=', or fn's -1.
 * The text is zeroed before returning: a credentials file's secrets do not stay in it. */
int mig_ini_parse(mig_arena *a, const char *path, char *text, size_t len, bool sections, mig_ini_fn fn, void *ud,
                  const char **err);

#endif
