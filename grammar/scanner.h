/* scanner.h - what the parser needs of the scanner, without flex's generated header. */
#ifndef MIG_SCANNER_H
#define MIG_SCANNER_H

#include <stdbool.h>
#include <stdint.h>

#include "ast.h"

#define MIG_MAX_NESTING 100  /* parentheses and angle brackets, together */
#define MIG_MAX_NAME 255     /* YDB's limit on one name or path element, in bytes */

typedef void *mig_scan_t;

typedef struct mig_parser {
    mig_arena *arena;
    mig_diags *diags;
    const mig_source *src;
    mig_file *file;
    mig_scan_t scanner;
    uint32_t off;       /* scanner position */
    uint32_t last_end;  /* end of the last token handed to the parser */
    uint32_t prev_end;  /* end of the token before it */
    int depth;          /* current nesting of ( and < */
    uint32_t bad_end;   /* end of the last unexpected character, to report a run once */
    bool stop;          /* the scanner gave up on this file */
    uint32_t item_start; /* first token after the last ';', '<' or '>': the current item */
    bool item_next;      /* the next token starts an item */
    bool declared_start; /* hand DECLARED_SCHEMA to the parser before the first token */
} mig_parser;

/* Token payload. */
typedef struct mig_tok {
    const char *s; /* NUL-terminated, in the arena (decoded for strings and `names`) */
    size_t len;
} mig_tok;

int mig_scan_init(mig_parser *p);
void mig_scan_finish(mig_parser *p);

/* Report a scanner error at a location; stops the scan once the file's cap is reached. */
void mig_scan_error(mig_parser *p, mig_loc loc, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

#endif
