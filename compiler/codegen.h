/* codegen.h */
#ifndef MIG_CODEGEN_H
#define MIG_CODEGEN_H
#endif
