/* sessions.c - ydbsim's sessions (Table and Query, with their open transactions) and the
 * login tokens of static auth (issued and checked here). TEST TOOL. */
#include "server.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---------------------------------------------------------------- sessions */

static const char b64url[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

static char *b64url_encode(const unsigned char *p, size_t n)
{
    char *out = mig_xmalloc(n * 4 / 3 + 4), *o = out;
    size_t i = 0;
    for (; i + 2 < n; i += 3) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
        *o++ = b64url[v >> 18];
        *o++ = b64url[(v >> 12) & 63];
        *o++ = b64url[(v >> 6) & 63];
        *o++ = b64url[v & 63];
    }
    if (n - i == 1) {
        uint32_t v = (uint32_t)p[i] << 16;
        *o++ = b64url[v >> 18];
        *o++ = b64url[(v >> 12) & 63];
    } else if (n - i == 2) {
        uint32_t v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
        *o++ = b64url[v >> 18];
        *o++ = b64url[(v >> 12) & 63];
        *o++ = b64url[(v >> 6) & 63];
    }
    *o = 0;
    return out;
}

sim_session *sim_session_new(sim_server *s, bool query)
{
    sim_session *ss = calloc(1, sizeof *ss);
    if (!ss) abort();
    char raw[64];
    int n = snprintf(raw, sizeof raw, "ydbsim-%s-%lu-%08x", query ? "q" : "t", ++s->next_session,
                     (unsigned)(s->secret & 0xffffffffu));
    char *b = b64url_encode((const unsigned char *)raw, (size_t)n);
    size_t len = strlen(b) + 64;
    ss->id = mig_xmalloc(len);
    snprintf(ss->id, len, "ydb://session/3?node_id=1&id=%s", b);
    free(b);
    ss->query = query;
    ss->next = s->sessions;
    s->sessions = ss;
    return ss;
}

sim_session *sim_session_find(sim_server *s, const char *id)
{
    if (!id) return NULL;
    for (sim_session *ss = s->sessions; ss; ss = ss->next)
        if (strcmp(ss->id, id) == 0) return ss;
    return NULL;
}

void sim_session_track_tx(sim_session *ss, const char *tx_id)
{
    if (ss->ntxs == ss->captxs) {
        ss->captxs = ss->captxs ? ss->captxs * 2 : 4;
        ss->txs = mig_xrealloc(ss->txs, ss->captxs * sizeof *ss->txs);
    }
    ss->txs[ss->ntxs++] = mig_xstrdup(tx_id);
}

void sim_session_untrack_tx(sim_session *ss, const char *tx_id)
{
    for (size_t i = 0; i < ss->ntxs; i++) {
        if (strcmp(ss->txs[i], tx_id) == 0) {
            free(ss->txs[i]);
            ss->txs[i] = ss->txs[--ss->ntxs];
            return;
        }
    }
}

void sim_session_free(sim_server *s, sim_session *ss, bool rollback)
{
    for (size_t i = 0; i < ss->ntxs; i++) {
        if (rollback) {
            sim_tx *tx = sim_tx_find(s->engine, ss->txs[i]);
            if (tx) sim_tx_rollback(s->engine, tx);
        }
        free(ss->txs[i]);
    }
    free(ss->txs);
    free(ss->id);
    free(ss);
}

void sim_session_delete(sim_server *s, sim_session *ss)
{
    for (sim_session **pp = &s->sessions; *pp; pp = &(*pp)->next) {
        if (*pp == ss) {
            *pp = ss->next;
            break;
        }
    }
    sim_call *att = ss->attach;
    if (att) {
        /* The attach stream ends with the session. */
        att->attached = NULL;
        att->finishing = true;
        sim_call_kick(att);
    }
    sim_session_free(s, ss, true);
}

/* ---------------------------------------------------------------- auth tokens */

static uint64_t fnv64(const char *p, size_t n, uint64_t seed)
{
    uint64_t h = 1469598103934665603ULL ^ seed;
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

/* A JWT-shaped token: base64url(header).base64url(claims).base64url(mac). The mac is a
 * keyed hash, enough for a test server to tell its own tokens from others. */
char *sim_server_issue_token(sim_server *s, const char *user)
{
    static const char header[] = "{\"alg\":\"HS256\",\"typ\":\"JWT\"}";
    char claims[512];
    long now = (long)time(NULL);
    int n = snprintf(claims, sizeof claims, "{\"sub\":\"%s\",\"iat\":%ld,\"exp\":%ld,\"iss\":\"ydbsim\"}",
                     user, now, now + 12 * 3600);
    char *h = b64url_encode((const unsigned char *)header, sizeof header - 1);
    char *cl = b64url_encode((const unsigned char *)claims, (size_t)n);
    size_t len = strlen(h) + strlen(cl) + 2;
    char *signing = mig_xmalloc(len);
    snprintf(signing, len, "%s.%s", h, cl);
    unsigned char mac[16];
    uint64_t m1 = fnv64(signing, strlen(signing), s->secret), m2 = fnv64(signing, strlen(signing), ~s->secret);
    for (int i = 0; i < 8; i++) {
        mac[i] = (unsigned char)(m1 >> (8 * i));
        mac[8 + i] = (unsigned char)(m2 >> (8 * i));
    }
    char *sig = b64url_encode(mac, sizeof mac);
    size_t tlen = len + strlen(sig) + 2;
    char *tok = mig_xmalloc(tlen);
    snprintf(tok, tlen, "%s.%s", signing, sig);
    free(h);
    free(cl);
    free(signing);
    free(sig);
    return tok;
}

/* 1 valid, 0 invalid or expired. On success *user (arena) is the subject. */
int sim_check_issued_token(sim_server *s, mig_arena *a, const char *tok, const char **user)
{
    const char *dot2 = strrchr(tok, '.');
    if (!dot2) return 0;
    char *signing = mig_strndup(a, tok, (size_t)(dot2 - tok));
    unsigned char mac[16];
    uint64_t m1 = fnv64(signing, strlen(signing), s->secret), m2 = fnv64(signing, strlen(signing), ~s->secret);
    for (int i = 0; i < 8; i++) {
        mac[i] = (unsigned char)(m1 >> (8 * i));
        mac[8 + i] = (unsigned char)(m2 >> (8 * i));
    }
    char *sig = b64url_encode(mac, sizeof mac);
    int ok = strcmp(sig, dot2 + 1) == 0;
    free(sig);
    if (!ok) return 0;
    /* decode the claims for exp and sub */
    const char *dot1 = strchr(signing, '.');
    if (!dot1) return 0;
    const char *p = dot1 + 1;
    size_t n = strlen(p);
    char *claims = mig_alloc(a, n + 1);
    size_t o = 0;
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        const char *q = strchr(b64url, p[i]);
        if (!q || !*q) return 0;
        acc = acc << 6 | (uint32_t)(q - b64url);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            claims[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    claims[o] = 0;
    const char *e = strstr(claims, "\"exp\":");
    if (!e || strtol(e + 6, NULL, 10) <= (long)time(NULL)) return 0;
    const char *sub = strstr(claims, "\"sub\":\"");
    if (sub) {
        sub += 7;
        const char *end = strchr(sub, '"');
        *user = end ? mig_strndup(a, sub, (size_t)(end - sub)) : NULL;
    }
    return 1;
}
