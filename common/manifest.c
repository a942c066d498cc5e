/* manifest.c - see manifest.h. */
#include "manifest.h"
typedef int mig_manifest_stub;
