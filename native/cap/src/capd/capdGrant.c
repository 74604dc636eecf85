/*
 * `grant --uid N` and `revoke --uid N`, run as root (pkexec or sudo). grant copies this very program
 * (/proc/self/exe) to CAPD_INSTALL_DIR/CAPD_INSTALL_NAME: owned by root, mode 0750, CAP_NET_RAW and
 * CAP_NET_ADMIN in its permitted set (the security.capability attribute, VFS_CAP_REVISION_2, no
 * effective bit: the program raises them itself), and a POSIX ACL entry user:N:r-x, so that this one
 * user may run it: no group to join, no new login. Users granted before stay granted, also when a
 * new version replaces the file. revoke takes N's entry out, and with nobody left removes the file.
 * Never a set-user-id bit. A replaced or removed file first loses its capabilities, so a hard link
 * to it (which fs.protected_hardlinks forbids anyway) keeps nothing.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/xattr.h>
#include <unistd.h>

#include "capPrivilege.h"
#include "capd.h"

#define ACL_XATTR "system.posix_acl_access"
#define CAPS_XATTR "security.capability"
#define ACL_VERSION 2
#define ACL_USER_OBJ 0x01
#define ACL_USER 0x02
#define ACL_GROUP_OBJ 0x04
#define ACL_MASK 0x10
#define ACL_OTHER 0x20
#define ACL_NO_ID 0xffffffffu
#define VFS_CAP_REVISION_2 0x02000000u
#define MAX_USERS 64
#define TEMP_NAME ".lanlens-capd.new"

static uint32_t users[MAX_USERS + 1];
static size_t user_count;

static int refuse(const char *what) {
  fprintf(stderr, "lanlens-capd: %s%s%s\n", what, errno ? ": " : "", errno ? strerror(errno) : "");
  return CAPD_EXIT_FAILED;
}

static void put16(unsigned char *at, unsigned value) {
  at[0] = (unsigned char)value;
  at[1] = (unsigned char)(value >> 8);
}

static void put32(unsigned char *at, uint32_t value) {
  put16(at, value & 0xffff);
  put16(at + 2, value >> 16);
}

static uint32_t get32(const unsigned char *at) {
  return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

/* fstat through the system call: glibc 2.33 gave fstat a new symbol version, which would raise the
 * glibc this program needs (the kernel's struct stat is glibc's on x86-64 and arm64). */
static int stat_fd(int fd, struct stat *info) {
  return (int)syscall(SYS_fstat, fd, info);
}

/* Opens (making the last two if missing) /usr/local/libexec/lanlens, each step a root-owned
 * directory nobody else may write, never through a symbolic link. */
static int open_install_dir(int create) {
  static const char *const steps[] = {"usr", "local", "libexec", "lanlens"};
  int dir = open("/", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  size_t i;
  for (i = 0; dir >= 0 && i < sizeof steps / sizeof steps[0]; i++) {
    struct stat info;
    int next = openat(dir, steps[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT && create && i >= 2 && mkdirat(dir, steps[i], 0755) == 0)
      next = openat(dir, steps[i], O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    close(dir);
    dir = next;
    if (dir >= 0 && (stat_fd(dir, &info) != 0 || info.st_uid != 0 || (info.st_mode & 022))) {
      fprintf(stderr, "lanlens-capd: /%s is not a root-owned directory that only root may write\n", steps[i]);
      close(dir);
      return -1;
    }
  }
  return dir;
}

/* The users in the installed file's ACL (none when there is no file). */
static int read_users(int file) {
  unsigned char acl[4 + 8 * (MAX_USERS + 8)];
  ssize_t size = file < 0 ? 0 : fgetxattr(file, ACL_XATTR, acl, sizeof acl);
  ssize_t at;
  user_count = 0;
  if (size < 0) return errno == ENODATA ? 0 : -1;
  if (size == 0) return 0;
  if (size < 4 || (size - 4) % 8 || get32(acl) != ACL_VERSION) return errno = EINVAL, -1;
  for (at = 4; at < size && user_count < MAX_USERS; at += 8)
    if ((acl[at] | acl[at + 1] << 8) == ACL_USER) users[user_count++] = get32(acl + at + 4);
  return 0;
}

static int by_number(const void *a, const void *b) {
  uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
  return x < y ? -1 : x > y;
}

static unsigned char *put_entry(unsigned char *at, unsigned tag, unsigned perm, uint32_t id) {
  put16(at, tag);
  put16(at + 2, perm);
  put32(at + 4, id);
  return at + 8;
}

/* Owner rwx, each user r-x, owning group r-x, mask r-x, others nothing: the file's 0750 plus users. */
static int write_acl(int file) {
  unsigned char acl[4 + 8 * (MAX_USERS + 4)];
  unsigned char *at = acl + 4;
  size_t i;
  qsort(users, user_count, sizeof users[0], by_number);
  put32(acl, ACL_VERSION);
  at = put_entry(at, ACL_USER_OBJ, 7, ACL_NO_ID);
  for (i = 0; i < user_count; i++) at = put_entry(at, ACL_USER, 5, users[i]);
  at = put_entry(at, ACL_GROUP_OBJ, 5, ACL_NO_ID);
  at = put_entry(at, ACL_MASK, 5, ACL_NO_ID);
  at = put_entry(at, ACL_OTHER, 0, ACL_NO_ID);
  return fsetxattr(file, ACL_XATTR, acl, (size_t)(at - acl), 0);
}

/* cap_net_raw,cap_net_admin=p (VFS_CAP_REVISION_2: magic, then permitted and inheritable, twice). */
static int write_capabilities(int file) {
  unsigned char caps[20];
  memset(caps, 0, sizeof caps);
  put32(caps, VFS_CAP_REVISION_2);
  put32(caps + 4, CAP_BITS_NET);
  return fsetxattr(file, CAPS_XATTR, caps, sizeof caps, 0);
}

/* Gives up on the copy: says why (with the errno of the failure), removes it. */
static int discard(int dir, int copy, const char *why) {
  int failure = errno;
  close(copy);
  unlinkat(dir, TEMP_NAME, 0);
  errno = failure;
  return refuse(why);
}

/* A root-owned 0750 copy of this program, named TEMP_NAME in `dir`, ACL and capabilities set. */
static int install_copy(int dir) {
  unsigned char chunk[65536];
  ssize_t got = 1;
  int source = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  int copy = openat(dir, TEMP_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0700);
  if (copy < 0 && errno == EEXIST && unlinkat(dir, TEMP_NAME, 0) == 0)
    copy = openat(dir, TEMP_NAME, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0700);
  if (source < 0 || copy < 0) return refuse("cannot copy the program");
  while (got > 0) {
    got = read(source, chunk, sizeof chunk);
    if (got < 0 && errno == EINTR) got = 1;
    else if (got > 0 && capd_write_all(copy, chunk, (size_t)got) != 0) got = -1;
  }
  close(source);
  /* Capabilities last: writing to a file or changing its owner clears them. */
  if (got < 0 || fchown(copy, 0, 0) != 0 || fchmod(copy, 0750) != 0 || fsync(copy) != 0)
    return discard(dir, copy, "cannot write the copy");
  if (write_acl(copy) != 0) return discard(dir, copy, "cannot set its ACL (does the file system support POSIX ACLs?)");
  if (write_capabilities(copy) != 0) return discard(dir, copy, "cannot set its file capabilities");
  close(copy);
  return 0;
}

static void print_users(const char *done, uint32_t uid) {
  size_t i;
  printf("lanlens-capd: %s uid %u: " CAPD_INSTALL_DIR "/" CAPD_INSTALL_NAME " (cap_net_raw,cap_net_admin=p), users:", done, uid);
  for (i = 0; i < user_count; i++) printf(" %u", users[i]);
  printf("%s\n", user_count ? "" : " none (removed)");
}

int capd_grant(int argc, char **argv, int revoke) {
  unsigned long uid;
  size_t i, found = MAX_USERS + 1;
  int dir, file;
  if (getuid() != 0 || geteuid() != 0) {
    fprintf(stderr, "lanlens-capd: %s must run as root: pkexec or sudo\n", revoke ? "revoke" : "grant");
    return CAPD_EXIT_REFUSED;
  }
  if (argc != 2 || strcmp(argv[0], "--uid") || capd_parse_number(argv[1], 1, 4294967294ul, &uid)) {
    fprintf(stderr, "lanlens-capd: usage: %s --uid N (a user id other than 0)\n", revoke ? "revoke" : "grant");
    return CAPD_EXIT_USAGE;
  }
  umask(022);
  errno = 0;
  dir = open_install_dir(!revoke);
  if (dir < 0) return revoke && errno == ENOENT ? (printf("lanlens-capd: nothing installed\n"), 0) : refuse("no install directory");
  file = openat(dir, CAPD_INSTALL_NAME, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (file < 0 && errno != ENOENT) return refuse("cannot open the installed program");
  if (read_users(file) != 0) return refuse("cannot read the installed program's ACL");
  for (i = 0; i < user_count; i++)
    if (users[i] == uid) found = i;
  if (!revoke) {
    if (found > MAX_USERS) users[user_count++] = (uint32_t)uid;
    if (install_copy(dir) != 0) return CAPD_EXIT_FAILED;
    if (file >= 0) fremovexattr(file, CAPS_XATTR);
    if (renameat(dir, TEMP_NAME, dir, CAPD_INSTALL_NAME) != 0) return refuse("cannot put the copy in place");
  } else if (found > MAX_USERS) {
    printf("lanlens-capd: uid %lu was not granted\n", uid);
  } else {
    users[found] = users[--user_count];
    if (user_count && (write_acl(file) != 0 || write_capabilities(file) != 0)) return refuse("cannot update the ACL");
    if (!user_count) {
      fremovexattr(file, CAPS_XATTR);
      if (unlinkat(dir, CAPD_INSTALL_NAME, 0) != 0) return refuse("cannot remove the installed program");
    }
  }
  fsync(dir);
  close(dir);
  if (!revoke || found <= MAX_USERS) print_users(revoke ? "revoked" : "granted", (uint32_t)uid);
  if (revoke && !user_count) rmdir(CAPD_INSTALL_DIR);
  return 0;
}
