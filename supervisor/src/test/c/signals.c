/*
 * Native code that sends itself SIGURG with a handler installed, as Go's runtime does to preempt its
 * threads (tgkill(getpid(), tid, SIGURG) every 10 ms), for the supervisor's end-marker tests.
 * Built into libtracee.so.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <unistd.h>

static volatile sig_atomic_t sigurgs;

static void on_sigurg(int signal) {
    (void) signal;
    sigurgs++;
}

struct target { pid_t pid, tid; };

/* Go's sysmon thread preempts a running goroutine's thread this way */
static void *send_sigurg(void *arg) {
    struct target *t = arg;
    syscall(SYS_tgkill, t->pid, t->tid, SIGURG);
    return NULL;
}

/*
 * Installs a SIGURG handler and has this thread sent SIGURG three times: by itself with pthread_kill
 * and with a raw tgkill, then by another thread with tgkill (the handler has run when pthread_join
 * returns: a pending signal is delivered whenever the thread returns to user space). Restores the
 * previous handler and signal mask, then reads buf[0..n) (one 1-byte load each) and returns the sum of
 * its bytes. -1 when the handler did not run once per signal, -2 if it could not be installed.
 */
long sigurg_then_sum(const volatile unsigned char *buf, int n) {
    struct sigaction action = { 0 }, previous;
    action.sa_handler = on_sigurg;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGURG, &action, &previous) != 0) return -2;
    sigset_t urgent, mask;
    sigemptyset(&urgent);
    sigaddset(&urgent, SIGURG);
    pthread_sigmask(SIG_UNBLOCK, &urgent, &mask);
    sigurgs = 0;
    pthread_kill(pthread_self(), SIGURG);
    syscall(SYS_tgkill, getpid(), gettid(), SIGURG);
    struct target self = { getpid(), gettid() };
    pthread_t sender;
    if (pthread_create(&sender, NULL, send_sigurg, &self) == 0) pthread_join(sender, NULL);
    int handled = sigurgs;
    pthread_sigmask(SIG_SETMASK, &mask, NULL);
    sigaction(SIGURG, &previous, NULL);
    if (handled != 3) return -1;
    long sum = 0;
    for (int i = 0; i < n; i++) sum += buf[i];
    return sum;
}

static volatile sig_atomic_t sigprofs;

static void on_sigprof(int signal) {
    (void) signal;
    sigprofs++;
}

/*
 * Sums buf[0..n) `rounds` times (one 1-byte load each) while a profiling timer (setitimer ITIMER_PROF,
 * every 100 us of the process's CPU time) interrupts it with SIGPROF, as gprof and many profilers do.
 * Disarms the timer and restores the handler before returning. Stores the number of SIGPROFs handled
 * in *handled; returns the sum, -2 if the handler or timer could not be installed.
 */
long sum_under_sigprof(const volatile unsigned char *buf, int n, int rounds, int *handled) {
    struct sigaction action = { 0 }, previous;
    action.sa_handler = on_sigprof;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    if (sigaction(SIGPROF, &action, &previous) != 0) return -2;
    struct itimerval every = { { 0, 100 }, { 0, 100 } }, off = { { 0, 0 }, { 0, 0 } };
    sigprofs = 0;
    if (setitimer(ITIMER_PROF, &every, NULL) != 0) return -2;
    long sum = 0;
    for (int r = 0; r < rounds; r++) {
        for (int i = 0; i < n; i++) sum += buf[i];
    }
    setitimer(ITIMER_PROF, &off, NULL);
    *handled = sigprofs;
    sigaction(SIGPROF, &previous, NULL);
    return sum;
}
