/*
 * outfile: the one way outlay puts a file it wrote in place (see outfile.h).
 *
 * Why not just write to the name: export -o l.db once replaced the ledger
 * with a workbook, -o l.db-wal replaced the live WAL, and as root the
 * temp-then-rename step replaced /dev/null with a regular file. So the
 * target is examined first: the ledger's files by identity, devices and
 * pipes written into, and only regular files (or new names) renamed over.
 */
#include "outlay/outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const ledger_suffixes[] = {"", "-wal", "-shm", "-journal"};
#define NSUFFIXES (sizeof ledger_suffixes / sizeof ledger_suffixes[0])

/* The canonical name of path: its directory resolved (symbolic links, "..")
 * and its last component kept. NULL when the directory does not exist.
 * Caller frees. */
static char *canonical_name(const char *path)
{
    char *copy = strdup(path), *out = NULL;
    if (!copy)
        return NULL;
    char *slash = strrchr(copy, '/');
    const char *dir = ".", *base = copy;
    if (slash) {
        *slash = 0;
        dir = slash == copy ? "/" : copy;
        base = slash + 1;
    }
    char *real = realpath(dir, NULL);
    if (real) {
        size_t n = strlen(real) + strlen(base) + 2;
        out = malloc(n);
        if (out)
            snprintf(out, n, "%s%s%s", real, strcmp(real, "/") ? "/" : "", base);
    }
    free(real);
    free(copy);
    return out;
}

/* The ledger's own name, symbolic links resolved as SQLite resolves them:
 * its -wal and -shm live beside the file the link points to. */
static char *ledger_name(const char *guard)
{
    char *real = realpath(guard, NULL);
    return real ? real : canonical_name(guard);
}

/* Whether the file with identity *target (NULL: a name that does not exist,
 * then compared as the canonical `name`) is one of the ledger's files. */
static int guarded(const struct stat *target, const char *name, const char *guard)
{
    if (!guard || !*guard)
        return 0;
    char *canon = target ? NULL : canonical_name(name);
    char *base = ledger_name(guard);
    int hit = 0;
    for (size_t i = 0; i < NSUFFIXES && base && !hit; i++) {
        size_t n = strlen(base) + strlen(ledger_suffixes[i]) + 1;
        char *g = malloc(n);
        if (!g)
            break;
        snprintf(g, n, "%s%s", base, ledger_suffixes[i]);
        struct stat gs;
        if (target)
            hit = stat(g, &gs) == 0 && gs.st_dev == target->st_dev && gs.st_ino == target->st_ino;
        else
            hit = canon && strcmp(canon, g) == 0;
        free(g);
    }
    free(base);
    free(canon);
    return hit;
}

int outlay_outfile_is_guarded(const char *path, const char *guard)
{
    if (!path)
        return 0;
    struct stat target;
    /* "-" is whatever standard output is: the ledger itself with 1<>l.db. */
    if (!strcmp(path, "-"))
        return fstat(STDOUT_FILENO, &target) == 0 && guarded(&target, NULL, guard);
    if (stat(path, &target) == 0)
        return guarded(&target, NULL, guard);
    return guarded(NULL, path, guard);
}

int outlay_outfile_is_stdout(const char *path)
{
    struct stat a, b;
    if (!path)
        return 0;
    if (!strcmp(path, "-"))
        return 1;
    return stat(path, &a) == 0 && fstat(STDOUT_FILENO, &b) == 0 && a.st_dev == b.st_dev &&
           a.st_ino == b.st_ino;
}

/* A path as problems show it: whole up to 200 bytes, else its first 200
 * bytes, cut at a character boundary, and "…" (within the 255 bytes of a
 * problem's text argument). */
struct shown {
    char s[208];
};

static struct shown shown(const char *path)
{
    struct shown sh;
    size_t n = strlen(path);
    if (n <= 200) {
        snprintf(sh.s, sizeof sh.s, "%s", path);
        return sh;
    }
    n = 200;
    while (n > 0 && ((unsigned char)path[n] & 0xC0) == 0x80)
        n--;
    snprintf(sh.s, sizeof sh.s, "%.*s…", (int)n, path);
    return sh;
}

static enum outlay_status io_error(const char *path_, int e, outlay_err *err)
{
    struct shown sh = shown(path_);
    const char *path = sh.s;
    if (e == ENOSPC || e == EDQUOT || e == EFBIG)
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_OUTFILE_NO_SPACE, OUTLAY_A_TEXT(path),
                           OUTLAY_A_ERRNO(e));
    return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_OUTFILE_WRITE, OUTLAY_A_TEXT(path),
                       OUTLAY_A_ERRNO(e));
}

/* An empty temporary file named from prefix, with the given mode. */
static enum outlay_status make_temp(struct outlay_outfile *of, const char *prefix, mode_t mode,
                                    outlay_err *err)
{
    static const char suffix[] = ".tmp-XXXXXX";
    size_t n = strlen(prefix) + sizeof suffix;
    if (!(of->tmp = malloc(n)))
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    snprintf(of->tmp, n, "%s%s", prefix, suffix);
    int fd = mkstemp(of->tmp);
    if (fd < 0) {
        int e = errno;
        free(of->tmp);
        of->tmp = NULL;
        enum outlay_status rc = io_error(of->path, e, err);
        errno = e; /* for a caller that words it its own way */
        return rc;
    }
    /* mkstemp() makes 0600; a document gets what a plain open() gives. */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, mode & ~mask);
    close(fd);
    char *slash = strrchr(of->tmp, '/');
    of->tmpdir = !slash             ? strdup(".")
                 : slash == of->tmp ? strdup("/")
                                    : strndup(of->tmp, (size_t)(slash - of->tmp));
    if (!of->tmpdir)
        return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
    return OUTLAY_OK;
}

/* The temporary file of a stream, in $TMPDIR (or /tmp): the problem names
 * that directory, which is what would need fixing. */
static enum outlay_status stream_temp(struct outlay_outfile *of, const char *prefix,
                                      outlay_err *err)
{
    enum outlay_status rc = make_temp(of, prefix, 0600, err);
    if (rc == OUTLAY_EIO) {
        int e = errno; /* make_temp's, before anything else may change it */
        const char *t = getenv("TMPDIR");
        struct shown sh = shown(of->path);
        return outlay_fail(err, OUTLAY_EIO, OUTLAY_P_OUTFILE_TMPDIR, OUTLAY_A_TEXT(sh.s),
                           OUTLAY_A_TEXT(t && *t ? t : "/tmp"), OUTLAY_A_ERRNO(e));
    }
    return rc;
}

enum outlay_status outlay_outfile_begin(struct outlay_outfile *of, const char *path,
                                        const char *guard, mode_t mode, outlay_err *err)
{
    memset(of, 0, sizeof *of);
    of->fd = -1;
    of->path = path;
    if (!path || !*path)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_NO_NAME);
    struct shown sh = shown(path);
    if (outlay_outfile_is_guarded(path, guard))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_LEDGER, OUTLAY_A_TEXT(sh.s));
    const char *tmpbase = getenv("TMPDIR");
    char prefix[PATH_MAX];
    snprintf(prefix, sizeof prefix, "%s/outlay", tmpbase && *tmpbase ? tmpbase : "/tmp");
    if (!strcmp(path, "-")) {
        of->fd = STDOUT_FILENO;
        return stream_temp(of, prefix, err);
    }
    struct stat sb, lsb;
    if (stat(path, &sb) != 0) {
        if (errno != ENOENT)
            return io_error(path, errno, err);
        if (lstat(path, &lsb) == 0)
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_DANGLING, OUTLAY_A_TEXT(sh.s));
        /* A new name: written beside it, renamed once complete. */
        if (!(of->target = strdup(path)))
            return outlay_fail(err, OUTLAY_ENOMEM, OUTLAY_P_NOMEM);
        return make_temp(of, path, mode, err);
    }
    if (S_ISDIR(sb.st_mode))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_DIRECTORY, OUTLAY_A_TEXT(sh.s));
    if (S_ISBLK(sb.st_mode))
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_DISK, OUTLAY_A_TEXT(sh.s));
    if (!S_ISREG(sb.st_mode)) {
        /* A device, FIFO or socket is written into, never replaced. What
         * was opened is checked again: the name may have changed since. */
        struct stat fs;
        of->fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
        if (of->fd < 0)
            return io_error(path, errno, err);
        of->own_fd = 1;
        if (fstat(of->fd, &fs) == 0 && guarded(&fs, NULL, guard))
            return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_IS_LEDGER, OUTLAY_A_TEXT(sh.s));
        return stream_temp(of, prefix, err);
    }
    /* A regular file, perhaps through a symbolic link: replace the file
     * the link points to, keeping its permissions; the link stays. */
    if (!(of->target = realpath(path, NULL)))
        return io_error(path, errno, err);
    return make_temp(of, of->target, sb.st_mode & 07777, err);
}

/* fsync() of a file or directory by name. */
static int sync_path(const char *path, int flags)
{
    int fd = open(path, flags | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int r = fsync(fd);
    int e = errno;
    close(fd);
    errno = e;
    return r;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Copies the finished temporary file into the stream. The temporary file is
 * unlinked first, so nothing is left behind even if the reader goes away. */
static enum outlay_status copy_to_stream(struct outlay_outfile *of, outlay_err *err)
{
    int in = open(of->tmp, O_RDONLY | O_CLOEXEC);
    if (in < 0)
        return io_error(of->path, errno, err);
    unlink(of->tmp);
    of->committed = 1;
    char buf[65536];
    ssize_t r;
    int e = 0;
    while ((r = read(in, buf, sizeof buf)) != 0) {
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0 || write_all(of->fd, buf, (size_t)r) != 0) {
            e = errno ? errno : EIO;
            break;
        }
    }
    close(in);
    if (e)
        return io_error(of->path, e, err);
    return OUTLAY_OK;
}

enum outlay_status outlay_outfile_commit(struct outlay_outfile *of, outlay_err *err)
{
    if (!of->tmp)
        return outlay_fail(err, OUTLAY_EINVAL, OUTLAY_P_OUTFILE_NOT_STARTED);
    if (of->fd >= 0)
        return copy_to_stream(of, err);
    /* The bytes reach the disk before rename() gives them the name, and the
     * name after it, so a power cut never leaves a short file there. */
    if (sync_path(of->tmp, O_RDONLY) != 0 || rename(of->tmp, of->target) != 0)
        return io_error(of->path, errno, err);
    of->committed = 1;
    /* Some file systems refuse fsync on a directory; the file itself is
     * already safe, so that is not an error. */
    (void)sync_path(of->tmpdir, O_RDONLY | O_DIRECTORY);
    return OUTLAY_OK;
}

void outlay_outfile_release(struct outlay_outfile *of)
{
    if (!of)
        return;
    if (of->tmp && !of->committed)
        unlink(of->tmp);
    if (of->own_fd && of->fd >= 0)
        close(of->fd);
    free(of->tmp);
    free(of->tmpdir);
    free(of->target);
    memset(of, 0, sizeof *of);
    of->fd = -1;
}
