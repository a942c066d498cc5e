/* sqlhint.c - see sqlhint.h. */
#include "sqlhint.h"

#include <string.h>

/* The word of the source at OFF (letters, digits, '_'), lowercased into BUF; its end in *END. */
static const char *word_at(const mig_parser *p, uint32_t off, char *buf, size_t n, uint32_t *end)
{
    size_t k = 0;
    while (off < p->src->len && k + 1 < n) {
        char c = p->src->text[off];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) break;
        buf[k++] = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        off++;
    }
    buf[k] = 0;
    *end = off;
    return buf;
}

static uint32_t skip_blanks(const mig_parser *p, uint32_t off)
{
    while (off < p->src->len && strchr(" \t\r\n", p->src->text[off])) off++;
    return off;
}

bool mig_sql_constraint(const mig_parser *p, mig_loc err, mig_loc *where, const char **msg, const char **hint)
{
    if (err.start < p->item_start || err.start - p->item_start > 200) return false;
    char w[16], kind[16];
    uint32_t e, s = p->item_start;
    word_at(p, s, w, sizeof w, &e);
    mig_loc at = {s, e};
    if (strcmp(w, "constraint") == 0) {
        char name[16];
        uint32_t e2;
        word_at(p, skip_blanks(p, e), name, sizeof name, &e2); /* its name: any word */
        if (e2 == skip_blanks(p, e)) return false;
        word_at(p, skip_blanks(p, e2), kind, sizeof kind, &e);
        if (!kind[0]) return false;
        at.end = e;
    } else {
        memcpy(kind, w, sizeof kind);
    }
    uint32_t after = skip_blanks(p, e);
    bool paren = after < p->src->len && p->src->text[after] == '(';
    char next[8];
    uint32_t e3;
    bool key = strcmp(word_at(p, after, next, sizeof next, &e3), "key") == 0;
    if (strcmp(kind, "check") == 0 && paren) {
        *msg = "YDB has no CHECK constraints";
        *hint = "YDB does not validate rows against an expression; check values in the application, "
                "or find offending rows in a yql or c step.";
    } else if (strcmp(kind, "foreign") == 0 && key) {
        at.end = e3;
        *msg = "YDB has no foreign keys";
        *hint = "YDB does not enforce references. Remove it and keep the rule in the application; an "
                "index on the column keeps lookups fast.";
    } else if (strcmp(kind, "unique") == 0 && paren) {
        *msg = "YDB has no UNIQUE table constraint";
        *hint = "Declare a unique index in create_table instead: `index NAME unique on (col, ...);`.";
    } else if (strcmp(kind, "primary") == 0 && key) {
        at.end = e3;
        *msg = strcmp(w, "constraint") == 0 ? "YDB's primary key has no name" : "\"primary key (...)\" is written primary_key in .mig files";
        *hint = "Write a `primary_key (col, ...);` item, or `pk` after a key column's type.";
    } else {
        return false;
    }
    *where = at;
    return true;
}
