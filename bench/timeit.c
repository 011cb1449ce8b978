/*
 * timeit: runs a command and writes its wall time, peak resident set size,
 * exit status and CPU time (user + system), "SECONDS PEAK_KB STATUS CPU", to
 * a file: `/usr/bin/time -f '%e %M %x'` with microseconds and no package to
 * install.
 *
 *     timeit OUT.txt outlay report bench
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: timeit OUT COMMAND [ARG...]\n");
        return 2;
    }
    struct timespec t0, t1;
    struct rusage ru;
    int status = 0;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    pid_t pid = fork();
    if (pid < 0) {
        perror("timeit: fork");
        return 1;
    }
    if (pid == 0) {
        execvp(argv[2], argv + 2);
        fprintf(stderr, "timeit: cannot run '%s': %s\n", argv[2], strerror(errno));
        _exit(127);
    }
    if (wait4(pid, &status, 0, &ru) < 0) {
        perror("timeit: wait4");
        return 1;
    }
    clock_gettime(CLOCK_MONOTONIC, &t1);
    double s = (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9;
    int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    double cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
                 (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6;
    FILE *f = fopen(argv[1], "w");
    if (!f || fprintf(f, "%.6f %ld %d %.6f\n", s, ru.ru_maxrss, code, cpu) < 0 || fclose(f) != 0) {
        fprintf(stderr, "timeit: cannot write '%s'\n", argv[1]);
        return 1;
    }
    return code;
}
