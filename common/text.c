/* text.c - see text.h. */
#include "text.h"

#include <stdio.h>

bool mig_utf8_valid(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        unsigned c = *p;
        int n;
        unsigned cp;
        if (c < 0x80) { p++; continue; }
        else if ((c & 0xE0) == 0xC0) { n = 1; cp = c & 0x1F; }
        else if ((c & 0xF0) == 0xE0) { n = 2; cp = c & 0x0F; }
        else if ((c & 0xF8) == 0xF0) { n = 3; cp = c & 0x07; }
        else return false;
        p++;
        for (int i = 0; i < n; i++, p++) {
            if ((*p & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (*p & 0x3F);
        }
        if ((n == 1 && cp < 0x80) || (n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
            cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
    }
    return true;
}

const char *mig_duration_iso(int64_t seconds, char *buf)
{
    bool neg = seconds < 0;
    uint64_t s = neg ? (uint64_t)0 - (uint64_t)seconds : (uint64_t)seconds;
    uint64_t days = s / 86400, h = s / 3600 % 24, m = s / 60 % 60, sec = s % 60;
    char *p = buf;
    p += sprintf(p, "%sP", neg ? "-" : "");
    if (days) p += sprintf(p, "%lluD", (unsigned long long)days);
    if (h || m || sec || !days) {
        p += sprintf(p, "T");
        if (h) p += sprintf(p, "%lluH", (unsigned long long)h);
        if (m) p += sprintf(p, "%lluM", (unsigned long long)m);
        if (sec || (!h && !m)) p += sprintf(p, "%lluS", (unsigned long long)sec);
    }
    return buf;
}

void mig_text_quote(mig_buf *b, const char *s, char q)
{
    bool utf8 = mig_utf8_valid(s);
    mig_buf_putc(b, q);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '\\' || *p == (unsigned char)q) {
            mig_buf_putc(b, '\\');
            mig_buf_putc(b, (char)*p);
        } else if (*p == '\n') mig_buf_puts(b, "\\n");
        else if (*p == '\t') mig_buf_puts(b, "\\t");
        else if (*p == '\r') mig_buf_puts(b, "\\r");
        else if (*p < 0x20 || *p == 0x7F || (*p >= 0x80 && !utf8)) mig_buf_printf(b, "\\x%02X", *p);
        else mig_buf_putc(b, (char)*p);
    }
    mig_buf_putc(b, q);
}
