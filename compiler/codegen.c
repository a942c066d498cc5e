/* codegen.c - see codegen.h. */
#include "codegen.h"
typedef int mig_stub_codegen;
