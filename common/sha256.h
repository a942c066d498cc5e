/* sha256.h - SHA-256 (FIPS 180-4), for source and plugin checksums. */
#ifndef MIG_SHA256_H
#define MIG_SHA256_H

#include <stddef.h>
#include <stdint.h>

typedef struct mig_sha256 {
    uint32_t h[8];
    uint64_t len;       /* bytes hashed so far */
    unsigned char buf[64];
    size_t nbuf;
} mig_sha256;

void mig_sha256_init(mig_sha256 *c);
void mig_sha256_update(mig_sha256 *c, const void *data, size_t n);
void mig_sha256_final(mig_sha256 *c, unsigned char out[32]);
/* One call: hex digest (65 bytes with the NUL) of data. */
void mig_sha256_hex(const void *data, size_t n, char out[65]);
/* Hex digest of a file's bytes; 0, or -1 with errno set. */
int mig_sha256_file(const char *path, char out[65]);

#endif
