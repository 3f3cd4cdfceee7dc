/*
 * Native code that lives in no library file, for the supervisor's code-origin tests: machine code
 * generated at run time into an anonymous executable page (as PCRE2's JIT, LuaJIT or libffi closures
 * make), and glibc's clock_gettime and gettimeofday, which run in the vDSO. Built into libtracee.so.
 */
#define _GNU_SOURCE
#include <string.h>
#include <sys/mman.h>
#include <sys/time.h>
#include <time.h>

/*
 * long byte_sum(const unsigned char *buf (rdi), long n (rsi)): one 1-byte load per byte.
 *   xor eax,eax; test rsi,rsi; je done
 *   loop: movzx ecx,byte [rdi]; add rax,rcx; inc rdi; dec rsi; jne loop
 *   done: ret
 */
static const unsigned char BYTE_SUM[] = {
    0x31, 0xc0, 0x48, 0x85, 0xf6, 0x74, 0x0e,
    0x0f, 0xb6, 0x0f, 0x48, 0x01, 0xc8, 0x48, 0xff, 0xc7, 0x48, 0xff, 0xce, 0x75, 0xf2,
    0xc3,
};

typedef long (*byte_sum_fn)(const unsigned char *, long);

/* [0]: mapped read-write, then made read-execute; [1]: mapped read-write-execute. Kept, as a JIT keeps its code. */
static byte_sum_fn generated[2];

static byte_sum_fn generate(int rwx) {
    int prot = PROT_READ | PROT_WRITE | (rwx ? PROT_EXEC : 0);
    void *page = mmap(NULL, 4096, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page == MAP_FAILED) return NULL;
    memcpy(page, BYTE_SUM, sizeof BYTE_SUM);
    if (!rwx && mprotect(page, 4096, PROT_READ | PROT_EXEC) != 0) return NULL;
    return (byte_sum_fn) page;
}

/*
 * The sum of the bytes of buf[0..n), computed by generated machine code (made by the first call of
 * each kind, rwx or not, and reused by later ones); -1 if the page could not be made.
 */
long generated_byte_sum(const unsigned char *buf, long n, int rwx) {
    int kind = rwx != 0;
    if (generated[kind] == NULL) generated[kind] = generate(kind);
    return generated[kind] == NULL ? -1 : generated[kind](buf, n);
}

/*
 * glibc 2.36 on x86-64 calls the vDSO for both, and the vDSO stores the 16-byte result from user
 * space. Checked on the development machine (Debian 12, kernel 6.18, clocksource tsc) with gdb
 * watchpoints on the structs: both stores are made by clock_gettime and gettimeofday "in section
 * .text of system-supplied DSO", and strace shows no clock_gettime or gettimeofday syscall. Where the clocksource has no vDSO support the vDSO makes
 * the syscall itself, from its own code: the access is then the kernel's, still at an ip in [vdso].
 */
int vdso_clock_gettime(struct timespec *ts) { return clock_gettime(CLOCK_MONOTONIC, ts); }

int vdso_gettimeofday(struct timeval *tv) { return gettimeofday(tv, NULL); }
