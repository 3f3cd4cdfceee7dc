/*
 * Syscalls on caller-supplied buffers, for the supervisor's syscall tests: each function makes one
 * syscall whose user memory is known, and returns its result (-errno on failure, never touching the
 * buffers itself), so a test can compare the traced events with the truth. Built into libtracee.so.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <time.h>
#include <unistd.h>

static long result(long r) { return r < 0 ? -errno : r; }

/* read(2) of up to n bytes of the file at path into buf */
long sys_read_file(const char *path, void *buf, long n) {
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    long r = result(read(fd, buf, n));
    close(fd);
    return r;
}

/* fills a pipe with n bytes of (i * 31 + 7) from the stack, then read(2)s them into buf */
long sys_read_pipe(void *buf, long n) {
    char data[4096];
    int fds[2];
    if (n > (long) sizeof data || pipe2(fds, O_CLOEXEC) != 0) return -EINVAL;
    for (long i = 0; i < n; i++) data[i] = (char) (i * 31 + 7);
    long r = write(fds[1], data, n) == n ? result(read(fds[0], buf, n)) : -EIO;
    close(fds[0]);
    close(fds[1]);
    return r;
}

/* readv(2) of a pipe holding n bytes of (i * 31 + 7) through the iovec array iov */
long sys_readv_pipe(const struct iovec *iov, int count, long n) {
    char data[4096];
    int fds[2];
    if (n > (long) sizeof data || pipe2(fds, O_CLOEXEC) != 0) return -EINVAL;
    for (long i = 0; i < n; i++) data[i] = (char) (i * 31 + 7);
    long r = write(fds[1], data, n) == n ? result(readv(fds[0], iov, count)) : -EIO;
    close(fds[0]);
    close(fds[1]);
    return r;
}

/* write(2) of n bytes of buf to /dev/null */
long sys_write_devnull(const void *buf, long n) {
    int fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
    if (fd < 0) return -errno;
    long r = result(write(fd, buf, n));
    close(fd);
    return r;
}

/* write(2) of n bytes of buf into a pipe, read back into readback (at least n bytes) */
long sys_write_pipe(const void *buf, long n, void *readback) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
    long r = result(write(fds[1], buf, n));
    if (r == n && read(fds[0], readback, n) != n) r = -EIO;
    close(fds[0]);
    close(fds[1]);
    return r;
}

long sys_getrandom(void *buf, long n) { return result(syscall(SYS_getrandom, buf, n, 0)); }

/* the syscall itself, not the vDSO (which would write the struct from user space) */
long sys_clock_gettime(struct timespec *ts) { return result(syscall(SYS_clock_gettime, CLOCK_REALTIME, ts)); }

/* stat(2) (newfstatat in glibc) of the path string into st */
long sys_stat(const char *path, struct stat *st) { return result(stat(path, st)); }

/* sched_getaffinity(2), a syscall the supervisor's table does not describe: returns the bytes written */
long sys_sched_getaffinity(void *mask, long size) { return result(syscall(SYS_sched_getaffinity, 0, size, mask)); }

/* n getpid syscalls: a call whose syscalls touch no tracked memory */
long sys_getpid_loop(long n) {
    long sum = 0;
    for (long i = 0; i < n; i++) sum += syscall(SYS_getpid);
    return sum;
}

/* read(2) into buf from a pipe nobody writes to: blocks until the process is killed */
long sys_read_forever(void *buf, long n) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -errno;
    return result(read(fds[0], buf, n));
}

/* a connected AF_UNIX datagram socketpair into fds; -errno on failure */
static long datagram_pair(int fds[2]) { return socketpair(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0, fds) == 0 ? 0 : -errno; }

/*
 * recvmsg(2) through a msghdr whose iovec array is iov (count entries, set up by the caller), of one
 * datagram of n bytes of (i * 31 + 7) sent from the stack; returns what recvmsg returned.
 */
long sys_recvmsg_iov(struct iovec *iov, int count, long n) {
    char data[4096];
    int fds[2];
    if (n > (long) sizeof data || datagram_pair(fds) != 0) return -EINVAL;
    for (long i = 0; i < n; i++) data[i] = (char) (i * 31 + 7);
    struct msghdr msg = { .msg_iov = iov, .msg_iovlen = count };
    long r = send(fds[1], data, n, 0) == n ? result(recvmsg(fds[0], &msg, 0)) : -EIO;
    close(fds[0]);
    close(fds[1]);
    return r;
}

/* the same with the msghdr and its one iovec on the C stack: only buf (capacity cap) is the caller's */
long sys_recvmsg(void *buf, long cap, long n) {
    struct iovec iov = { buf, cap };
    return sys_recvmsg_iov(&iov, 1, n);
}

/*
 * sendmsg(2) of buf[0..n) through a msghdr and iovec on the C stack, received back into readback
 * (at least n bytes); returns what sendmsg returned.
 */
long sys_sendmsg(const void *buf, long n, void *readback) {
    int fds[2];
    if (datagram_pair(fds) != 0) return -EINVAL;
    struct iovec iov = { (void *) buf, n };
    struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
    long r = result(sendmsg(fds[1], &msg, 0));
    if (r == n && recv(fds[0], readback, n, 0) != n) r = -EIO;
    close(fds[0]);
    close(fds[1]);
    return r;
}
