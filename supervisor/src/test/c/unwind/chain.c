/* A call chain chain_a -> chain_b -> chain_c that ends in a crash, a crash inside libc, or a blocking
 * read, for the native unwinder's tests. Built with several optimisation and frame settings. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOINLINE __attribute__((noinline, noclone))

volatile int chain_sink;
/* Null pointers the compiler cannot see through: stores through a local null pointer are dropped. */
int *volatile chain_null;
char *volatile chain_destination;
char chain_source[8192];

NOINLINE static int compare_then_crash(const void *a, const void *b) {
    return *(const int *) a - *(const int *) b + *chain_null;
}

NOINLINE int chain_c(int mode, int n) {
    switch (mode) {
    case 0:
        *chain_null = n;
        break;
    case 1:
        memcpy(chain_destination, chain_source, (size_t) n);
        break;
    case 2: {
        int values[8] = {5, 3, 8, 1, 9, 2, 7, 4};
        qsort(values, 8, sizeof(int), compare_then_crash);
        chain_sink = values[0];
        break;
    }
    default: {
        char byte;
        chain_sink = (int) read(0, &byte, 1);
        break;
    }
    }
    chain_sink++;
    return n + 1;
}

NOINLINE int chain_b(int mode, int n) {
    int r = chain_c(mode, n + 1);
    chain_sink += r;
    return r + 1;
}

NOINLINE int chain_a(int mode, int n) {
    int r = chain_b(mode, n + 1);
    chain_sink += r;
    return r + 1;
}
