/* newrev.c - see newrev.h. */
#include "newrev.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/exitcodes.h"
#include "../grammar/parse.h"
#include "graph.h"
#include "project.h"

#define SLUG_MAX 40

static bool valid_utf8(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n;
        if (*p < 0x80) n = 1;
        else if (*p >= 0xC2 && *p <= 0xDF) n = 2;
        else if (*p >= 0xE0 && *p <= 0xEF) n = 3;
        else if (*p >= 0xF0 && *p <= 0xF4) n = 4;
        else return false;
        for (int i = 1; i < n; i++)
            if ((p[i] & 0xC0) != 0x80) return false;
        if (n == 3 && ((p[0] == 0xE0 && p[1] < 0xA0) || (p[0] == 0xED && p[1] > 0x9F))) return false;
        if (n == 4 && ((p[0] == 0xF0 && p[1] < 0x90) || (p[0] == 0xF4 && p[1] > 0x8F))) return false;
        p += n;
    }
    return true;
}

/* The message as the body of a .mig "string". */
static const char *escape_string(mig_arena *a, const char *s)
{
    size_t n = 0;
    for (const char *c = s; *c; c++) n += 4;
    char *out = mig_alloc(a, n + 1), *q = out;
    for (const unsigned char *c = (const unsigned char *)s; *c; c++) {
        switch (*c) {
        case '"': *q++ = '\\'; *q++ = '"'; break;
        case '\\': *q++ = '\\'; *q++ = '\\'; break;
        case '\n': *q++ = '\\'; *q++ = 'n'; break;
        case '\t': *q++ = '\\'; *q++ = 't'; break;
        case '\r': *q++ = '\\'; *q++ = 'r'; break;
        default:
            if (*c < 0x20 || *c == 0x7F) {
                static const char hex[] = "0123456789ABCDEF";
                *q++ = '\\';
                *q++ = 'x';
                *q++ = hex[*c >> 4];
                *q++ = hex[*c & 15];
            } else *q++ = (char)*c;
        }
    }
    *q = '\0';
    return out;
}

/* The message on one comment line: control characters become spaces. */
static const char *comment_text(mig_arena *a, const char *s)
{
    char *c = mig_strdup(a, s);
    for (char *q = c; *q; q++)
        if ((unsigned char)*q < 0x20 || *q == 0x7F) *q = ' ';
    return c;
}

/* Lowercase ASCII letters and digits; every other run becomes one '_'; trimmed; at most
 * SLUG_MAX characters (and no trailing '_' after the cut). */
static const char *slug_of(mig_arena *a, const char *msg)
{
    char *s = mig_alloc(a, SLUG_MAX + 1);
    size_t n = 0;
    bool gap = false;
    for (const char *c = msg; *c && n < SLUG_MAX; c++) {
        char ch = *c;
        if (ch >= 'A' && ch <= 'Z') ch = (char)(ch - 'A' + 'a');
        if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')) {
            if (gap && n > 0 && n + 1 < SLUG_MAX) s[n++] = '_';
            else if (gap && n > 0) break;
            gap = false;
            s[n++] = ch;
        } else gap = true;
    }
    s[n] = '\0';
    return s;
}

/* 1 + the largest leading-digit number among the file names. */
static unsigned long long next_number(const char **names, size_t n)
{
    unsigned long long best = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned long long v = 0;
        const char *c = names[i];
        if (*c < '0' || *c > '9') continue;
        for (; *c >= '0' && *c <= '9'; c++) v = v > 99999999ull ? v : v * 10 + (unsigned)(*c - '0');
        if (v > best) best = v;
    }
    return best + 1;
}

static bool reserved(const char *s)
{
    return strcmp(s, "head") == 0 || strcmp(s, "heads") == 0 || strcmp(s, "base") == 0;
}

/* Move scratch diagnostics into d. */
static void transfer(mig_diags *d, mig_diags *from)
{
    for (size_t i = 0; i < from->n; i++) {
        mig_diag *g = from->v[i];
        g->seq = (unsigned)d->n;
        MIG_PUSH(d->arena, d->v, d->n, d->cap, g);
    }
    d->nerrors += from->nerrors;
    d->nwarnings += from->nwarnings;
    from->n = 0;
}

static int write_all(int fd, const char *s, size_t n)
{
    while (n) {
        ssize_t w = write(fd, s, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        s += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Write text as `final` without ever replacing an existing file: the text goes to a
 * temporary dotfile in the same directory (which project loading skips), then link(2)
 * gives it its name, failing with EEXIST when the name is taken. */
static int write_new_file(mig_arena *a, mig_diags *d, const char *dir, const char *final, const char *shown,
                          const char *text)
{
    size_t len = strlen(text);
    const char *tmp = NULL;
    int fd = -1;
    for (int k = 0; k < 100 && fd < 0; k++) {
        tmp = mig_printf(a, "%s/.migc-new.%ld.%d.tmp", dir, (long)getpid(), k);
        fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL, 0666);
        if (fd < 0 && errno != EEXIST) break;
    }
    if (fd < 0) {
        mig_report_plain(d, MIG_SEV_ERROR, "could not create a file in \"%s\": %s", dir, strerror(errno));
        return MIG_EXIT_IO;
    }
    if (write_all(fd, text, len) != 0 || fsync(fd) != 0) {
        int e = errno;
        close(fd);
        unlink(tmp);
        mig_report_plain(d, MIG_SEV_ERROR, "could not write \"%s\": %s", shown, strerror(e));
        return MIG_EXIT_IO;
    }
    if (close(fd) != 0) {
        int e = errno;
        unlink(tmp);
        mig_report_plain(d, MIG_SEV_ERROR, "could not write \"%s\": %s", shown, strerror(e));
        return MIG_EXIT_IO;
    }
    int rc = link(tmp, final);
    int e = errno;
    if (rc != 0 && e != EEXIST) {
        /* a file system without hard links: exclusive create instead */
        fd = open(final, O_WRONLY | O_CREAT | O_EXCL, 0666);
        e = errno;
        if (fd >= 0) {
            if (write_all(fd, text, len) != 0 || close(fd) != 0) {
                e = errno;
                unlink(final);
                unlink(tmp);
                mig_report_plain(d, MIG_SEV_ERROR, "could not write \"%s\": %s", shown, strerror(e));
                return MIG_EXIT_IO;
            }
            rc = 0;
        }
    }
    unlink(tmp);
    if (rc != 0) {
        if (e == EEXIST) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "file \"%s\" already exists", shown);
            mig_hint(d, g, "migc never overwrites a file; choose another revision id or move the file away.");
            return MIG_EXIT_FAILURE;
        }
        mig_report_plain(d, MIG_SEV_ERROR, "could not create \"%s\": %s", shown, strerror(e));
        return MIG_EXIT_IO;
    }
    return MIG_EXIT_OK;
}

static const char *join_ids(mig_arena *a, const char **v, size_t n)
{
    char *s = mig_strdup(a, "");
    for (size_t i = 0; i < n; i++) s = mig_printf(a, "%s%s%s", s, i ? ", " : "", v[i]);
    return s;
}

static const char *quoted_list(mig_arena *a, mig_revision *const *v, size_t n)
{
    char *s = mig_strdup(a, "");
    for (size_t i = 0; i < n; i++)
        s = mig_printf(a, "%s%s\"%s\"", s, i == 0 ? "" : i + 1 == n ? " and " : ", ", v[i]->id);
    return s;
}

int mig_new_several_heads(mig_arena *a, mig_diags *d, const mig_project *p, bool head_option)
{
    mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "cannot choose the parent of the new revision: there are %zu heads, %s",
                                   p->nheads, quoted_list(a, p->heads, p->nheads));
    if (head_option) mig_hint(d, g, "Join them with `migc merge -m \"...\"`, or pick one with `--head REV`.");
    else mig_hint(d, g, "Join them with `migc merge -m \"...\"` first.");
    return MIG_EXIT_FAILURE;
}

int mig_new_revision(mig_arena *a, mig_diags *d, const mig_new_opts *o, mig_ydbver target, const char **path)
{
    if (path) *path = NULL;
    const char *dir = o->dir && *o->dir ? o->dir : "migrations";
    const char *msg = o->message;
    bool blank = true;
    for (const char *c = msg; c && *c && blank; c++) blank = *c == ' ' || *c == '\t' || *c == '\n' || *c == '\r';
    if (!msg || blank) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "a new revision needs a message");
        mig_hint(d, g, "Give one with `-m \"message\"`.");
        return MIG_EXIT_USAGE;
    }
    if (!valid_utf8(msg)) {
        mig_report_plain(d, MIG_SEV_ERROR, "the message is not valid UTF-8");
        return MIG_EXIT_USAGE;
    }

    struct stat st;
    if (stat(dir, &st) != 0) {
        if (errno != ENOENT || mkdir(dir, 0777) != 0) {
            mig_report_plain(d, MIG_SEV_ERROR, "could not create directory \"%s\": %s", dir, strerror(errno));
            return MIG_EXIT_IO;
        }
    } else if (!S_ISDIR(st.st_mode)) {
        mig_report_plain(d, MIG_SEV_ERROR, "\"%s\" is not a directory", dir);
        return MIG_EXIT_IO;
    }
    const char **names;
    size_t nnames;
    if (mig_project_scan(a, dir, &names, &nnames) != 0) {
        mig_report_plain(d, MIG_SEV_ERROR, "could not read directory \"%s\": %s", dir, strerror(errno));
        return MIG_EXIT_IO;
    }

    /* Load what is there into scratch diagnostics: the directory's own errors do not
     * stop `new` unless the graph's shape is unknown. */
    mig_project *p = NULL;
    if (nnames > 0) {
        mig_diags sd;
        mig_diags_init(&sd, a);
        p = mig_project_load(a, &sd, dir, target);
        if (!p) {
            transfer(d, &sd);
            return MIG_EXIT_IO;
        }
        mig_graph_build(p);
        if (mig_graph_uncertain(p)) {
            transfer(d, &sd);
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "cannot choose the parent of the new revision");
            mig_detail(d, g, "The revision graph has duplicate ids, cycles or files without a revision header.");
            mig_hint(d, g, "Fix the errors above first.");
            return MIG_EXIT_INVALID;
        }
        if (sd.nerrors) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_WARNING, "the revisions in \"%s\" have %u error%s", dir,
                                           sd.nerrors, sd.nerrors == 1 ? "" : "s");
            mig_hint(d, g, "They do not stop `new`; `migc check` shows them.");
        }
    }
    size_t nrevs = p ? p->nrevs : 0;

    /* --head, or the heads the new revision revises */
    mig_revision **parents = NULL;
    size_t npar = 0, pcap = 0;
    int bad = 0;
    for (size_t i = 0; i < o->nheads; i++) {
        const char *why = NULL;
        mig_revision *r = p ? mig_graph_resolve(p, o->heads[i], &why) : NULL;
        if (!r) {
            if (p && !why && strcmp(o->heads[i], "base") == 0) {
                mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "--head cannot be \"base\"");
                mig_hint(d, g, "A revision that revises base starts a new root; write the file by hand.");
            } else {
                mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "--head \"%s\" names no revision", o->heads[i]);
                mig_detail(d, g, "%s", why ? why : "There are no revisions yet.");
            }
            bad = MIG_EXIT_USAGE;
            continue;
        }
        bool dupl = false;
        for (size_t k = 0; k < npar; k++) dupl |= parents[k] == r;
        if (dupl) continue;
        if (r->nchildren > 0) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_WARNING, "revision \"%s\" is not a head", r->id);
            mig_detail(d, g, "The new revision starts a branch from it, and the project gets another head.");
        }
        MIG_PUSH(a, parents, npar, pcap, r);
    }
    if (bad) return bad;
    if (o->nheads == 0 && p) {
        if (o->merge || p->nheads == 1)
            for (size_t i = 0; i < p->nheads; i++) MIG_PUSH(a, parents, npar, pcap, p->heads[i]);
        else if (p->nheads > 1) return mig_new_several_heads(a, d, p, true);
        else if (nrevs > 0) {
            mig_report_plain(d, MIG_SEV_ERROR, "cannot choose the parent of the new revision: there is no head");
            return MIG_EXIT_INVALID;
        }
    }
    if (o->merge && npar < 2) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "a merge needs at least two heads");
        if (npar == 1) mig_detail(d, g, "The only head is \"%s\".", parents[0]->id);
        else mig_detail(d, g, "There are no revisions yet.");
        return MIG_EXIT_FAILURE;
    }

    /* --depends-on */
    const char **deps = NULL;
    size_t ndeps = 0, dcap = 0;
    for (size_t i = 0; i < o->ndepends; i++) {
        const char *why = NULL;
        mig_revision *r = p ? mig_graph_resolve(p, o->depends[i], &why) : NULL;
        if (!r) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "--depends-on \"%s\" names no revision", o->depends[i]);
            mig_detail(d, g, "%s", why ? why : "There are no revisions yet.");
            bad = MIG_EXIT_USAGE;
            continue;
        }
        bool skip = false;
        for (size_t k = 0; k < npar; k++) skip |= parents[k] == r;
        for (size_t k = 0; k < ndeps; k++) skip |= strcmp(deps[k], r->id) == 0;
        if (!skip) MIG_PUSH(a, deps, ndeps, dcap, r->id);
    }

    /* --label */
    if (o->label) {
        if (!mig_plain_name(o->label) || reserved(o->label)) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "\"%s\" cannot be a label", o->label);
            mig_detail(d, g, "A label is made of ASCII letters, digits and '_', and is not head, heads or base.");
            bad = MIG_EXIT_USAGE;
        } else if (p && mig_graph_find(p, o->label)) {
            mig_report_plain(d, MIG_SEV_ERROR, "label \"%s\" is already a revision id", o->label);
            bad = MIG_EXIT_USAGE;
        } else if (p) {
            for (size_t i = 0; i < p->nrevs && !bad; i++)
                for (size_t k = 0; k < p->revs[i]->nlabels; k++)
                    if (strcmp(p->revs[i]->labels[k], o->label) == 0) {
                        mig_report_plain(d, MIG_SEV_ERROR, "label \"%s\" is already used by revision \"%s\"",
                                         o->label, p->revs[i]->id ? p->revs[i]->id : p->revs[i]->src->path);
                        bad = MIG_EXIT_USAGE;
                        break;
                    }
        }
    }

    /* the id */
    const char *id = o->rev_id;
    if (id) {
        if (!mig_plain_name(id) || reserved(id) || strlen(id) > MIG_MAX_REVID) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "\"%s\" cannot be a revision id", id);
            mig_detail(d, g,
                       "A revision id is made of ASCII letters, digits and '_' (at most %d), and is not head, "
                       "heads or base.",
                       MIG_MAX_REVID);
            bad = MIG_EXIT_USAGE;
        }
    } else {
        const char *slug = slug_of(a, msg);
        unsigned long long num = next_number(names, nnames);
        id = *slug ? mig_printf(a, "%04llu_%s", num, slug) : mig_printf(a, "%04llu", num);
    }
    if (!bad && p && mig_graph_find(p, id)) {
        mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "revision \"%s\" already exists", id);
        mig_hint(d, g, "Choose another revision id.");
        bad = MIG_EXIT_FAILURE;
    }
    if (!bad && o->label && strcmp(o->label, id) == 0) {
        mig_report_plain(d, MIG_SEV_ERROR, "label \"%s\" is the new revision's own id", o->label);
        bad = MIG_EXIT_USAGE;
    }
    if (bad) return bad;

    /* the text */
    const char **pids = mig_alloc(a, (npar ? npar : 1) * sizeof *pids);
    for (size_t i = 0; i < npar; i++) pids[i] = parents[i]->id;
    char *text = mig_printf(a, "-- %s\nrevision %s \"%s\";\nrevises %s;\n", comment_text(a, msg), id,
                            escape_string(a, msg), npar ? join_ids(a, pids, npar) : "base");
    if (ndeps) text = mig_printf(a, "%sdepends_on %s;\n", text, join_ids(a, deps, ndeps));
    if (o->label) text = mig_printf(a, "%slabel %s;\n", text, o->label);
    text = mig_printf(a, "%s%s", text, o->body ? o->body : "\nupgrade <\n>\n");

    const char *fname = mig_printf(a, "%s.mig", id);
    const char *shown = mig_project_path(a, dir, fname);

    /* What we write must read back as exactly this revision (keywords used as ids, say). */
    {
        mig_diags sd;
        mig_diags_init(&sd, a);
        mig_source *src = mig_source_new(a, shown, text, strlen(text), 0);
        mig_file *f = mig_parse(a, &sd, src);
        bool ok = f->nerrors == 0 && f->nheaders >= 1 && f->headers[0]->kind == MIG_HDR_REVISION &&
                  f->headers[0]->id.s && strcmp(f->headers[0]->id.s, id) == 0;
        if (!ok) {
            mig_diag *g = mig_report_plain(d, MIG_SEV_ERROR, "cannot write revision \"%s\"", id);
            mig_detail(d, g, "The file would not read back as written%s%s.", sd.n ? ": " : "",
                       sd.n ? sd.v[0]->msg : "");
            mig_hint(d, g, "A keyword cannot be a revision id or a label; choose another name.");
            return MIG_EXIT_USAGE;
        }
    }

    if (o->out_path && strcmp(o->out_path, "-") == 0) {
        fputs(text, stdout);
        return fflush(stdout) == 0 ? MIG_EXIT_OK : MIG_EXIT_IO;
    }
    const char *final = mig_printf(a, "%s/%s", dir, fname);
    const char *into = dir;
    if (o->out_path) {
        final = shown = o->out_path;
        const char *slash = strrchr(o->out_path, '/');
        into = slash ? mig_strndup(a, o->out_path, (size_t)(slash - o->out_path + 1)) : ".";
    }
    int rc = write_new_file(a, d, into, final, shown, text);
    if (rc == MIG_EXIT_OK && path) *path = shown;
    return rc;
}
