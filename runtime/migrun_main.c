/* migrun_main.c - placeholder until the runtime lands. */
#include <stdio.h>
int main(void) { fputs("migrun: not built yet\n", stderr); return 1; }
