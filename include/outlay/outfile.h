/*
 * outfile: where a file that outlay writes (a workbook, a backup) lands, and
 * how it gets there without ever destroying something else (SPEC §10: never a
 * file written over the ledger, never half a file).
 *
 * - The open ledger and its -wal, -shm and -journal files are refused
 *   however the path is spelled (another relative path, a symbolic link, a
 *   hard link): files are compared by identity (device and inode), names
 *   that do not exist yet by their canonical directory.
 * - A regular file, or a new name, is written to a temporary file beside it
 *   and renamed over it once complete and synced; a symbolic link is
 *   followed, so the file it points to is replaced and the link stays.
 * - A character device, FIFO or socket (/dev/null, /dev/stdout on a pipe)
 *   and "-" (standard output) are never replaced: the bytes are written
 *   into them. A block device (a disk) is refused.
 *
 *     int write_the_file(const char *path);   // the writer, yours
 *     struct outlay_outfile of; outlay_err err = {0};
 *     enum outlay_status rc = outlay_outfile_begin(&of, "trip.xlsx", "outlay.db", 0666, &err);
 *     if (rc == OUTLAY_OK && write_the_file(of.tmp) == 0)
 *         rc = outlay_outfile_commit(&of, &err);
 *     outlay_outfile_release(&of);
 */
#ifndef OUTLAY_OUTFILE_H
#define OUTLAY_OUTFILE_H

#include <sys/types.h>

#include "outlay/status.h"

struct outlay_outfile {
    const char *path; /* as the caller gave it, for problems (borrowed) */
    char *target;     /* the regular file to rename over; NULL when streaming */
    char *tmp;        /* where the writer writes: an empty file, created */
    char *tmpdir;     /* directory of tmp, for a writer's own scratch files */
    int fd;           /* streaming: the device, pipe or stdout written at commit */
    int own_fd;       /* whether fd is ours to close */
    int committed;
};

/* Decides where path's bytes go and creates the empty temporary file
 * of->tmp for the writer. guard (may be NULL) is a ledger path whose files
 * must never be written: naming it, or one of its -wal/-shm/-journal files,
 * is OUTLAY_EINVAL (OUTLAY_P_OUTFILE_LEDGER). mode is the new file's mode
 * before the umask (0666 for a document, 0600 for a copy of the ledger). A
 * directory, a dangling symbolic link, a block device or a directory that
 * cannot be written is a problem (OUTLAY_P_OUTFILE_*) whose first argument is
 * the path (its first 200 bytes and "…" when longer). Always release with
 * outlay_outfile_release(), even after a failure. */
enum outlay_status outlay_outfile_begin(struct outlay_outfile *of, const char *path,
                                        const char *guard, mode_t mode, outlay_err *err);

/* Puts the finished of->tmp in place: synced and renamed over the target, or
 * copied into the device, pipe or stdout. OUTLAY_EIO on failure, with
 * OUTLAY_P_OUTFILE_WRITE or OUTLAY_P_OUTFILE_NO_SPACE (the path and the
 * system error; then nothing was replaced). */
enum outlay_status outlay_outfile_commit(struct outlay_outfile *of, outlay_err *err);

/* Removes of->tmp unless committed, closes what begin opened, frees. Accepts
 * a zeroed or released struct. */
void outlay_outfile_release(struct outlay_outfile *of);

/* Whether path names the ledger at guard or one of its -wal, -shm or
 * -journal files (by identity, or by canonical name for files that do not
 * exist). */
int outlay_outfile_is_guarded(const char *path, const char *guard);

/* Whether path is where standard output goes ("-", /dev/stdout, or the
 * file stdout was redirected to), so that nothing else is printed there. */
int outlay_outfile_is_stdout(const char *path);

#endif
