/* revjson.c - revisions and steps as JSON objects (see revjson.h). Strings go through
 * mig_json_str, the one JSON string writer. */
#include "revjson.h"

#include <string.h>

#include "yql.h"

const char *mig_json_str(mig_arena *a, const char *s)
{
    mig_buf b = MIG_BUF_INIT;
    mig_buf_putc(&b, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        if (*p == '"' || *p == '\\') mig_buf_printf(&b, "\\%c", *p);
        else if (*p == '\n') mig_buf_puts(&b, "\\n");
        else if (*p == '\t') mig_buf_puts(&b, "\\t");
        else if (*p < 0x20) mig_buf_printf(&b, "\\u%04x", *p);
        else mig_buf_putc(&b, (char)*p);
    }
    mig_buf_putc(&b, '"');
    const char *r = mig_strdup(a, mig_buf_str(&b));
    mig_buf_free(&b);
    return r;
}

const char *mig_downgrade_word(int k)
{
    return k == MIG_DOWN_WRITTEN ? "written" : k == MIG_DOWN_DERIVED ? "derived" : "irreversible";
}

static void ids(mig_arena *a, mig_buf *b, const char *name, mig_rev *const *v, size_t n)
{
    mig_buf_printf(b, ",\"%s\":[", name);
    for (size_t i = 0; i < n; i++) mig_buf_printf(b, "%s%s", i ? "," : "", mig_json_str(a, v[i]->m->id));
    mig_buf_putc(b, ']');
}

void mig_json_rev_open(mig_arena *a, mig_buf *b, const char *kind, const mig_plugins *p, const mig_rev *v)
{
    const mig_manifest_rev *m = v->m;
    mig_buf_printf(b, "{\"kind\":\"%s\",\"id\":%s", kind, mig_json_str(a, m->id));
    ids(a, b, "parents", v->parents, v->nparents);
    ids(a, b, "children", v->children, v->nchildren);
    ids(a, b, "depends_on", v->depends, v->ndepends);
    mig_buf_puts(b, ",\"labels\":[");
    for (size_t i = 0; i < m->nlabels; i++) mig_buf_printf(b, "%s%s", i ? "," : "", mig_json_str(a, m->labels[i]));
    mig_buf_printf(b,
                   "],\"message\":%s,\"is_head\":%s,\"is_branchpoint\":%s,\"is_mergepoint\":%s,\"downgrade\":\"%s\","
                   "\"source\":%s,\"source_sha256\":%s,\"plugin\":%s,\"plugin_sha256\":%s",
                   mig_json_str(a, m->message), v->nchildren ? "false" : "true", v->nchildren > 1 ? "true" : "false",
                   v->nparents > 1 ? "true" : "false", mig_downgrade_word(m->downgrade), mig_json_str(a, m->source),
                   mig_json_str(a, m->source_sha256), mig_json_str(a, mig_plugins_path(p, v->index)),
                   mig_json_str(a, m->plugin_sha256));
}

int mig_json_steps(mig_arena *a, mig_buf *b, const mig_rev *v, const mig_p_step *steps, uint32_t n, uint32_t *bad,
                   const char **why)
{
    mig_buf_putc(b, '[');
    for (uint32_t k = 0; k < n; k++) {
        const mig_p_step *st = &steps[k];
        const char *kind = mig_p_step_kind_name(st->kind);
        *bad = k;
        if (!kind) {
            *why = "unrecognized step kind";
            return -1;
        }
        mig_buf d = MIG_BUF_INIT, y = MIG_BUF_INIT;
        mig_step_describe(&d, st);
        if (st->kind != MIG_S_C && mig_yql_step(&y, st, why) < 0) {
            mig_buf_free(&d);
            mig_buf_free(&y);
            return -1;
        }
        const char *yql = mig_buf_str(&y), *table = st->table ? st->table : st->def ? st->def->path : NULL;
        size_t ylen = strlen(yql);
        while (ylen && yql[ylen - 1] == '\n') ylen--;
        mig_buf_printf(b, "%s{\"step\":%u,\"kind\":\"%s\",\"what\":%s,\"table\":%s,\"source\":%s,", k ? "," : "",
                       (unsigned)k + 1, kind, mig_json_str(a, mig_buf_str(&d)), table ? mig_json_str(a, table) : "null",
                       st->line ? mig_json_str(a, v->m->source) : "null");
        if (st->line) mig_buf_printf(b, "\"line\":%u,", (unsigned)st->line);
        else mig_buf_puts(b, "\"line\":null,");
        mig_buf_printf(b, "\"derived\":%s,\"yql\":%s,\"c_source\":%s}", st->line ? "false" : "true",
                       st->kind == MIG_S_C ? "null" : mig_json_str(a, mig_strndup(a, yql, ylen)),
                       st->kind == MIG_S_C ? mig_json_str(a, st->body) : "null");
        mig_buf_free(&d);
        mig_buf_free(&y);
    }
    mig_buf_putc(b, ']');
    return 0;
}
