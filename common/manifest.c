/* manifest.c - see manifest.h and docs/plugin-abi.md (format version 1).
 *
 * The reader is strict: every line is a comment, a known key in the right place, or an
 * error naming the file and line. It also checks what the runtime relies on: ids and
 * file names are well formed, checksums are 64 hex digits, an id appears once, and
 * every parent and depends_on names a revision that came earlier in the file.
 */
#include "manifest.h"
#include "strmap.h"

#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "buf.h"
#include "mig/plugin.h"

#define MAX_ID 64

typedef struct reader {
    mig_arena *a;
    const char *path;
    unsigned line;
    const char **err;
    mig_strmap ids, labels, files; /* of the revisions read so far: name -> index */
} reader;

static int fail(reader *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(reader *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *msg = mig_vprintf(r->a, fmt, ap);
    va_end(ap);
    if (r->line) *r->err = mig_printf(r->a, "%s:%u: %s", r->path, r->line, msg);
    else *r->err = mig_printf(r->a, "%s: %s", r->path, msg);
    return -1;
}

static bool valid_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char c = s[n];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_')) return false;
    }
    return n > 0 && n <= MAX_ID;
}

/* 64 lower-case hex digits. Without a branch per digit: digits and letters alternate at
 * random, and mispredicting them cost more than the rest of reading a manifest. */
static bool valid_sha(const char *s)
{
    if (strlen(s) != 64) return false;
    unsigned bad = 0;
    for (size_t i = 0; i < 64; i++) {
        unsigned c = (unsigned char)s[i];
        bad |= (c - '0' > 9u) & (c - 'a' > 5u);
    }
    return !bad;
}

/* A plugin file name: one path component, no leading dot, no control characters. */
static bool valid_file(const char *s)
{
    if (!*s || *s == '.') return false;
    for (; *s; s++)
        if (*s == '/' || (unsigned char)*s < 0x20) return false;
    return true;
}

/* Undo the escapes of free text in place (\\, \n and \r; the text only shrinks). NULL
 * on an unknown escape. */
static char *unescape(reader *r, char *s)
{
    size_t n = strlen(s);
    char *o = s, *p = o;
    for (size_t i = 0; i < n; i++) {
        if (s[i] != '\\') {
            *p++ = s[i];
            continue;
        }
        char c = s[++i];
        if (c == '\\') *p++ = '\\';
        else if (c == 'n') *p++ = '\n';
        else if (c == 'r') *p++ = '\r';
        else {
            if (c) fail(r, "unrecognized escape \"\\%c\" (only \\\\, \\n and \\r are escapes)", c);
            else fail(r, "a backslash ends the line (write \\\\ for a backslash)");
            return NULL;
        }
    }
    *p = '\0';
    return o;
}

/* A space-separated list of ids, or "-" for none; v is split in place. */
static int read_list(reader *r, const char *key, char *v, const char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (strcmp(v, "-") == 0) return 0;
    size_t cap = 0;
    char *p = v;
    while (*p) {
        char *sp = strchr(p, ' ');
        if (sp) *sp = '\0';
        const char *item = p;
        if (!valid_id(item))
            return fail(r, "\"%s\" in %s is not a revision id (letters, digits and _, at most %d)", item, key, MAX_ID);
        for (size_t i = 0; i < *n; i++)
            if (strcmp((*out)[i], item) == 0) return fail(r, "%s names \"%s\" twice", key, item);
        MIG_PUSH(r->a, *out, *n, cap, item);
        if (!sp) break;
        p = sp + 1;
        if (!*p) return fail(r, "%s ends with a space", key);
    }
    return 0;
}

static int downgrade_kind(const char *v)
{
    if (strcmp(v, "written") == 0) return MIG_DOWN_WRITTEN;
    if (strcmp(v, "derived") == 0) return MIG_DOWN_DERIVED;
    if (strcmp(v, "irreversible") == 0) return MIG_DOWN_IRREVERSIBLE;
    return 0;
}

enum { F_FILE = 1, F_SOURCE = 2, F_SSHA = 4, F_PSHA = 8, F_PARENTS = 16, F_DEPENDS = 32, F_LABELS = 64,
       F_DOWN = 128, F_MESSAGE = 256 };
#define F_REQUIRED (F_FILE | F_SOURCE | F_SSHA | F_PSHA | F_PARENTS | F_DEPENDS | F_LABELS | F_DOWN)

static const struct { const char *key; unsigned flag; } rev_keys[] = {
    {"file", F_FILE}, {"source", F_SOURCE}, {"source-sha256", F_SSHA}, {"plugin-sha256", F_PSHA},
    {"parents", F_PARENTS}, {"depends", F_DEPENDS}, {"labels", F_LABELS}, {"downgrade", F_DOWN},
    {"message", F_MESSAGE},
};

/* The flag of a revision key, 0 for none: one comparison per line, not one per key. */
static unsigned rev_key_flag(const char *key)
{
    size_t i;
    switch (key[0]) {
    case 'f': i = 0; break;
    case 's': i = strcmp(key, "source") == 0 ? 1 : 2; break;
    case 'p': i = key[1] == 'l' ? 3 : 4; break;
    case 'd': i = key[1] == 'e' ? 5 : 7; break;
    case 'l': i = 6; break;
    case 'm': i = 8; break;
    default: return 0;
    }
    return strcmp(rev_keys[i].key, key) == 0 ? rev_keys[i].flag : 0;
}

static const char *missing_key(unsigned have)
{
    for (size_t i = 0; i < sizeof rev_keys / sizeof rev_keys[0]; i++)
        if ((F_REQUIRED & rev_keys[i].flag) && !(have & rev_keys[i].flag)) return rev_keys[i].key;
    return "?";
}


/* Parents, depends_on and labels of the revision just closed, against those before it. */
static int check_closed(reader *r, mig_manifest *m)
{
    size_t k = m->nrevs - 1;
    mig_manifest_rev *v = &m->revs[k];
    for (size_t i = 0; i < v->nparents; i++) {
        if (strcmp(v->parents[i], v->id) == 0) return fail(r, "revision \"%s\" names itself as a parent", v->id);
        if (mig_strmap_get(&r->ids, v->parents[i]) < 0)
            return fail(r, "revision \"%s\" revises \"%s\", which is not listed before it", v->id, v->parents[i]);
    }
    for (size_t i = 0; i < v->ndepends; i++) {
        if (strcmp(v->depends[i], v->id) == 0) return fail(r, "revision \"%s\" depends on itself", v->id);
        if (mig_strmap_get(&r->ids, v->depends[i]) < 0)
            return fail(r, "revision \"%s\" depends on \"%s\", which is not listed before it", v->id, v->depends[i]);
    }
    int j;
    if (mig_strmap_get(&r->ids, v->id) >= 0) return fail(r, "revision \"%s\" is listed twice", v->id);
    if ((j = mig_strmap_get(&r->labels, v->id)) >= 0)
        return fail(r, "revision id \"%s\" is also a label of \"%s\"", v->id, m->revs[j].id);
    if ((j = mig_strmap_get(&r->files, v->file)) >= 0)
        return fail(r, "revisions \"%s\" and \"%s\" have the same file \"%s\"", m->revs[j].id, v->id, v->file);
    for (size_t i = 0; i < v->nlabels; i++) {
        if (mig_strmap_get(&r->ids, v->labels[i]) >= 0 || strcmp(v->labels[i], v->id) == 0)
            return fail(r, "label \"%s\" of revision \"%s\" is also a revision id", v->labels[i], v->id);
        if ((j = mig_strmap_get(&r->labels, v->labels[i])) >= 0)
            return fail(r, "label \"%s\" is on both \"%s\" and \"%s\"", v->labels[i], m->revs[j].id, v->id);
        mig_strmap_put(r->a, &r->labels, v->labels[i], (int)k);
    }
    mig_strmap_put(r->a, &r->ids, v->id, (int)k);
    mig_strmap_put(r->a, &r->files, v->file, (int)k);
    return 0;
}

static int parse(reader *r, char *text, size_t len, mig_manifest *m)
{
    enum { S_START, S_HEADER, S_REV } st = S_START;
    size_t cap = 0;
    unsigned have = 0;
    mig_manifest_rev *cur = NULL;
    unsigned rev_line = 0;
    char *p = text, *end = text + len;
    r->line = 0;
    /* One allocation for the revisions: count the lines that start one. */
    size_t expect = 0;
    for (char *q = p; q && q < end; q = memchr(q, '\n', (size_t)(end - q)), q = q ? q + 1 : NULL)
        expect += (size_t)(end - q) > 4 && memcmp(q, "rev ", 4) == 0;
    if (expect) m->revs = mig_grow(r->a, NULL, sizeof *m->revs, &cap, expect);
    while (p < end) {
        char *nl = memchr(p, '\n', (size_t)(end - p));
        char *eol = nl ? nl : end;
        r->line++;
        if (memchr(p, '\0', (size_t)(eol - p))) return fail(r, "the line holds a NUL byte");
        *eol = '\0';
        char *line = p;
        p = nl ? nl + 1 : end;
        if (line[0] == '#') continue;
        if (line[0] == '\0') return fail(r, "empty line (only comments, starting with #, may be added)");
        if (strcmp(line, "end") == 0) {
            if (st != S_REV) return fail(r, "\"end\" without a revision to close");
            if ((have & F_REQUIRED) != F_REQUIRED)
                return fail(r, "revision \"%s\" (line %u) has no \"%s\" line", cur->id, rev_line, missing_key(have));
            if (check_closed(r, m)) return -1;
            st = S_HEADER;
            cur = NULL;
            continue;
        }
        char *sp = strchr(line, ' ');
        if (!sp) return fail(r, "\"%s\" has no value (expected KEY VALUE)", line);
        *sp = '\0';
        const char *key = line;
        char *v = unescape(r, sp + 1);
        if (!v) return -1;
        if (st == S_START) {
            if (strcmp(key, "migc-manifest") != 0)
                return fail(r, "not a migc manifest: the first line must be \"migc-manifest %d\"", MIG_MANIFEST_VERSION);
            char *e;
            errno = 0;
            long ver = strtol(v, &e, 10);
            if (e == v || *e || errno || ver < 1) return fail(r, "\"%s\" is not a manifest version", v);
            if (ver > MIG_MANIFEST_VERSION)
                return fail(r, "manifest version %ld is newer than this migrun reads (%d); use a migrun as new as the "
                               "migc that wrote it",
                            ver, MIG_MANIFEST_VERSION);
            st = S_HEADER;
            continue;
        }
        if (strcmp(key, "rev") == 0) {
            if (st == S_REV)
                return fail(r, "revision \"%s\" (line %u) is not closed with \"end\" before the next rev", cur->id, rev_line);
            if (!valid_id(v)) return fail(r, "\"%s\" is not a revision id (letters, digits and _, at most %d)", v, MAX_ID);
            if (mig_strmap_get(&r->ids, v) >= 0) return fail(r, "revision \"%s\" is listed twice", v);
            mig_manifest_rev nr;
            memset(&nr, 0, sizeof nr);
            nr.id = v;
            MIG_PUSH(r->a, m->revs, m->nrevs, cap, nr);
            cur = &m->revs[m->nrevs - 1];
            have = 0;
            rev_line = r->line;
            st = S_REV;
            continue;
        }
        if (st == S_HEADER) {
            const char **slot = strcmp(key, "migc") == 0 ? &m->migc_version
                                : strcmp(key, "target-ydb") == 0 ? &m->target_ydb : NULL;
            if (!slot) return fail(r, "unrecognized key \"%s\" outside a revision (a revision starts with \"rev ID\")", key);
            if (m->nrevs) return fail(r, "\"%s\" after the first revision (it belongs to the header)", key);
            if (*slot) return fail(r, "\"%s\" is given twice", key);
            *slot = v;
            continue;
        }
        unsigned flag = rev_key_flag(key);
        if (!flag) return fail(r, "unrecognized key \"%s\" in revision \"%s\"", key, cur->id);
        if (have & flag) return fail(r, "\"%s\" is given twice in revision \"%s\"", key, cur->id);
        have |= flag;
        switch (flag) {
        case F_FILE:
            if (!valid_file(v)) return fail(r, "\"%s\" is not a plugin file name (one name, no slash)", v);
            cur->file = v;
            break;
        case F_SOURCE: cur->source = v; break;
        case F_SSHA:
        case F_PSHA:
            if (!valid_sha(v)) return fail(r, "%s \"%s\" is not 64 lower-case hex digits", key, v);
            if (flag == F_SSHA) cur->source_sha256 = v;
            else cur->plugin_sha256 = v;
            break;
        case F_PARENTS:
            if (read_list(r, key, v, &cur->parents, &cur->nparents)) return -1;
            break;
        case F_DEPENDS:
            if (read_list(r, key, v, &cur->depends, &cur->ndepends)) return -1;
            break;
        case F_LABELS:
            if (read_list(r, key, v, &cur->labels, &cur->nlabels)) return -1;
            break;
        case F_DOWN:
            cur->downgrade = downgrade_kind(v);
            if (!cur->downgrade) return fail(r, "downgrade \"%s\" is not written, derived or irreversible", v);
            break;
        default: cur->message = v; break;
        }
    }
    if (st == S_START) {
        r->line = 0;
        return fail(r, "empty file, not a migc manifest");
    }
    if (st == S_REV) {
        r->line++;
        return fail(r, "the file ends inside revision \"%s\" (line %u): no \"end\" line; was the build interrupted?",
                    cur->id, rev_line);
    }
    return 0;
}

int mig_manifest_read(mig_arena *a, const char *path, mig_manifest *m, const char **err)
{
    reader r = {.a = a, .path = path, .line = 0, .err = err};
    memset(m, 0, sizeof *m);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return fail(&r, "cannot open: %s", strerror(errno));
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        return fail(&r, "cannot read: %s", strerror(e));
    }
    if (!S_ISREG(st.st_mode)) {
        close(fd);
        return fail(&r, "cannot read: not a regular file");
    }
    /* Straight into the arena: the revisions' strings point into this text. */
    size_t cap = (size_t)st.st_size, len = 0;
    char *text = mig_alloc(a, cap + 2);
    int rerr = 0;
    for (;;) {
        ssize_t got = read(fd, text + len, cap + 1 - len);
        if (got < 0 && errno == EINTR) continue;
        if (got < 0) rerr = errno;
        if (got <= 0) break;
        len += (size_t)got;
        if (len > cap) break;
    }
    close(fd);
    if (rerr) return fail(&r, "cannot read: %s", strerror(rerr));
    if (len > cap) return fail(&r, "the file grew while it was read; is `migc build` writing it now?");
    text[len] = '\0';
    return parse(&r, text, len, m);
}

int mig_manifest_parse(mig_arena *a, const char *name, const char *data, size_t len, mig_manifest *m, const char **err)
{
    reader r = {.a = a, .path = name, .line = 0, .err = err};
    memset(m, 0, sizeof *m);
    char *text = mig_alloc(a, len + 1);
    if (len) memcpy(text, data, len);
    return parse(&r, text, len, m);
}

/* ---- writing ---- */

static void put_text(mig_buf *b, const char *s)
{
    for (; *s; s++) {
        if (*s == '\\') mig_buf_puts(b, "\\\\");
        else if (*s == '\n') mig_buf_puts(b, "\\n");
        else if (*s == '\r') mig_buf_puts(b, "\\r");
        else mig_buf_putc(b, *s);
    }
}

static void put_list(mig_buf *b, const char *key, const char *const *v, size_t n)
{
    mig_buf_printf(b, "%s ", key);
    if (!n) mig_buf_putc(b, '-');
    for (size_t i = 0; i < n; i++) {
        if (i) mig_buf_putc(b, ' ');
        mig_buf_puts(b, v[i]);
    }
    mig_buf_putc(b, '\n');
}

static const char *downgrade_name(int k)
{
    return k == MIG_DOWN_WRITTEN ? "written" : k == MIG_DOWN_DERIVED ? "derived" : k == MIG_DOWN_IRREVERSIBLE ? "irreversible" : NULL;
}

/* The writer refuses what the reader would refuse, so a written manifest always reads. */
static int check_writable(reader *r, const mig_manifest *m)
{
    mig_strmap ids;
    mig_strmap_init(r->a, &ids, m->nrevs);
    for (size_t i = 0; i < m->nrevs; i++) {
        const mig_manifest_rev *v = &m->revs[i];
        if (!v->id || !valid_id(v->id)) return fail(r, "revision %zu has no valid id", i + 1);
        if (!v->file || !valid_file(v->file)) return fail(r, "revision \"%s\" has no valid file name", v->id);
        if (!v->source_sha256 || !valid_sha(v->source_sha256) || !v->plugin_sha256 || !valid_sha(v->plugin_sha256))
            return fail(r, "revision \"%s\" lacks a checksum of 64 lower-case hex digits", v->id);
        if (!downgrade_name(v->downgrade)) return fail(r, "revision \"%s\" has no downgrade kind", v->id);
        const char *const *lists[3] = {v->parents, v->depends, v->labels};
        size_t ns[3] = {v->nparents, v->ndepends, v->nlabels};
        for (int l = 0; l < 3; l++)
            for (size_t k = 0; k < ns[l]; k++)
                if (!lists[l][k] || !valid_id(lists[l][k])) return fail(r, "revision \"%s\" lists an invalid name", v->id);
        for (size_t k = 0; k < v->nparents + v->ndepends; k++) {
            const char *dep = k < v->nparents ? v->parents[k] : v->depends[k - v->nparents];
            if (mig_strmap_get(&ids, dep) < 0)
                return fail(r, "revision \"%s\" needs \"%s\", which is not written before it", v->id, dep);
        }
        mig_strmap_put(r->a, &ids, v->id, (int)i);
    }
    return 0;
}

int mig_manifest_write(mig_arena *a, const char *path, const mig_manifest *m, const char **err)
{
    reader r = {.a = a, .path = path, .line = 0, .err = err};
    if (check_writable(&r, m)) return -1;
    mig_buf b = MIG_BUF_INIT;
    mig_buf_puts(&b, "# migc manifest: the revisions in this directory. Written by migc build; do not edit.\n");
    mig_buf_printf(&b, "migc-manifest %d\n", MIG_MANIFEST_VERSION);
    if (m->migc_version) {
        mig_buf_puts(&b, "migc ");
        put_text(&b, m->migc_version);
        mig_buf_putc(&b, '\n');
    }
    if (m->target_ydb) {
        mig_buf_puts(&b, "target-ydb ");
        put_text(&b, m->target_ydb);
        mig_buf_putc(&b, '\n');
    }
    for (size_t i = 0; i < m->nrevs; i++) {
        const mig_manifest_rev *v = &m->revs[i];
        mig_buf_printf(&b, "rev %s\nfile ", v->id);
        put_text(&b, v->file);
        mig_buf_puts(&b, "\nsource ");
        put_text(&b, v->source ? v->source : "");
        mig_buf_printf(&b, "\nsource-sha256 %s\nplugin-sha256 %s\n", v->source_sha256, v->plugin_sha256);
        put_list(&b, "parents", v->parents, v->nparents);
        put_list(&b, "depends", v->depends, v->ndepends);
        put_list(&b, "labels", v->labels, v->nlabels);
        mig_buf_printf(&b, "downgrade %s\n", downgrade_name(v->downgrade));
        if (v->message && *v->message) {
            mig_buf_puts(&b, "message ");
            put_text(&b, v->message);
            mig_buf_putc(&b, '\n');
        }
        mig_buf_puts(&b, "end\n");
    }
    /* The same content: leave the file (and its time stamp, which make looks at) alone. */
    {
        FILE *old = fopen(path, "rb");
        if (old) {
            bool same = true;
            size_t off = 0, n;
            char buf[8192];
            while (same && (n = fread(buf, 1, sizeof buf, old)) > 0) {
                same = off + n <= b.len && memcmp(buf, b.s + off, n) == 0;
                off += n;
            }
            same = same && !ferror(old) && off == b.len;
            fclose(old);
            if (same) {
                mig_buf_free(&b);
                return 0;
            }
        }
    }
    char *tmp = mig_printf(a, "%s.tmp", path);
    int fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    int rc = 0;
    if (fd < 0) {
        rc = fail(&r, "cannot create \"%s\": %s", tmp, strerror(errno));
        goto out;
    }
    size_t off = 0;
    while (off < b.len) {
        ssize_t w = write(fd, b.s + off, b.len - off);
        if (w < 0 && errno == EINTR) continue;
        if (w < 0) {
            rc = fail(&r, "cannot write \"%s\": %s", tmp, strerror(errno));
            break;
        }
        off += (size_t)w;
    }
    if (!rc && fchmod(fd, 0644) != 0) rc = fail(&r, "cannot set the mode of \"%s\": %s", tmp, strerror(errno));
    if (!rc && fsync(fd) != 0) rc = fail(&r, "cannot write \"%s\": %s", tmp, strerror(errno));
    if (close(fd) != 0 && !rc) rc = fail(&r, "cannot write \"%s\": %s", tmp, strerror(errno));
    if (!rc && rename(tmp, path) != 0) rc = fail(&r, "cannot rename \"%s\" into place: %s", tmp, strerror(errno));
    if (rc) unlink(tmp);
out:
    mig_buf_free(&b);
    return rc;
}
