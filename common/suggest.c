/* suggest.c - see suggest.h. */
#include "suggest.h"

#include <ctype.h>
#include <string.h>

#define MAXLEN 255

size_t mig_edit_distance(const char *a, const char *b, size_t limit)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > MAXLEN || lb > MAXLEN || (la > lb ? la - lb : lb - la) > limit) return limit + 1;
    /* Three rows of the optimal-string-alignment table: i-2, i-1 and i. */
    size_t rows[3][MAXLEN + 1];
    size_t *pp = rows[0], *prev = rows[1], *row = rows[2];
    for (size_t j = 0; j <= lb; j++) prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        int ca = tolower((unsigned char)a[i - 1]);
        row[0] = i;
        size_t best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            int cb = tolower((unsigned char)b[j - 1]);
            size_t c = prev[j - 1] + (ca != cb);
            if (prev[j] + 1 < c) c = prev[j] + 1;
            if (row[j - 1] + 1 < c) c = row[j - 1] + 1;
            if (i > 1 && j > 1 && ca == tolower((unsigned char)b[j - 2]) && tolower((unsigned char)a[i - 2]) == cb &&
                pp[j - 2] + 1 < c)
                c = pp[j - 2] + 1;
            row[j] = c;
            if (c < best) best = c;
        }
        /* A transposition reaches back two rows, so stop only when both are past the limit. */
        if (best > limit && i > 1) {
            size_t pbest = prev[0];
            for (size_t j = 1; j <= lb; j++)
                if (prev[j] < pbest) pbest = prev[j];
            if (pbest > limit) return limit + 1;
        }
        size_t *t = pp;
        pp = prev;
        prev = row;
        row = t;
    }
    return prev[lb] > limit ? limit + 1 : prev[lb];
}

const char *mig_suggest(const char *word, const char *const *candidates)
{
    if (!word || !candidates) return NULL;
    size_t len = strlen(word);
    size_t limit = len / 3 > 1 ? len / 3 : 1;
    const char *best = NULL;
    size_t bestd = limit + 1;
    for (size_t i = 0; candidates[i]; i++) {
        size_t dist = mig_edit_distance(word, candidates[i], limit);
        if (dist < bestd) {
            best = candidates[i];
            bestd = dist;
        }
    }
    return best;
}
