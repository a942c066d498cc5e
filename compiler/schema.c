/* schema.c - see schema.h. */
#include "schema.h"
typedef int mig_stub_schema;
