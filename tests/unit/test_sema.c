/* test_sema.c */
#include <criterion/criterion.h>
#include "helpers.h"
