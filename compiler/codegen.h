/* codegen.h - one readable C file per revision: its steps as data (mig/plugin.h), its c
 * steps as functions with #line directives pointing at the .mig file. */
#ifndef MIG_CODEGEN_H
#define MIG_CODEGEN_H

#include "../common/buf.h"
#include "project.h"
#include "sema.h"

/* Append the C source of r's plugin to out. r must have been analysed without errors.
 * source_sha256 is the hex SHA-256 of r's .mig file. */
void mig_codegen(mig_buf *out, const mig_project *p, const mig_revision *r, const char *source_sha256);

/* Does r have a c step (upgrade or downgrade)? Only then does its plugin hold code of
 * its own, need the C library and system headers, and see the step vocabulary
 * (MIG_NATIVE_STEP); the plugin of any other revision is data and one function. */
bool mig_codegen_native(const mig_revision *r);

/* The text of mig/plugin.h that migc was built with (written next to generated code). */
extern const char mig_plugin_header[];

#endif
