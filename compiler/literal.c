/* literal.c - see literal.h. */
#include "literal.h"
typedef int mig_stub_literal;
