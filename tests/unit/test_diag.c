/* test_diag.c */
#include <criterion/criterion.h>
#include "helpers.h"
