/*
 * Capabilities through the raw capget/capset system calls (no libcap to find at run time), and the
 * drop from root to a user that keeps only what capture needs. Capabilities are per thread: these
 * calls change the calling thread. A drop from root runs setresuid through glibc, which applies it
 * to every thread; the others, lacking PR_SET_KEEPCAPS, lose every capability on the way.
 */
#ifdef __linux__
#define _GNU_SOURCE /* setresuid and friends */
#endif
#include <stdio.h>
#include <string.h>

#include "capPrivilege.h"

#ifdef __linux__
#include <errno.h>
#include <grp.h>
#include <linux/capability.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef PR_CAP_AMBIENT
#define PR_CAP_AMBIENT 47
#define PR_CAP_AMBIENT_CLEAR_ALL 4
#endif
#define CAP_LAST_POSSIBLE 63

static int fail(cap_error *error, const char *what) {
  if (error) {
    error->code = errno == EPERM ? CAP_EPERM : CAP_EINVAL;
    snprintf(error->message, sizeof error->message, "%s: %s", what, strerror(errno));
  }
  return -1;
}

int cap_priv_get(cap_sets *sets) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  if (syscall(SYS_capget, &header, data) != 0) return -1;
  sets->effective = data[0].effective;
  sets->permitted = data[0].permitted;
  sets->high = data[1].effective | data[1].permitted;
  return 0;
}

int cap_priv_set(uint32_t effective, uint32_t permitted) {
  struct __user_cap_header_struct header = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct data[2];
  memset(data, 0, sizeof data);
  data[0].effective = effective;
  data[0].permitted = permitted;
  if (syscall(SYS_capset, &header, data) != 0) return -1;
  /* Ambient capabilities would pass to programs this one starts; there must be none. */
  if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) != 0 && errno != EINVAL) return -1;
  return 0;
}

/* Shrinks the bounding set to `keep` (needs CAP_SETPCAP, so only while root): no later exec, even of
 * a file with capabilities, can gain more. Capabilities the kernel does not know end the loop. */
static int shrink_bounding_set(uint32_t keep) {
  int cap;
  for (cap = 0; cap <= CAP_LAST_POSSIBLE; cap++) {
    if (cap < 32 && (keep & (1u << cap))) continue;
    if (prctl(PR_CAPBSET_READ, cap, 0, 0, 0) < 0) break;
    if (prctl(PR_CAPBSET_DROP, cap, 0, 0, 0) != 0) return -1;
  }
  return 0;
}

int cap_drop_all(cap_error *error) {
  cap_sets sets;
  if (cap_priv_set(0, 0) != 0) return fail(error, "capset");
  if (cap_priv_get(&sets) != 0) return fail(error, "capget");
  if (sets.permitted || sets.effective || sets.high) {
    errno = EPERM;
    return fail(error, "capabilities are left after the drop");
  }
  return 0;
}

int cap_drop_to_user(uint32_t uid, uint32_t gid, int keep_net_caps, cap_error *error) {
  uint32_t keep = keep_net_caps ? CAP_BITS_NET : 0;
  uid_t ruid, euid, suid;
  gid_t rgid, egid, sgid;
  gid_t groups[1];
  cap_sets sets;
  groups[0] = (gid_t)gid;
  if (uid == 0) {
    errno = EINVAL;
    return fail(error, "refusing to drop to uid 0");
  }
  if (geteuid() == 0) {
    if (shrink_bounding_set(keep) != 0) return fail(error, "prctl(PR_CAPBSET_DROP)");
    /* Keep the permitted set across the change of uid (this thread only), then shrink it. */
    if (prctl(PR_SET_KEEPCAPS, 1, 0, 0, 0) != 0) return fail(error, "prctl(PR_SET_KEEPCAPS)");
    if (setgroups(1, groups) != 0) return fail(error, "setgroups");
    if (setresgid((gid_t)gid, (gid_t)gid, (gid_t)gid) != 0) return fail(error, "setresgid");
    if (setresuid((uid_t)uid, (uid_t)uid, (uid_t)uid) != 0) return fail(error, "setresuid");
    if (prctl(PR_SET_KEEPCAPS, 0, 0, 0, 0) != 0) return fail(error, "prctl(PR_SET_KEEPCAPS, 0)");
  } else if (getuid() != (uid_t)uid) {
    errno = EPERM;
    return fail(error, "not root and not that user");
  }
  if (cap_priv_get(&sets) != 0) return fail(error, "capget");
  keep &= sets.permitted;
  if (cap_priv_set(keep, keep) != 0) return fail(error, "capset");
  /* Nothing this process starts can gain privileges (a set-user-id program, file capabilities). */
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return fail(error, "prctl(PR_SET_NO_NEW_PRIVS)");
  /* Check the outcome rather than trust it: any other id or capability left is an error. */
  if (getresuid(&ruid, &euid, &suid) != 0 || getresgid(&rgid, &egid, &sgid) != 0) return fail(error, "getresuid");
  if (cap_priv_get(&sets) != 0) return fail(error, "capget");
  if (ruid != uid || euid != uid || suid != uid || rgid != gid || egid != gid || sgid != gid ||
      sets.permitted != keep || sets.effective != keep || sets.high != 0) {
    errno = EPERM;
    return fail(error, "the drop did not take");
  }
  return 0;
}

#else

static int unsupported(cap_error *error) {
  if (error) {
    error->code = CAP_EINVAL;
    snprintf(error->message, sizeof error->message, "capabilities are a Linux feature");
  }
  return -1;
}

int cap_priv_get(cap_sets *sets) {
  memset(sets, 0, sizeof *sets);
  return -1;
}

int cap_priv_set(uint32_t effective, uint32_t permitted) {
  (void)effective;
  (void)permitted;
  return -1;
}

int cap_drop_all(cap_error *error) {
  return unsupported(error);
}

int cap_drop_to_user(uint32_t uid, uint32_t gid, int keep_net_caps, cap_error *error) {
  (void)uid;
  (void)gid;
  (void)keep_net_caps;
  return unsupported(error);
}

#endif
