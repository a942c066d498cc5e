/* ydbrelease.c - see ydbrelease.h. */
#include "ydbrelease.h"

#include <ctype.h>
#include <stdio.h>

int mig_ydbver_parse(const char *s, mig_ydbver *out, const char **why)
{
    if (!s || !*s) {
        *why = "A YDB version looks like 25.1 or 25.1.4.7.";
        return -1;
    }
    if (*s == 'v' || *s == 'V') s++;
    long parts[2] = {0, 0};
    for (int i = 0; i < 2; i++) {
        if (!isdigit((unsigned char)*s)) {
            *why = "A YDB version looks like 25.1 or 25.1.4.7.";
            return -1;
        }
        long v = 0;
        while (isdigit((unsigned char)*s)) {
            v = v * 10 + (*s - '0');
            if (v > 9999) {
                *why = "The version number is too large.";
                return -1;
            }
            s++;
        }
        parts[i] = v;
        if (i == 0) {
            if (*s != '.') {
                *why = "A YDB version names a major and a minor release, such as 25.1.";
                return -1;
            }
            s++;
        }
    }
    /* optional further components: .patch.build... */
    while (*s == '.') {
        s++;
        if (!isdigit((unsigned char)*s)) {
            *why = "A YDB version looks like 25.1 or 25.1.4.7.";
            return -1;
        }
        while (isdigit((unsigned char)*s)) s++;
    }
    if (*s) {
        *why = "A YDB version looks like 25.1 or 25.1.4.7.";
        return -1;
    }
    if (parts[1] > 99) {
        *why = "The minor release number must be below 100.";
        return -1;
    }
    long v = parts[0] * 100 + parts[1];
    if (v < MIG_YDB_OLDEST) {
        *why = "Releases older than 24.1 are not supported; the oldest known target is 24.1.";
        return -1;
    }
    *out = (mig_ydbver)v;
    return 0;
}

const char *mig_ydbver_str(mig_ydbver v, char *buf)
{
    snprintf(buf, 16, "%d.%d", v / 100, v % 100);
    return buf;
}

bool mig_ydbver_of_server(const char *s, mig_ydbver *out)
{
    if (!s) return false;
    while (*s && !isdigit((unsigned char)*s)) s++;
    long major = 0, minor = 0;
    int digits = 0;
    for (; isdigit((unsigned char)*s) && digits < 5; s++, digits++) major = major * 10 + (*s - '0');
    if (!digits || (*s != '.' && *s != '-') || !isdigit((unsigned char)s[1])) return false;
    s++;
    digits = 0;
    for (; isdigit((unsigned char)*s) && digits < 3; s++, digits++) minor = minor * 10 + (*s - '0');
    if (minor > 99 || major > 9999) return false;
    *out = (mig_ydbver)(major * 100 + minor);
    return true;
}
