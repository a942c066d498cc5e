/* test_derive.c */
#include <criterion/criterion.h>
#include "helpers.h"
