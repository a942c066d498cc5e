/* revjson.h - revisions and steps as migrun's --json prints them (docs/json.md, the
 * objects revision, revision_detail and step of docs/json-schema.json). */
#ifndef MIG_REVJSON_H
#define MIG_REVJSON_H

#include "../common/arena.h"
#include "../common/buf.h"
#include "loader.h"
#include "plan.h"

/* A JSON string literal of s (NULL: ""), in a. */
const char *mig_json_str(mig_arena *a, const char *s);

/* "written", "derived" or "irreversible": a revision's downgrade (MIG_DOWN_*). */
const char *mig_downgrade_word(int kind);

/* A revision's object without its closing brace, to be extended or closed by the caller:
 * {"kind":KIND,"id":...,"plugin_sha256":... (from the manifest: no plugin is opened). */
void mig_json_rev_open(mig_arena *a, mig_buf *b, const char *kind, const mig_plugins *p, const mig_rev *v);

/* Steps (of revision v) as a JSON array of step objects. 0, or -1 when step *bad (from 0)
 * cannot be rendered, why saying why; b then holds part of the array. */
int mig_json_steps(mig_arena *a, mig_buf *b, const mig_rev *v, const mig_p_step *steps, uint32_t n, uint32_t *bad,
                   const char **why);

#endif
