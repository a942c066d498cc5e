/* test_manifest.c - the manifest: round trip, and every malformed form named by file and line. */
#include <criterion/criterion.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../common/manifest.h"
#include "../plugins/plugdir.h"
#include "mig/plugin.h"

#define SHA1 "1111111111111111111111111111111111111111111111111111111111111111"
#define SHA2 "2222222222222222222222222222222222222222222222222222222222222222"
#define HEAD "migc-manifest 1\nmigc 0.1.0\ntarget-ydb 26.2\n"
#define REV1 "rev r0001\nfile r0001.so\nsource m/r0001.mig\nsource-sha256 " SHA1 "\nplugin-sha256 " SHA2 \
             "\nparents -\ndepends -\nlabels -\ndowngrade derived\nend\n"

static char *dir;
static mig_arena *arena;

static void setup(void)
{
    dir = tp_tmpdir();
    arena = mig_arena_new();
}
static void teardown(void)
{
    tp_rmtree(dir);
    free(dir);
    mig_arena_free(arena);
}

TestSuite(manifest, .init = setup, .fini = teardown);

/* Read TEXT as DIR/manifest; returns the error (NULL on success). */
static const char *read_text(const char *text, mig_manifest *m)
{
    const char *path = mig_printf(arena, "%s/manifest", dir);
    tp_write_file(path, text, strlen(text));
    const char *err = NULL;
    int rc = mig_manifest_read(arena, path, m, &err);
    cr_assert((rc == 0) == (err == NULL), "return value and error agree");
    return err;
}

Test(manifest, round_trip_keeps_every_field)
{
    const char *p1[] = {"r0001"}, *p2[] = {"r0001", "r0002"}, *dep[] = {"r0001"}, *lab[] = {"audit", "x_y"};
    mig_manifest_rev revs[3] = {
        {"r0001", "r0001.so", "migrations/r 1.mig", SHA1, SHA2, "First\\line\nsecond\rthird", NULL, 0, NULL, 0, NULL, 0, MIG_DOWN_WRITTEN},
        {"r0002", "r0002.so", "migrations/r0002.mig", SHA2, SHA1, NULL, p1, 1, dep, 1, lab, 2, MIG_DOWN_IRREVERSIBLE},
        {"r0003", "r0003.so", "migrations/r0003.mig", SHA1, SHA1, "merge", p2, 2, NULL, 0, NULL, 0, MIG_DOWN_DERIVED},
    };
    mig_manifest m = {"0.1.0", "26.2", revs, 3};
    const char *path = mig_printf(arena, "%s/manifest", dir), *err = NULL;
    cr_assert_eq(mig_manifest_write(arena, path, &m, &err), 0, "write: %s", err);
    struct stat st;
    cr_assert_eq(stat(path, &st), 0);
    cr_assert_eq(st.st_mode & 0777, 0644, "written mode 0644");
    cr_assert_neq(stat(mig_printf(arena, "%s.tmp", path), &st), 0, "no temporary file left");
    mig_manifest r;
    cr_assert_eq(mig_manifest_read(arena, path, &r, &err), 0, "read back: %s", err);
    cr_assert_str_eq(r.migc_version, "0.1.0");
    cr_assert_str_eq(r.target_ydb, "26.2");
    cr_assert_eq(r.nrevs, 3);
    for (size_t i = 0; i < 3; i++) {
        cr_assert_str_eq(r.revs[i].id, revs[i].id);
        cr_assert_str_eq(r.revs[i].file, revs[i].file);
        cr_assert_str_eq(r.revs[i].source, revs[i].source);
        cr_assert_str_eq(r.revs[i].source_sha256, revs[i].source_sha256);
        cr_assert_str_eq(r.revs[i].plugin_sha256, revs[i].plugin_sha256);
        cr_assert_eq(r.revs[i].downgrade, revs[i].downgrade);
        cr_assert_eq(r.revs[i].nparents, revs[i].nparents);
        for (size_t k = 0; k < revs[i].nparents; k++) cr_assert_str_eq(r.revs[i].parents[k], revs[i].parents[k]);
        cr_assert_eq(r.revs[i].ndepends, revs[i].ndepends);
        cr_assert_eq(r.revs[i].nlabels, revs[i].nlabels);
        for (size_t k = 0; k < revs[i].nlabels; k++) cr_assert_str_eq(r.revs[i].labels[k], revs[i].labels[k]);
    }
    cr_assert_str_eq(r.revs[0].message, "First\\line\nsecond\rthird", "escapes undone");
    cr_assert_null(r.revs[1].message);
}

Test(manifest, documented_example_reads)
{
    mig_manifest m;
    const char *err = read_text("# a comment\n" HEAD REV1, &m);
    cr_assert_null(err, "%s", err);
    cr_assert_eq(m.nrevs, 1);
    cr_assert_str_eq(m.revs[0].id, "r0001");
    cr_assert_eq(m.revs[0].downgrade, MIG_DOWN_DERIVED);
}

Test(manifest, empty_revision_list_reads)
{
    mig_manifest m;
    cr_assert_null(read_text("migc-manifest 1\n", &m));
    cr_assert_eq(m.nrevs, 0);
}

Test(manifest, missing_file_names_it)
{
    mig_manifest m;
    const char *err = NULL, *path = mig_printf(arena, "%s/nope", dir);
    cr_assert_eq(mig_manifest_read(arena, path, &m, &err), -1);
    cr_assert(strstr(err, path) && strstr(err, "cannot open"), "%s", err);
}

Test(manifest, writer_refuses_a_parent_written_later)
{
    const char *p[] = {"r0002"};
    mig_manifest_rev revs[1] = {{"r0001", "r0001.so", "s", SHA1, SHA2, NULL, p, 1, NULL, 0, NULL, 0, MIG_DOWN_DERIVED}};
    mig_manifest m = {NULL, NULL, revs, 1};
    const char *err = NULL;
    cr_assert_eq(mig_manifest_write(arena, mig_printf(arena, "%s/manifest", dir), &m, &err), -1);
    cr_assert(strstr(err, "r0002"), "%s", err);
}

/* Each malformed manifest: the text, and what the error must say (file:line included). */
static const struct {
    const char *text, *want;
} bad[] = {
    {"", "manifest: empty file"},
    {"hello 1\n", "manifest:1: not a migc manifest"},
    {"migc-manifest 2\n", "manifest:1: manifest version 2 is newer"},
    {"migc-manifest x\n", "manifest:1: \"x\" is not a manifest version"},
    {HEAD "bogus 1\n", "manifest:4: unrecognized key \"bogus\""},
    {HEAD "\n", "manifest:4: empty line"},
    {HEAD "rev r0001\nfile r0001.so\n", "manifest:6: the file ends inside revision \"r0001\" (line 4)"},
    {HEAD "rev r0001\nrev r0002\n", "manifest:5: revision \"r0001\" (line 4) is not closed"},
    {HEAD "rev r0001\nend\n", "manifest:5: revision \"r0001\" (line 4) has no \"file\" line"},
    {HEAD "rev bad-id\n", "manifest:4: \"bad-id\" is not a revision id"},
    {HEAD REV1 REV1, "manifest:14: revision \"r0001\" is listed twice"},
    {HEAD "rev r0001\nfile ../x.so\n", "manifest:5: \"../x.so\" is not a plugin file name"},
    {HEAD "rev r0001\nfile a/x.so\n", "manifest:5: \"a/x.so\" is not a plugin file name"},
    {HEAD "rev r0001\nsource-sha256 abc\n", "manifest:5: source-sha256 \"abc\" is not 64 lower-case hex digits"},
    {HEAD "rev r0001\ndowngrade maybe\n", "manifest:5: downgrade \"maybe\" is not written, derived or irreversible"},
    {HEAD "rev r0001\nfile a.so\nfile b.so\n", "manifest:6: \"file\" is given twice"},
    {HEAD "rev r0001\nparents r0000\n", NULL /* checked at end */},
    {HEAD "rev r0001\nmessage a\\tb\n", "manifest:5: unrecognized escape \"\\t\""},
    {HEAD "rev r0001\nmessage a\\\n", "manifest:5: a backslash ends the line"},
    {HEAD "rev r0001\nlabels a  b\n", "manifest:5: \"\" in labels is not a revision id"},
    {HEAD "end\n", "manifest:4: \"end\" without a revision"},
    {HEAD "file x.so\n", "manifest:4: unrecognized key \"file\" outside a revision"},
    {HEAD REV1 "migc 0.2\n", "manifest:14: \"migc\" after the first revision"},
    {HEAD "nokey\n", "manifest:4: \"nokey\" has no value"},
};

Test(manifest, malformed_manifests_name_file_and_line)
{
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        if (!bad[i].want) continue;
        mig_manifest m;
        const char *err = read_text(bad[i].text, &m);
        cr_assert_not_null(err, "case %zu is refused", i);
        cr_expect(strstr(err, bad[i].want) != NULL, "case %zu: wanted \"%s\" in \"%s\"", i, bad[i].want, err);
        cr_expect(strstr(err, dir) != NULL, "case %zu names the file: %s", i, err);
    }
}

Test(manifest, parent_not_listed_before_is_refused)
{
    mig_manifest m;
    const char *text = HEAD "rev r0002\nfile r0002.so\nsource s\nsource-sha256 " SHA1 "\nplugin-sha256 " SHA2
                            "\nparents r0001\ndepends -\nlabels -\ndowngrade derived\nend\n" REV1;
    const char *err = read_text(text, &m);
    cr_assert(err && strstr(err, "manifest:13: revision \"r0002\" revises \"r0001\", which is not listed before it"),
              "%s", err);
}

Test(manifest, duplicate_label_is_refused)
{
    mig_manifest m;
    char *text = mig_printf(arena, "%s%s", HEAD,
                            "rev r0001\nfile a.so\nsource s\nsource-sha256 " SHA1 "\nplugin-sha256 " SHA2
                            "\nparents -\ndepends -\nlabels core\ndowngrade derived\nend\n"
                            "rev r0002\nfile b.so\nsource s\nsource-sha256 " SHA1 "\nplugin-sha256 " SHA2
                            "\nparents r0001\ndepends -\nlabels core\ndowngrade derived\nend\n");
    const char *err = read_text(text, &m);
    cr_assert(err && strstr(err, "label \"core\" is on both \"r0001\" and \"r0002\""), "%s", err);
}
