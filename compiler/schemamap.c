/* schemamap.c - the persistent set of tables a schema is made of.
 *
 * A schema is a treap keyed by table path whose priorities are a hash of the path, so
 * the tree's shape depends only on the set of paths, never on the order of the edits
 * that made it. Changing a schema copies only the nodes on the path to the change
 * (path copying); every other node, and every table not edited, stays shared with the
 * schemas it was cloned from. Cloning is O(1), every edit O(log n), and two schemas
 * that share most of their tables compare in time proportional to what differs.
 *
 * Ownership follows the generation numbers of schema.h: a node or table whose gen is
 * the schema's gen was made by this schema since its last freeze and may change in
 * place; anything else is shared and is copied before it changes.
 */
#include "schema.h"

#include <string.h>

struct mig_tnode {
    mig_table *t;
    mig_tnode *l, *r;
    uint32_t prio;
    unsigned gen;
};

/* FNV-1a: cheap and stable; only the shape of the tree depends on it. */
static uint32_t path_prio(const char *p)
{
    uint32_t h = 2166136261u;
    for (; *p; p++) h = (h ^ (unsigned char)*p) * 16777619u;
    return h;
}

/* The total order of priorities: the hash, then the path (the shape stays unique). */
static bool above(const mig_tnode *a, const mig_tnode *b)
{
    if (a->prio != b->prio) return a->prio > b->prio;
    return strcmp(a->t->path, b->t->path) < 0;
}

static mig_tnode *own(mig_schema_ctx *c, const mig_schema *s, mig_tnode *n)
{
    if (n->gen == s->gen) return n;
    mig_tnode *m = mig_dup(s->nodes ? s->nodes : c->arena, n, sizeof *n);
    m->gen = s->gen;
    return m;
}

mig_schema *mig_schema_new(mig_schema_ctx *c)
{
    mig_schema *s = mig_alloc(c->arena, sizeof *s);
    s->gen = ++c->next_gen;
    return s;
}

mig_schema *mig_schema_clone(mig_schema_ctx *c, const mig_schema *src)
{
    mig_schema *s = mig_schema_new(c);
    if (src) {
        s->root = src->root;
        s->n = src->n;
    }
    return s;
}

static mig_tnode *find_node(const mig_schema *s, const char *path)
{
    mig_tnode *n = s->root;
    while (n) {
        int c = strcmp(path, n->t->path);
        if (c == 0) return n;
        n = c < 0 ? n->l : n->r;
    }
    return NULL;
}

const mig_table *mig_schema_find(const mig_schema *s, const char *path)
{
    const mig_tnode *n = find_node(s, path);
    return n ? n->t : NULL;
}

const mig_table *mig_schema_first(const mig_schema *s)
{
    const mig_tnode *n = s->root;
    if (!n) return NULL;
    while (n->l) n = n->l;
    return n->t;
}

const mig_table *mig_schema_next(const mig_schema *s, const mig_table *t)
{
    const mig_table *best = NULL;
    for (const mig_tnode *n = s->root; n;) {
        if (strcmp(n->t->path, t->path) > 0) {
            best = n->t;
            n = n->l;
        } else {
            n = n->r;
        }
    }
    return best;
}

mig_table *mig_table_new(mig_schema_ctx *c, const char *path)
{
    mig_table *t = mig_alloc(c->arena, sizeof *t);
    t->path = path;
    return t;
}

#define DUPV(a, v, n) ((v) && (n) ? mig_dup((a), (v), (n) * sizeof *(v)) : NULL)

mig_table *mig_table_copy(mig_arena *a, const mig_table *t)
{
    mig_table *n = mig_dup(a, t, sizeof *t);
    n->cols = DUPV(a, t->cols, t->ncols);
    n->pk = DUPV(a, t->pk, t->npk);
    n->indexes = DUPV(a, t->indexes, t->nindexes);
    n->families = DUPV(a, t->families, t->nfamilies);
    n->settings = DUPV(a, t->settings, t->nsettings);
    n->feeds = DUPV(a, t->feeds, t->nfeeds);
    return n;
}

/* The subtree n with the node for t->path pointing at t (the node exists). */
static mig_tnode *set_table(mig_schema_ctx *c, const mig_schema *s, mig_tnode *n, mig_table *t)
{
    mig_tnode *m = own(c, s, n);
    int cmp = strcmp(t->path, n->t->path);
    if (cmp == 0) m->t = t;
    else if (cmp < 0) m->l = set_table(c, s, n->l, t);
    else m->r = set_table(c, s, n->r, t);
    return m;
}

mig_table *mig_schema_edit(mig_schema_ctx *c, mig_schema *s, const char *path)
{
    mig_tnode *n = find_node(s, path);
    if (!n) return NULL;
    mig_table *t = n->t;
    if (t->gen != s->gen) {
        t = mig_table_copy(c->arena, t);
        t->gen = s->gen;
        s->root = set_table(c, s, s->root, t);
    }
    return t;
}

/* Split n into the keys before `path` (*l) and after it (*r); `path` is not in n. */
static void split(mig_schema_ctx *c, const mig_schema *s, mig_tnode *n, const char *path, mig_tnode **l,
                  mig_tnode **r)
{
    if (!n) {
        *l = *r = NULL;
        return;
    }
    mig_tnode *m = own(c, s, n);
    if (strcmp(n->t->path, path) < 0) {
        split(c, s, n->r, path, &m->r, r);
        *l = m;
    } else {
        split(c, s, n->l, path, l, &m->l);
        *r = m;
    }
}

static mig_tnode *insert(mig_schema_ctx *c, const mig_schema *s, mig_tnode *n, mig_tnode *x)
{
    if (!n) return x;
    if (above(x, n)) {
        split(c, s, n, x->t->path, &x->l, &x->r);
        return x;
    }
    mig_tnode *m = own(c, s, n);
    if (strcmp(x->t->path, n->t->path) < 0) m->l = insert(c, s, n->l, x);
    else m->r = insert(c, s, n->r, x);
    return m;
}

void mig_schema_put(mig_schema_ctx *c, mig_schema *s, mig_table *t)
{
    if (find_node(s, t->path)) {
        s->root = set_table(c, s, s->root, t);
        return;
    }
    mig_tnode *x = mig_alloc(s->nodes ? s->nodes : c->arena, sizeof *x);
    x->t = t;
    x->prio = path_prio(t->path);
    x->gen = s->gen;
    s->root = insert(c, s, s->root, x);
    s->n++;
}

/* Join two subtrees, every key of a before every key of b. */
static mig_tnode *join(mig_schema_ctx *c, const mig_schema *s, mig_tnode *a, mig_tnode *b)
{
    if (!a) return b;
    if (!b) return a;
    if (above(a, b)) {
        mig_tnode *m = own(c, s, a);
        m->r = join(c, s, a->r, b);
        return m;
    }
    mig_tnode *m = own(c, s, b);
    m->l = join(c, s, a, b->l);
    return m;
}

/* n without the node for `path` (which exists). */
static mig_tnode *unlink_node(mig_schema_ctx *c, const mig_schema *s, mig_tnode *n, const char *path)
{
    int cmp = strcmp(path, n->t->path);
    if (cmp == 0) return join(c, s, n->l, n->r);
    mig_tnode *m = own(c, s, n);
    if (cmp < 0) m->l = unlink_node(c, s, n->l, path);
    else m->r = unlink_node(c, s, n->r, path);
    return m;
}

bool mig_schema_remove(mig_schema_ctx *c, mig_schema *s, const char *path)
{
    if (!find_node(s, path)) return false;
    s->root = unlink_node(c, s, s->root, path);
    s->n--;
    return true;
}

/* Equal shapes hold equal key sets; a shared subtree is equal without a look inside. */
static bool same_nodes(const mig_tnode *a, const mig_tnode *b, bool (*same)(const mig_table *, const mig_table *))
{
    if (a == b) return true;
    if (!a || !b || strcmp(a->t->path, b->t->path) != 0) return false;
    if (a->t != b->t && !same(a->t, b->t)) return false;
    return same_nodes(a->l, b->l, same) && same_nodes(a->r, b->r, same);
}

bool mig_schema_same(const mig_schema *a, const mig_schema *b, bool (*same)(const mig_table *, const mig_table *))
{
    return a->n == b->n && same_nodes(a->root, b->root, same);
}
