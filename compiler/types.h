/* types.h - YDB's column types: names, aliases, what may be a key, a TTL column, a default.
 * Facts: ../shared/reference/yql-ddl.md §1.3, §1.5, §1.6, §1.11, §4. */
#ifndef MIG_TYPES_H
#define MIG_TYPES_H

#include <stdbool.h>
#include <stdint.h>

#include "mig/plugin.h"

#include "../common/diag.h"
#include "../grammar/ast.h"
#include "ydbver.h"

/* A column type's id: the plugin ABI's MIG_PT_* (mig/plugin.h), the one type enum of the
 * project; names, ranges and suffixes are in ../common/ydbtype.h. */
typedef uint32_t mig_type_id;
#define MIG_TYPE_NONE 0u /* no type: one that was refused */

typedef struct mig_coltype {
    mig_type_id id;
    unsigned char precision, scale; /* Decimal */
    unsigned char serial;           /* 0, or 2/4/8 for SmallSerial/Serial/BigSerial (stored as Int16/32/64) */
} mig_coltype;

/* Canonical YQL spelling: "Uint64", "Decimal" (without parameters). */
const char *mig_type_name(mig_type_id id);
/* Full spelling into buf (>= 32 bytes): "Decimal(22,9)", "Int32" for Serial ("Serial" when
 * as_written and serial). Returns buf. */
const char *mig_coltype_str(const mig_coltype *t, bool as_written, char *buf);

/* Resolve a written type for a table column, reporting every problem (unknown name with a
 * suggestion, container, Tz*, pg type, a length on a string type, Decimal precision rules
 * for the target, 64-bit date types before 25.2, Serial where `allow_serial` is false).
 * Returns false after reporting. */
/* How many levels of Optional the written type has (T? and Optional<T> are one), and the type
 * under them. */
unsigned mig_type_nullable(const mig_type *t);
const mig_type *mig_type_base(const mig_type *t);

bool mig_type_resolve(mig_diags *d, const mig_source *src, const mig_type *t, mig_ydbver target,
                      bool allow_serial, mig_coltype *out);

bool mig_type_keyable(mig_type_id id);         /* may be a primary-key or index-key column */
bool mig_type_ttl_ok(mig_type_id id);          /* may be a TTL column */
bool mig_type_ttl_numeric(mig_type_id id);     /* a TTL column that needs `as <unit>` */
bool mig_type_is_integer(mig_type_id id);
bool mig_type_is_signed(mig_type_id id);
/* May this type have a DEFAULT on the target (per-type gaps of §1.5)? If not, *since is the
 * first release that allows it (0: none). */
bool mig_type_default_ok(mig_type_id id, mig_ydbver target, mig_ydbver *since);

#endif
