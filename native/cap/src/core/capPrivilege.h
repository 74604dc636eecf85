/*
 * Capabilities and user ids, for the two places that hold capture rights: lanlens-capd (which raises
 * CAP_NET_RAW to open a handle and then drops every capability) and a helper started as root, which
 * becomes the invoking user keeping only CAP_NET_RAW and CAP_NET_ADMIN (cap_drop_to_user, exported
 * to JavaScript as dropToUser). Linux only; elsewhere the calls fail with CAP_EINVAL.
 */
#ifndef CAP_PRIVILEGE_H
#define CAP_PRIVILEGE_H

#include <stdint.h>

#include "capCore.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bits of the two capabilities capture needs (CAP_NET_ADMIN = 12, CAP_NET_RAW = 13). */
#define CAP_BIT_NET_ADMIN (1u << 12)
#define CAP_BIT_NET_RAW (1u << 13)
#define CAP_BITS_NET (CAP_BIT_NET_ADMIN | CAP_BIT_NET_RAW)

/* The calling thread's capability sets (the low 32 bits, where both capture capabilities live). */
typedef struct cap_sets {
  uint32_t effective;
  uint32_t permitted;
  uint32_t high; /* any bit of either set above 31: more than capture */
} cap_sets;

/* Reads the calling thread's sets; 0 on success. */
int cap_priv_get(cap_sets *sets);

/*
 * Sets the calling thread's effective and permitted sets to these bits (inheritable and ambient
 * emptied). Permitted can only shrink; effective must be within permitted. 0 on success.
 */
int cap_priv_set(uint32_t effective, uint32_t permitted);

/* Empties the calling thread's capability sets for good (verified); 0, or -1 with `error`. */
int cap_drop_all(cap_error *error);

/*
 * For a process started as root for a user (sudo, pkexec): becomes `uid`/`gid` (real, effective and
 * saved; supplementary groups just `gid`), keeping CAP_NET_RAW and CAP_NET_ADMIN when
 * `keep_net_caps`, else nothing; as root, the bounding set shrinks to the same first. Then sets
 * PR_SET_NO_NEW_PRIVS. Already that user: only shrinks the capabilities. Verified after the change;
 * 0, or -1 with `error`.
 */
int cap_drop_to_user(uint32_t uid, uint32_t gid, int keep_net_caps, cap_error *error);

#ifdef __cplusplus
}
#endif

#endif
