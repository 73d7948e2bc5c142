/*
 * Kills the process (SIGKILL) right before its n-th write or sync of a file whose path starts with a prefix, counting
 * over all threads; or, without a kill point, records how many such calls the process made. Loaded with LD_PRELOAD.
 *   BATCHIVO_KILL_PATH   the path prefix: the database file, so its -journal, -wal and -shm files count too
 *   BATCHIVO_KILL_AT     the call to die at (1 = the first); unset: never
 *   BATCHIVO_KILL_COUNT  a file the count so far is written to after each call
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <fcntl.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *prefix;
static long kill_at = -1;
static const char *count_file;
static atomic_long calls;

__attribute__((constructor)) static void setup(void)
{
    prefix = getenv("BATCHIVO_KILL_PATH");
    const char *at = getenv("BATCHIVO_KILL_AT");
    if (at != NULL) kill_at = atol(at);
    count_file = getenv("BATCHIVO_KILL_COUNT");
}

static int on_target(int fd)
{
    char link[64], path[4096];
    if (prefix == NULL) return 0;
    snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
    ssize_t n = readlink(link, path, sizeof path - 1);
    if (n <= 0) return 0;
    path[n] = '\0';
    return strncmp(path, prefix, strlen(prefix)) == 0;
}

static void step(int fd)
{
    if (!on_target(fd)) return;
    long k = atomic_fetch_add(&calls, 1) + 1;
    if (k == kill_at) raise(SIGKILL);
    if (count_file != NULL) {
        int out = open(count_file, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (out >= 0) { dprintf(out, "%ld\n", k); close(out); }
    }
}

#define REAL(name) static __typeof__(name) *real; if (real == NULL) real = dlsym(RTLD_NEXT, #name)

ssize_t write(int fd, const void *buffer, size_t count) { REAL(write); step(fd); return real(fd, buffer, count); }
ssize_t pwrite(int fd, const void *buffer, size_t count, off_t offset) { REAL(pwrite); step(fd); return real(fd, buffer, count, offset); }
ssize_t pwrite64(int fd, const void *buffer, size_t count, off64_t offset) { REAL(pwrite64); step(fd); return real(fd, buffer, count, offset); }
int fsync(int fd) { REAL(fsync); step(fd); return real(fd); }
int fdatasync(int fd) { REAL(fdatasync); step(fd); return real(fd); }
