/* project.c - reading a directory of .mig files and checking each file's headers.
 *
 * Only per-file rules live here (one revision header, one revises, at most one
 * depends_on, labels, one upgrade, at most one downgrade, headers before sections).
 * Everything that needs more than one file (names that resolve, cycles, heads) is
 * graph.c's business.
 */
#include "project.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../grammar/parse.h"

bool mig_plain_name(const char *s)
{
    if (!s || !*s) return false;
    for (; *s; s++) {
        char c = *s;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

const char *mig_project_path(mig_arena *a, const char *dir, const char *file)
{
    if (!dir || !*dir || strcmp(dir, ".") == 0 || strcmp(dir, "./") == 0) return mig_strdup(a, file);
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    if (n == 1 && dir[0] == '/') return mig_printf(a, "/%s", file);
    return mig_printf(a, "%.*s/%s", (int)n, dir, file);
}

static int cmp_names(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

int mig_project_scan(mig_arena *a, const char *dir, const char ***names, size_t *n)
{
    *names = NULL;
    *n = 0;
    DIR *dp = opendir(dir);
    if (!dp) return -1;
    const char **v = NULL;
    size_t len = 0, cap = 0;
    struct dirent *e;
    errno = 0;
    while ((e = readdir(dp)) != NULL) {
        const char *nm = e->d_name;
        size_t l = strlen(nm);
        if (nm[0] == '.' || l <= 4 || strcmp(nm + l - 4, ".mig") != 0) continue;
        MIG_PUSH(a, v, len, cap, mig_strdup(a, nm));
    }
    int err = errno;
    closedir(dp);
    if (err) {
        errno = err;
        return -1;
    }
    if (len) qsort(v, len, sizeof *v, cmp_names);
    *names = v;
    *n = len;
    return 0;
}

/* Read the whole file into a heap buffer. Returns 0, or -1 after reporting. */
static int read_file(mig_diags *d, const char *path, char **text, size_t *len)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        mig_report_plain(d, MIG_SEV_ERROR, "could not open \"%s\": %s", path, strerror(errno));
        return -1;
    }
    struct stat st;
    if (fstat(fd, &st) != 0) {
        mig_report_plain(d, MIG_SEV_ERROR, "could not read \"%s\": %s", path, strerror(errno));
        close(fd);
        return -1;
    }
    if (S_ISDIR(st.st_mode)) {
        mig_report_plain(d, MIG_SEV_ERROR, "\"%s\" is a directory, not a .mig file", path);
        close(fd);
        return -1;
    }
    if (S_ISREG(st.st_mode) && (unsigned long long)st.st_size > MIG_MAX_FILE_SIZE) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "file \"%s\" is too large (%llu bytes)", path,
                                       (unsigned long long)st.st_size);
        mig_hint(d, g, "A .mig file may hold at most 16 MiB; split the revision.");
        close(fd);
        return -1;
    }
    /* Read to end of file even when the size changed since fstat (or is not known). */
    size_t cap = S_ISREG(st.st_mode) ? (size_t)st.st_size + 1 : 4096, n = 0;
    char *buf = mig_xmalloc(cap);
    for (;;) {
        if (n == cap) {
            if (cap > MIG_MAX_FILE_SIZE) break;
            cap *= 2;
            buf = mig_xrealloc(buf, cap);
        }
        ssize_t r = read(fd, buf + n, cap - n);
        if (r < 0) {
            if (errno == EINTR) continue;
            mig_report_plain(d, MIG_SEV_ERROR, "could not read \"%s\": %s", path, strerror(errno));
            free(buf);
            close(fd);
            return -1;
        }
        if (r == 0) break;
        n += (size_t)r;
    }
    close(fd);
    if (n > MIG_MAX_FILE_SIZE) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "file \"%s\" is too large (more than 16 MiB)", path);
        mig_hint(d, g, "A .mig file may hold at most 16 MiB; split the revision.");
        free(buf);
        return -1;
    }
    *text = buf; /* heap: mig_source_new copies it into the arena */
    *len = n;
    return 0;
}

/* The first character of the file. (Not an empty span: common/diag.c prints the first
 * character of the line twice for an empty span at the start of a non-empty line.) */
static mig_loc file_start(const mig_source *src)
{
    mig_loc l = {0, 0};
    if (src->len > 0 && src->text[0] != '\n' && src->text[0] != '\r') {
        l.end = 1;
        while (l.end < src->len && ((unsigned char)src->text[l.end] & 0xC0) == 0x80) l.end++;
    }
    return l;
}

/* The file name without directory and ".mig", if it is a plain name; for hints. */
static const char *stem_of(mig_arena *a, const char *name)
{
    size_t l = strlen(name);
    if (l > 4 && strcmp(name + l - 4, ".mig") == 0) l -= 4;
    char *s = mig_strndup(a, name, l);
    return mig_plain_name(s) ? s : NULL;
}

static void duplicate(mig_diags *d, const mig_source *src, mig_loc at, mig_loc first, const char *what)
{
    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "duplicate %s", what);
    mig_note(d, g, src, first, "the first %s is here", what);
}

static bool reserved_word(const char *s)
{
    return strcmp(s, "head") == 0 || strcmp(s, "heads") == 0 || strcmp(s, "base") == 0;
}

/* Turn one parsed file into a revision, reporting every per-file rule it breaks. */
static mig_revision *make_revision(mig_arena *a, mig_diags *d, mig_file *f, const char *fname)
{
    const mig_source *src = f->src;
    mig_revision *r = mig_alloc(a, sizeof *r);
    r->src = src;
    r->file = f;
    unsigned before = d->nerrors;
    bool syntax = f->nerrors > 0;
    const mig_section *first_sec = f->nsections ? f->sections[0] : NULL;
    size_t lcap = 0;

    for (size_t i = 0; i < f->nheaders; i++) {
        const mig_header *h = f->headers[i];
        if (first_sec && h->loc.start > first_sec->loc.start) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, h->kw_loc,
                                     "revision headers come before upgrade and downgrade");
            mig_hint(d, g, "Move this header above the %s section.",
                     first_sec->kind == MIG_SEC_UPGRADE ? "upgrade" : "downgrade");
        }
        switch (h->kind) {
        case MIG_HDR_REVISION:
            if (r->h_revision) {
                duplicate(d, src, h->kw_loc, r->h_revision->kw_loc, "revision header");
                break;
            }
            r->h_revision = h;
            r->id = h->id.s;
            r->id_loc = h->id.loc;
            r->message = h->message;
            if (r->id && strlen(r->id) > MIG_MAX_REVID) {
                mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, h->id.loc,
                                         "revision id is too long (%zu characters)", strlen(r->id));
                mig_detail(d, g, "A revision id has at most %d characters.", MIG_MAX_REVID);
            } else if (r->id && reserved_word(r->id)) {
                mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, h->id.loc,
                                         "\"%s\" cannot be a revision id", r->id);
                mig_detail(d, g, "The words head, heads and base name revisions on the command line.");
            }
            break;
        case MIG_HDR_REVISES:
            if (r->h_revises) {
                duplicate(d, src, h->kw_loc, r->h_revises->kw_loc, "revises header");
                break;
            }
            r->h_revises = h;
            for (size_t j = 0; j < h->names.n; j++)
                for (size_t k = 0; k < j; k++)
                    if (strcmp(h->names.v[j].s, h->names.v[k].s) == 0) {
                        mig_report(d, MIG_SEV_ERROR, src, h->names.v[j].loc,
                                   "revision \"%s\" is named twice in revises", h->names.v[j].s);
                        break;
                    }
            break;
        case MIG_HDR_DEPENDS_ON:
            if (r->h_depends) {
                duplicate(d, src, h->kw_loc, r->h_depends->kw_loc, "depends_on header");
                break;
            }
            r->h_depends = h;
            if (h->is_base) {
                mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, h->names.loc, "depends_on cannot name base");
                mig_hint(d, g, "Remove the header: every revision comes after base.");
            }
            for (size_t j = 0; j < h->names.n; j++)
                for (size_t k = 0; k < j; k++)
                    if (strcmp(h->names.v[j].s, h->names.v[k].s) == 0) {
                        mig_report(d, MIG_SEV_ERROR, src, h->names.v[j].loc,
                                   "revision \"%s\" is named twice in depends_on", h->names.v[j].s);
                        break;
                    }
            break;
        case MIG_HDR_LABEL:
            if (!r->h_label) r->h_label = h;
            for (size_t j = 0; j < h->names.n; j++) {
                const mig_name *nm = &h->names.v[j];
                if (!mig_plain_name(nm->s)) {
                    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, nm->loc, "label \"%s\" is not a plain name",
                                             nm->s);
                    mig_detail(d, g, "A label is made of ASCII letters, digits and '_', like a revision id.");
                    continue;
                }
                if (reserved_word(nm->s)) {
                    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, nm->loc, "\"%s\" cannot be a label", nm->s);
                    mig_detail(d, g, "The words head, heads and base name revisions on the command line.");
                    continue;
                }
                /* an earlier occurrence in this file? */
                const mig_name *prev = NULL;
                for (size_t hi = 0; hi <= i && !prev; hi++) {
                    const mig_header *ph = f->headers[hi];
                    if (ph->kind != MIG_HDR_LABEL) continue;
                    size_t lim = hi == i ? j : ph->names.n;
                    for (size_t k = 0; k < lim; k++)
                        if (strcmp(ph->names.v[k].s, nm->s) == 0) {
                            prev = &ph->names.v[k];
                            break;
                        }
                }
                if (prev) {
                    mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, nm->loc, "duplicate label \"%s\"", nm->s);
                    mig_note(d, g, src, prev->loc, "the first label \"%s\" is here", nm->s);
                    continue;
                }
                MIG_PUSH(a, r->labels, r->nlabels, lcap, nm->s);
            }
            break;
        }
    }

    const mig_section *dg = NULL;
    for (size_t i = 0; i < f->nsections; i++) {
        const mig_section *s = f->sections[i];
        if (s->kind == MIG_SEC_UPGRADE) {
            if (r->upgrade) duplicate(d, src, s->kw_loc, r->upgrade->kw_loc, "upgrade section");
            else r->upgrade = s;
            continue;
        }
        if (dg) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, s->kw_loc, "duplicate downgrade section");
            if (dg->kind != s->kind)
                mig_detail(d, g, "`downgrade irreversible;` says there is no way back; it cannot be combined "
                                 "with `downgrade < ... >`.");
            mig_note(d, g, src, dg->kw_loc, "the first downgrade section is here");
            continue;
        }
        dg = s;
        if (s->kind == MIG_SEC_DOWNGRADE) r->downgrade = s;
        else r->irreversible = true;
    }

    /* What is missing. After a syntax error the parser may have skipped the very header
     * or section that seems to be missing, so these are only reported for clean files. */
    if (!syntax) {
        mig_loc at = r->h_revision ? r->h_revision->kw_loc : file_start(src);
        if (!r->h_revision) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, file_start(src), "missing revision header");
            const char *stem = stem_of(a, fname);
            mig_hint(d, g, "A .mig file starts with `revision %s \"message\";`.", stem ? stem : "ID");
        }
        if (!r->h_revises) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "missing revises header");
            mig_hint(d, g, "Name the parent with `revises ID;`, or write `revises base;` for a first revision.");
        }
        if (!r->upgrade) {
            mig_diag *g = mig_report(d, MIG_SEV_ERROR, src, at, "missing upgrade section");
            mig_hint(d, g, "Write the revision's steps in `upgrade < ... >` after the headers.");
        }
    }
    r->broken = syntax || d->nerrors != before;
    return r;
}

mig_project *mig_project_load(mig_arena *a, mig_diags *d, const char *dir, mig_ydbver target)
{
    const char **names;
    size_t n;
    if (mig_project_scan(a, dir, &names, &n) != 0) {
        int e = errno;
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "could not read directory \"%s\": %s", dir, strerror(e));
        if (e == ENOENT)
            mig_hint(d, g, "Name the directory of your .mig files (`migc check DIR`), set `source` in mig.ini, or start one with `migc new -m \"message\"`.");
        return NULL;
    }
    mig_project *p = mig_alloc(a, sizeof *p);
    p->arena = a;
    p->diags = d;
    p->dir = mig_strdup(a, dir);
    p->target = target;
    if (n == 0) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "no .mig files in \"%s\"", dir);
        mig_hint(d, g, "Create one with `migc new -m \"message\"`.");
        return p;
    }
    p->revs = mig_alloc(a, n * sizeof *p->revs);
    for (size_t i = 0; i < n; i++) {
        /* open by the real path; show the tidy one */
        const char *shown = mig_project_path(a, dir, names[i]);
        const char *real = mig_printf(a, "%s/%s", dir, names[i]);
        char *text;
        size_t len;
        if (read_file(d, real, &text, &len) != 0) continue; /* not part of the graph */
        mig_source *src = mig_source_new(a, shown, text, len, (unsigned)p->nrevs);
        free(text);
        mig_file *f = mig_parse(a, d, src);
        p->revs[p->nrevs++] = make_revision(a, d, f, names[i]);
    }
    return p;
}
