/* test_codegen.c */
#include <criterion/criterion.h>
#include "helpers.h"
