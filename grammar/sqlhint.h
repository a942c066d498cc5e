/* sqlhint.h - a syntax error explained: SQL the .mig language has no place for. */
#ifndef MIG_SQLHINT_H
#define MIG_SQLHINT_H

#include <stdbool.h>

#include "scanner.h"

/* An SQL table constraint written as a create_table item (CHECK, FOREIGN KEY, UNIQUE (...),
 * PRIMARY KEY (...), CONSTRAINT name ...) at the syntax error at err, within the current
 * item (p->item_start): true with the text to underline in *where, the error's message in
 * *msg and what YDB does instead in *hint (static sentences). */
bool mig_sql_constraint(const mig_parser *p, mig_loc err, mig_loc *where, const char **msg, const char **hint);

#endif
