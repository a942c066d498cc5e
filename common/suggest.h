/* suggest.h - "did you mean": the edit distance between names, and the closest name.
 *
 * One helper for every misspelt name the tools meet: types, settings, tables, revision
 * ids. Case is ignored, and swapping two neighbouring characters counts as one edit
 * ("titel" is one edit from "title").
 */
#ifndef MIG_SUGGEST_H
#define MIG_SUGGEST_H

#include <stddef.h>

/* The edit distance between a and b, or limit + 1 when it is more than limit (the
 * computation stops early). Names longer than 255 bytes are never close. */
size_t mig_edit_distance(const char *a, const char *b, size_t limit);

/* The candidate (a NULL-terminated list) closest to word, within max(1, len/3) edits;
 * the first of equally close ones. NULL when none is close enough. */
const char *mig_suggest(const char *word, const char *const *candidates);

#endif
