/* unwindee MODE: a thread prints "tid N", waits for one byte on stdin (except in mode 3, where it
 * blocks in chain_c's read), then runs chain_a(MODE). Modes: 0 crash in chain_c, 1 crash in memcpy,
 * 2 crash in a qsort comparator, 3 block in read. The tracer seizes the thread, never the leader. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

int chain_a(int mode, int n);

static int mode;
static volatile int result;

static void *thread_main(void *unused) {
    (void) unused;
    printf("tid %ld\n", (long) syscall(SYS_gettid));
    fflush(stdout);
    if (mode != 3) {
        char go;
        if (read(0, &go, 1) != 1) {
            return NULL;
        }
    }
    result = chain_a(mode, 4096);
    return NULL;
}

int main(int argc, char **argv) {
    mode = argc > 1 ? atoi(argv[1]) : 0;
    pthread_t thread;
    if (pthread_create(&thread, NULL, thread_main, NULL) != 0) {
        return 2;
    }
    pthread_join(thread, NULL);
    return result == 0;
}
