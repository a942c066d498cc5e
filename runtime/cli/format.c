/* format.c - revisions and steps as text: the listing lines, the verbose header, and
 * each step's comment and YQL (show, upgrade --sql). */
#include "cli.h"

#include <string.h>

#include "../../common/exitcodes.h"
#include "../revjson.h"
#include "../yql.h"

/* ---- formatting revisions ---- */

/* Text on one line: newlines become spaces (messages in comments and list lines). */
void cli_put_line_text(mig_buf *b, const char *s)
{
    for (; s && *s; s++) mig_buf_putc(b, *s == '\n' || *s == '\r' ? ' ' : *s);
}

static void put_ids(mig_buf *b, mig_rev *const *v, size_t n)
{
    for (size_t i = 0; i < n; i++) mig_buf_printf(b, "%s%s", i ? ", " : "", v[i]->m->id);
}

/* " (label) (head) (branchpoint) (mergepoint)" */
void cli_put_marks(mig_buf *b, const mig_rev *v)
{
    for (size_t i = 0; i < v->m->nlabels; i++) mig_buf_printf(b, " (%s)", v->m->labels[i]);
    if (!v->nchildren) mig_buf_puts(b, " (head)");
    if (v->nchildren > 1) mig_buf_puts(b, " (branchpoint)");
    if (v->nparents > 1) mig_buf_puts(b, " (mergepoint)");
}

void cli_put_message_tail(mig_buf *b, const mig_rev *v)
{
    if (v->m->message && *v->m->message) {
        mig_buf_puts(b, ", ");
        cli_put_line_text(b, v->m->message);
    }
    mig_buf_putc(b, '\n');
}

/* Alembic's history line: "PARENTS -> ID (marks), message". */
void cli_put_history_line(mig_buf *b, const mig_rev *v)
{
    if (!v->nparents) mig_buf_puts(b, "<base>");
    else if (v->nparents == 1) mig_buf_puts(b, v->parents[0]->m->id);
    else {
        mig_buf_putc(b, '(');
        put_ids(b, v->parents, v->nparents);
        mig_buf_putc(b, ')');
    }
    mig_buf_printf(b, " -> %s", v->m->id);
    cli_put_marks(b, v);
    cli_put_message_tail(b, v);
}

void cli_put_verbose(mig_buf *b, const mig_plugins *p, const mig_rev *v)
{
    const mig_manifest_rev *m = v->m;
    mig_buf_printf(b, "Rev: %s", m->id);
    cli_put_marks(b, v);
    mig_buf_putc(b, '\n');
    if (v->nparents > 1) {
        mig_buf_puts(b, "Merges: ");
        put_ids(b, v->parents, v->nparents);
        mig_buf_putc(b, '\n');
    } else {
        mig_buf_printf(b, "Parent: %s\n", v->nparents ? v->parents[0]->m->id : "<base>");
    }
    if (v->nchildren > 1) {
        mig_buf_puts(b, "Branches into: ");
        put_ids(b, v->children, v->nchildren);
        mig_buf_putc(b, '\n');
    }
    if (v->ndepends) {
        mig_buf_puts(b, "Depends on: ");
        put_ids(b, v->depends, v->ndepends);
        mig_buf_putc(b, '\n');
    }
    if (m->nlabels) {
        mig_buf_puts(b, "Branch names: ");
        for (size_t i = 0; i < m->nlabels; i++) mig_buf_printf(b, "%s%s", i ? ", " : "", m->labels[i]);
        mig_buf_putc(b, '\n');
    }
    mig_buf_puts(b, "Source: ");
    cli_put_line_text(b, m->source);
    mig_buf_printf(b, "\nSource SHA-256: %s\nPlugin: %s\nPlugin SHA-256: %s\nDowngrade: %s\n\n", m->source_sha256,
                   mig_plugins_path(p, v->index), m->plugin_sha256, mig_downgrade_word(m->downgrade));
    const char *msg = m->message && *m->message ? m->message : "(no message)";
    mig_buf_put_lines(b, "    ", msg);
}

static void describe(mig_buf *b, const mig_p_step *st) { mig_step_describe(b, st); }

int cli_render_failed(run *r, const mig_rev *v, uint32_t k, const char *why, mig_rt_error *e)
{
    e->code = MIG_RT_RENDER;
    e->message = mig_printf(r->a, "cannot render step %u of revision \"%s\": %s", (unsigned)k + 1, v->m->id,
                            why ? why : "unrecognized step");
    e->detail = NULL;
    e->hint = "The plugin may come from a newer migc than this migrun; use a migrun of the same release.";
    return -1;
}

/* "-- step K/N: DESCRIPTION (SOURCE:LINE)" then the statement; a c step has only its
 * comment (and, with show_c, its source as comment lines). */
int cli_put_steps(run *r, mig_buf *b, const mig_rev *v, const mig_p_step *steps, uint32_t n, bool show_c,
                     mig_rt_error *e)
{
    for (uint32_t k = 0; k < n; k++) {
        const mig_p_step *st = &steps[k];
        mig_buf_printf(b, "-- step %u/%u: ", (unsigned)k + 1, (unsigned)n);
        mig_buf d = MIG_BUF_INIT;
        describe(&d, st);
        cli_put_line_text(b, mig_buf_str(&d));
        mig_buf_free(&d);
        if (st->line) {
            mig_buf_puts(b, " (");
            cli_put_line_text(b, v->m->source);
            mig_buf_printf(b, ":%u)\n", (unsigned)st->line);
        } else {
            mig_buf_puts(b, " (derived)\n");
        }
        if (st->kind == MIG_S_C) {
            mig_buf_puts(b, "-- a c step: it runs natively, there is no YQL to show\n");
            mig_buf_put_lines(b, "--   ", show_c ? st->body : NULL);
            mig_buf_putc(b, '\n');
            continue;
        }
        const char *why = NULL;
        if (mig_yql_step(b, st, &why) < 0) return cli_render_failed(r, v, k, why, e);
        mig_buf_putc(b, '\n');
    }
    return 0;
}

int cli_finish_listing(run *r, mig_plugins *p, mig_buf *b)
{
    fputs(mig_buf_str(b), r->out);
    mig_buf_free(b);
    mig_plugins_close(p);
    return MIG_EXIT_OK;
}
