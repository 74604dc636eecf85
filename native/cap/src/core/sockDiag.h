/*
 * The kernel's socket diagnostics (Linux NETLINK_SOCK_DIAG, inet_diag): every TCP and UDP socket of
 * this network namespace with its owner's uid, inode and cookie, and for TCP its tcp_info (bytes,
 * round-trip time, retransmits); and the close events the kernel broadcasts (SKNLGRP_*_DESTROY).
 * Needs no privilege. Plain C that knows nothing of Node, like the capture core. Elsewhere than
 * Linux every call fails with ENOSYS.
 */
#ifndef SOCK_DIAG_H
#define SOCK_DIAG_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define SOCKDIAG_ERROR_TEXT 256

/* Why a call failed: the errno and a sentence for people. */
typedef struct sockdiag_error {
  int errnum;
  char message[SOCKDIAG_ERROR_TEXT];
} sockdiag_error;

/* One socket as the kernel describes it. Addresses are in network order; IPv4 in the first 4 bytes. */
typedef struct sockdiag_socket {
  uint8_t family;   /* 4 or 6 */
  uint8_t protocol; /* IPPROTO_TCP or IPPROTO_UDP */
  uint8_t state;    /* the kernel's TCP state number (UDP uses the same: 1 connected, 7 unconnected) */
  uint8_t has_info; /* nonzero: the tcp_info fields below are the kernel's */
  uint16_t local_port;
  uint16_t remote_port;
  uint8_t local[16];
  uint8_t remote[16];
  uint32_t uid;
  uint32_t inode;  /* 0 once the socket has no file (closed by its process, or time-wait) */
  uint64_t cookie; /* the kernel's id of the socket, stable for its life, also in its close event */
  /* tcp_info */
  uint64_t bytes_acked;    /* tcpi_bytes_acked: bytes sent and acknowledged (the SYN and FIN count one) */
  uint64_t bytes_received; /* tcpi_bytes_received (the FIN counts one) */
  uint64_t bytes_sent;     /* tcpi_bytes_sent: data bytes sent, retransmissions included (Linux 4.19+) */
  uint32_t rtt_us;         /* smoothed round-trip time, microseconds */
  uint32_t rttvar_us;
  uint32_t retransmits;    /* tcpi_retransmits: consecutive timeouts of the segment in flight now */
  uint32_t total_retrans;  /* tcpi_total_retrans: segments retransmitted over the connection's life */
  uint32_t segs_out;
  uint32_t segs_in;
  uint32_t last_data_sent_ms; /* ms since data was last sent */
  uint32_t last_data_recv_ms;
  uint8_t options; /* tcpi_options: TCPI_OPT_* the handshake agreed (0: it never completed) */
} sockdiag_socket;

/* Receives each socket; its pointer is valid only during the call. */
typedef void (*sockdiag_visit)(const sockdiag_socket *socket, void *context);

/* Protocol bits of sockdiag_dump(). */
#define SOCKDIAG_TCP 1
#define SOCKDIAG_UDP 2

/*
 * Every socket of the protocols in `protocols` (SOCKDIAG_TCP | SOCKDIAG_UDP), IPv4 and IPv6, whose
 * state is in `states` (a bit per state number), with tcp_info for TCP. 0, or -1 and `error`.
 */
int sockdiag_dump(unsigned protocols, uint32_t states, sockdiag_visit visit, void *context, sockdiag_error *error);

/* A non-blocking netlink socket subscribed to the close events of TCP and UDP sockets; -1 and `error`. */
int sockdiag_events_open(sockdiag_error *error);
/*
 * Reads the close events queued on `fd` without blocking, each socket as it was when it closed.
 * Returns how many were read, or -1 and `error`; `*lost` is set nonzero when the kernel dropped some
 * because the queue was full.
 */
int sockdiag_events_read(int fd, sockdiag_visit visit, void *context, int *lost, sockdiag_error *error);
void sockdiag_events_close(int fd);

#ifdef __cplusplus
}
#endif

#endif
