/*
 * A small native library for the supervisor's tests: each function makes a known set of memory
 * accesses (or fails in a known way), so a test can compare the traced events with the truth.
 * Built by the supervisor module's build with gcc -O1 into target/native/libtracee.so.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* read-write of 4 bytes */
void increment(int *value) { (*value)++; }

/* writes exactly n ints, one store each (volatile keeps gcc from turning the loop into memset) */
void fill_ints(volatile int *array, int n, int value) {
    for (int i = 0; i < n; i++) array[i] = value;
}

struct record {
    int32_t id;        /* offset 0 */
    int32_t flags;     /* offset 4 */
    int64_t counter;   /* offset 8 */
    char name[16];     /* offset 16 */
};

/* initialises id and counter only: writes [0,4) and [8,16), never flags or name */
void init_partially(struct record *r) {
    r->id = 7;
    ((volatile struct record *) r)->counter = 42;
}

struct pair { void *first; void *second; };

/* reads both pointers, writes both back swapped */
void swap_pair(struct pair *p) {
    void *tmp = p->first;
    p->first = p->second;
    p->second = tmp;
}

/* the classic off-by-one: writes bytes [0, n] of an n-byte buffer */
void fill_off_by_one(volatile char *buffer, int n) {
    for (int i = 0; i <= n; i++) buffer[i] = 'x';
}

/* the same bug one call deeper, so a stack has two frames of this library: fill_off_by_one_inner writes [0, n] */
__attribute__((noinline)) void fill_off_by_one_inner(volatile char *buffer, int n) {
    for (int i = 0; i <= n; i++) buffer[i] = 'y';
}

void fill_off_by_one_outer(volatile char *buffer, int n) {
    fill_off_by_one_inner(buffer, n);
    buffer[0] = 'z'; /* after the call: no tail call, the outer frame stays on the stack */
}

/* a crash one call deeper */
__attribute__((noinline)) int deref_null_inner(volatile int *p) { return *p + 1; }

int deref_null_outer(void) { return deref_null_inner(0) + 1; }

struct thread_job { volatile int *target; int value; };

static void *thread_body(void *arg) {
    struct thread_job *job = arg;
    *job->target = job->value;
    return NULL;
}

/* a thread started inside the call writes 4 bytes into target; the call joins it */
int write_from_thread(int *target, int value) {
    pthread_t thread;
    struct thread_job job = { target, value };
    if (pthread_create(&thread, NULL, thread_body, &job) != 0) return -1;
    return pthread_join(thread, NULL);
}

/* reads the pointer stored at holder[0], then reads the int it points to */
int read_indirect(int **holder) { return **(volatile int *volatile *) holder; }

/* lock cmpxchg on *value: reads 8 bytes, writes them only if they equalled expected */
int64_t compare_and_swap(int64_t *value, int64_t expected, int64_t desired) {
    __atomic_compare_exchange_n(value, &expected, desired, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return expected;
}

int deref_null(int *unused) { (void) unused; return *(volatile int *) 0; }

/* A wild pointer whose 4 bytes would run past the end of the address space. */
int deref_last_address(void) { return *(volatile int *) -1L; }

void exit_with(int code) { exit(code); }

void call_abort(void) { abort(); }

void spin_forever(void) { for (volatile int i = 0; ; i++) { } }

/* calls back into Java through a jnr-ffi callback, then writes what it returned */
void call_back(int (*callback)(int), int *out) { *out = callback(20) + 1; }
