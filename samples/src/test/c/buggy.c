/*
 * libbuggy: a small C library with one deliberate bug per function, each the kind of mistake the
 * samples in dev.tracedffi.samples.buggy catch. The build compiles it into target/native/libbuggy.so.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Writes the sequence 0, 1, 2, ... into the n bytes of dst. Bug: `<=` writes n + 1 bytes. */
void fill(unsigned char *dst, size_t n) {
    for (size_t i = 0; i <= n; i++) {
        dst[i] = (unsigned char) i;
    }
}

static unsigned int *attached_counter;

/* Keeps the caller's counter to bump later: the library now holds a pointer it does not own. */
void counter_attach(unsigned int *counter) {
    attached_counter = counter;
}

/* Bug: bumps the attached counter even after its owner freed it. */
void counter_increment(void) {
    (*attached_counter)++;
}

/* The first character of the value of a "key=value" entry. Bug: without '=', strchr returns NULL. */
int value_initial(const char *entry) {
    return strchr(entry, '=')[1];
}

/* Gives up the way some libraries do: a message on stderr, then exit(3) ends the whole process. */
void give_up(const char *why) {
    fprintf(stderr, "buggy: giving up: %s\n", why);
    exit(3);
}

/* An assert() that stays in release builds: abort() when the invariant does not hold. */
void check_invariant(int holds) {
    if (!holds) {
        fprintf(stderr, "buggy: invariant violated\n");
        abort();
    }
}

/* How many steps of `step` take n down to zero. Bug: an odd n and an even step skip past zero and,
   n being unsigned, wrap around and never reach it. */
unsigned countdown(unsigned n, unsigned step) {
    unsigned steps = 0;
    while (n != 0) {
        n -= step;
        steps++;
    }
    return steps;
}

/* Ends the process "successfully" in the middle of the caller's work. */
void quit_quietly(void) {
    exit(0);
}
