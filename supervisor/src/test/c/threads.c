/*
 * Threads other than the caller's touching caller-supplied buffers during a call, for the
 * supervisor's thread tests: an OpenMP team (libgomp keeps its threads between parallel regions),
 * a worker thread that outlives the calls that feed it, threads that exit inside the call, and a
 * thread asleep in read(2) on a pipe. Each access is one load or store of a known size, so a test can
 * compare the traced events with the truth. Built into libtracee.so with -fopenmp.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <omp.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define OMP_TEAM 3

/*
 * The sum of buf[0..n), computed by a team of OMP_TEAM threads: each reads its share of the ints
 * once (one 4-byte load each). -1 if libgomp gave the region fewer threads.
 */
long omp_sum(const int *buf, int n) {
    long sum = 0;
    int team = 0;
#pragma omp parallel for reduction(+:sum) num_threads(OMP_TEAM) schedule(static)
    for (int i = 0; i < n; i++) {
        if (i == 0) team = omp_get_num_threads();
        sum += buf[i];
    }
    return team == OMP_TEAM ? sum : -1;
}

/* One worker thread, fed jobs through a mutex and a condition variable. */
static struct {
    pthread_mutex_t lock;
    pthread_cond_t changed;
    pthread_t thread;
    volatile int *job;  /* NULL: no job */
    int n, value, done, stop;
} worker = { .lock = PTHREAD_MUTEX_INITIALIZER, .changed = PTHREAD_COND_INITIALIZER };

static void *worker_body(void *unused) {
    (void) unused;
    pthread_mutex_lock(&worker.lock);
    while (!worker.stop) {
        if (worker.job == NULL) {
            pthread_cond_wait(&worker.changed, &worker.lock);
            continue;
        }
        for (int i = 0; i < worker.n; i++) worker.job[i] = worker.value;
        worker.job = NULL;
        worker.done = 1;
        pthread_cond_broadcast(&worker.changed);
    }
    pthread_mutex_unlock(&worker.lock);
    return NULL;
}

/* starts the worker, which then sleeps until it gets a job; 0 or an errno */
int worker_start(void) { return pthread_create(&worker.thread, NULL, worker_body, NULL); }

/* hands buf to the worker, which stores value into buf[0..n) (one 4-byte store each), and waits for it */
int worker_fill(int *buf, int n, int value) {
    pthread_mutex_lock(&worker.lock);
    worker.job = buf;
    worker.n = n;
    worker.value = value;
    worker.done = 0;
    pthread_cond_broadcast(&worker.changed);
    while (!worker.done) pthread_cond_wait(&worker.changed, &worker.lock);
    pthread_mutex_unlock(&worker.lock);
    return 0;
}

/* ends the worker and joins it; 0 or an errno */
int worker_stop(void) {
    pthread_mutex_lock(&worker.lock);
    worker.stop = 1;
    pthread_cond_broadcast(&worker.changed);
    pthread_mutex_unlock(&worker.lock);
    return pthread_join(worker.thread, NULL);
}

struct stripe { volatile char *from; int n; char value; };

static void *write_stripe_and_exit(void *arg) {
    struct stripe *s = arg;
    for (int i = 0; i < s->n; i++) s->from[i] = s->value;
    pthread_exit(NULL);
}

/*
 * Two threads one after the other: the first stores 1 into buf[0..n/2), the second 2 into
 * buf[n/2..n) (1-byte stores), each calls pthread_exit and is joined. Then the caller reads
 * buf[0..n) (1-byte loads) and returns the sum of the bytes; -1 if a thread could not be run.
 */
long write_from_exiting_threads(char *buf, int n) {
    struct stripe stripes[2] = { { buf, n / 2, 1 }, { buf + n / 2, n - n / 2, 2 } };
    for (int t = 0; t < 2; t++) {
        pthread_t thread;
        if (pthread_create(&thread, NULL, write_stripe_and_exit, &stripes[t]) != 0) return -1;
        if (pthread_join(thread, NULL) != 0) return -1;
    }
    long sum = 0;
    for (int i = 0; i < n; i++) sum += ((volatile char *) buf)[i];
    return sum;
}

#define PIPE_DATA 4096

/* One thread reading a pipe into a caller's buffer. */
static struct {
    int fds[2];
    pthread_t thread;
    pid_t tid;
    char *dst;
    int n;
    long result;
    int started;
} reader;

static void *reader_body(void *unused) {
    (void) unused;
    reader.tid = gettid();
    __atomic_store_n(&reader.started, 1, __ATOMIC_RELEASE);
    long r = read(reader.fds[0], reader.dst, reader.n);
    reader.result = r < 0 ? -errno : r;
    return NULL;
}

static int read_proc(const char *what, pid_t tid, char *text, size_t size) {
    char path[64];
    snprintf(path, sizeof path, "/proc/self/task/%d/%s", tid, what);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -1;
    long n = read(fd, text, size - 1);
    close(fd);
    if (n < 0) return -1;
    text[n] = '\0';
    return 0;
}

/* whether thread tid sleeps in read(2): /proc shows it in syscall 0 and in state S (not a ptrace stop) */
static int asleep_in_read(pid_t tid) {
    char syscall[256], stat[512];
    if (read_proc("syscall", tid, syscall, sizeof syscall) != 0 || read_proc("stat", tid, stat, sizeof stat) != 0) return 0;
    char *state = strrchr(stat, ')');
    return strncmp(syscall, "0 ", 2) == 0 && state != NULL && state[1] == ' ' && state[2] == 'S';
}

/*
 * Starts a thread that reads n bytes from a new pipe into dst, and returns once that thread sleeps in
 * read(2): 0, or -ETIMEDOUT after 10 s, or -errno. At most PIPE_DATA bytes.
 */
long reader_start(char *dst, int n) {
    if (n > PIPE_DATA) return -EINVAL;
    if (pipe2(reader.fds, O_CLOEXEC) != 0) return -errno;
    reader.dst = dst;
    reader.n = n;
    reader.started = 0;
    int error = pthread_create(&reader.thread, NULL, reader_body, NULL);
    if (error != 0) return -error;
    while (!__atomic_load_n(&reader.started, __ATOMIC_ACQUIRE)) sched_yield();
    for (int tries = 0; tries < 10000; tries++) {
        if (asleep_in_read(reader.tid)) return 0;
        struct timespec ms = { 0, 1000000 };
        nanosleep(&ms, NULL);
    }
    return -ETIMEDOUT;
}

/*
 * While the reader sleeps: stores 'b' into other[0..m) (1-byte stores), then writes n bytes of
 * (i * 31 + 7) into the pipe, joins the reader and returns what its read(2) returned (-errno on failure).
 */
long reader_feed(char *other, int m) {
    for (int i = 0; i < m; i++) ((volatile char *) other)[i] = 'b';
    char data[PIPE_DATA];
    for (int i = 0; i < reader.n; i++) data[i] = (char) (i * 31 + 7);
    long written = write(reader.fds[1], data, reader.n);
    pthread_join(reader.thread, NULL);
    close(reader.fds[0]);
    close(reader.fds[1]);
    return written == reader.n ? reader.result : -EIO;
}

/* reader_start then reader_feed, in one call */
long read_while_touching(char *dst, int n, char *other, int m) {
    long started = reader_start(dst, n);
    return started == 0 ? reader_feed(other, m) : started;
}
