/* What lanlens-capd's two files share: the grant and revoke modes (capdGrant.c) and small helpers. */
#ifndef CAPD_H
#define CAPD_H

#include <stddef.h>
#include <stdint.h>

/* Where the grant installs the program: a root-owned directory, the file root's, 0750. */
#define CAPD_INSTALL_DIR "/usr/local/libexec/lanlens"
#define CAPD_INSTALL_NAME "lanlens-capd"

/* Exit statuses: 0 done, 1 the work failed, 2 bad arguments, 3 refused to run at all. */
#define CAPD_EXIT_FAILED 1
#define CAPD_EXIT_USAGE 2
#define CAPD_EXIT_REFUSED 3

/* `grant --uid N` and `revoke --uid N` (root only); `args` are the arguments after the mode. */
int capd_grant(int argc, char **argv, int revoke);

/* A whole number in [min, max], all digits; 0 on success. */
int capd_parse_number(const char *text, unsigned long min, unsigned long max, unsigned long *out);

/* Writes `size` bytes to `fd`, waiting while it is full; 0 on success. */
int capd_write_all(int fd, const void *data, size_t size);

#endif
