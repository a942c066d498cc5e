/* ini.c - see ini.h. */
#include "ini.h"

#include <ctype.h>
#include <string.h>

static char *trim(char *s)
{
    while (isspace((unsigned char)*s)) s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1])) *--e = '\0';
    return s;
}

static int one_line(mig_arena *a, const char *path, unsigned lineno, char *line, size_t n, bool sections,
                    mig_ini_fn fn, void *ud, const char **err)
{
    if (memchr(line, '\0', n)) {
        *err = mig_printf(a, "%s:%u: the line holds a NUL byte; a configuration file is text", path, lineno);
        return -1;
    }
    if (n > MIG_INI_MAX_LINE) {
        *err = mig_printf(a, "%s:%u: the line is too long (%zu bytes; at most %d)", path, lineno, n, MIG_INI_MAX_LINE);
        return -1;
    }
    line[n] = '\0';
    char *s = trim(line);
    if (!*s || *s == '#' || *s == ';') return 0;
    mig_ini_line l = {lineno, NULL, NULL, NULL};
    if (sections && *s == '[') {
        char *e = strchr(s, ']');
        if (!e || e[1]) {
            *err = mig_printf(a, "%s:%u: a section header is written [name]", path, lineno);
            return -1;
        }
        *e = '\0';
        l.section = trim(s + 1);
        return fn(ud, &l, err);
    }
    char *eq = strchr(s, '=');
    if (!eq) {
        *err = mig_printf(a, "%s:%u: expected `key = value`", path, lineno);
        return -1;
    }
    *eq = '\0';
    l.key = trim(s);
    l.value = trim(eq + 1);
    return fn(ud, &l, err);
}

int mig_ini_parse(mig_arena *a, const char *path, char *text, size_t len, bool sections, mig_ini_fn fn, void *ud,
                  const char **err)
{
    int rc = 0;
    unsigned lineno = 0;
    for (char *p = text, *end = text + len; p < end && rc == 0;) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        rc = one_line(a, path, ++lineno, p, (size_t)(eol - p), sections, fn, ud, err);
        p = nl ? nl + 1 : end;
    }
    /* the values the callbacks kept are copies (or the caller's business): clear secrets */
    volatile char *v = text;
    for (size_t i = 0; i < len; i++) v[i] = 0;
    return rc;
}
