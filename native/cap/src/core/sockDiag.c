/* The kernel's socket diagnostics over NETLINK_SOCK_DIAG: see sockDiag.h. */
#include "sockDiag.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifdef __linux__
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <stddef.h>
#include <sys/socket.h>
#include <unistd.h>

/* Large enough for the kernel's biggest dump message (it fills up to 32 KiB per read). */
#define RECEIVE_BYTES 65536

static int fail(sockdiag_error *error, int errnum, const char *what) {
  if (error) {
    error->errnum = errnum;
    snprintf(error->message, sizeof error->message, "%s: %s", what, strerror(errnum));
  }
  return -1;
}

/* A tcp_info field, when the kernel's (possibly older, shorter) struct holds it. */
#define HAS_FIELD(length, field) ((length) >= offsetof(struct tcp_info, field) + sizeof(((struct tcp_info *)0)->field))

static void read_info(sockdiag_socket *out, const struct tcp_info *info, size_t length) {
  if (!HAS_FIELD(length, tcpi_total_retrans)) return;
  out->has_info = 1;
  out->retransmits = info->tcpi_retransmits;
  out->options = info->tcpi_options;
  out->rtt_us = info->tcpi_rtt;
  out->rttvar_us = info->tcpi_rttvar;
  out->total_retrans = info->tcpi_total_retrans;
  out->last_data_sent_ms = info->tcpi_last_data_sent;
  out->last_data_recv_ms = info->tcpi_last_data_recv;
  if (HAS_FIELD(length, tcpi_bytes_received)) {
    out->bytes_acked = info->tcpi_bytes_acked;
    out->bytes_received = info->tcpi_bytes_received;
  }
  if (HAS_FIELD(length, tcpi_segs_in)) {
    out->segs_out = info->tcpi_segs_out;
    out->segs_in = info->tcpi_segs_in;
  }
  if (HAS_FIELD(length, tcpi_bytes_sent)) out->bytes_sent = info->tcpi_bytes_sent;
}

/* Decodes one inet_diag_msg and its attributes into `out`. */
static void read_message(const struct nlmsghdr *header, uint8_t protocol, sockdiag_socket *out) {
  const struct inet_diag_msg *message = NLMSG_DATA(header);
  memset(out, 0, sizeof *out);
  out->family = message->idiag_family == AF_INET6 ? 6 : 4;
  out->protocol = protocol;
  out->state = message->idiag_state;
  out->local_port = ntohs(message->id.idiag_sport);
  out->remote_port = ntohs(message->id.idiag_dport);
  memcpy(out->local, message->id.idiag_src, 16);
  memcpy(out->remote, message->id.idiag_dst, 16);
  out->uid = message->idiag_uid;
  out->inode = message->idiag_inode;
  out->cookie = (uint64_t)message->id.idiag_cookie[1] << 32 | message->id.idiag_cookie[0];
  int left = (int)header->nlmsg_len - (int)NLMSG_LENGTH(sizeof *message);
  for (const struct rtattr *attribute = (const struct rtattr *)(message + 1); RTA_OK(attribute, left);
       attribute = RTA_NEXT(attribute, left)) {
    if (attribute->rta_type == INET_DIAG_INFO && protocol == IPPROTO_TCP)
      read_info(out, RTA_DATA(attribute), RTA_PAYLOAD(attribute));
    else if (attribute->rta_type == INET_DIAG_PROTOCOL && RTA_PAYLOAD(attribute) >= 1)
      out->protocol = *(const uint8_t *)RTA_DATA(attribute);
  }
}

static int open_netlink(int flags, sockdiag_error *error) {
  int fd = socket(AF_NETLINK, SOCK_DGRAM | SOCK_CLOEXEC | flags, NETLINK_SOCK_DIAG);
  if (fd < 0) fail(error, errno, "opening a NETLINK_SOCK_DIAG socket");
  return fd;
}

static int send_request(int fd, uint8_t family, uint8_t protocol, uint32_t states, sockdiag_error *error) {
  struct {
    struct nlmsghdr header;
    struct inet_diag_req_v2 request;
  } message;
  struct sockaddr_nl kernel = {.nl_family = AF_NETLINK};
  memset(&message, 0, sizeof message);
  message.header.nlmsg_len = sizeof message;
  message.header.nlmsg_type = SOCK_DIAG_BY_FAMILY;
  message.header.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP;
  message.request.sdiag_family = family;
  message.request.sdiag_protocol = protocol;
  message.request.idiag_states = states;
  if (protocol == IPPROTO_TCP) message.request.idiag_ext = 1 << (INET_DIAG_INFO - 1);
  ssize_t sent;
  do sent = sendto(fd, &message, sizeof message, 0, (struct sockaddr *)&kernel, sizeof kernel);
  while (sent < 0 && errno == EINTR);
  return sent < 0 ? fail(error, errno, "asking the kernel for sockets") : 0;
}

/* Reads one dump's answers until NLMSG_DONE, handing each socket to `visit`. */
static int read_dump(int fd, uint8_t protocol, char *buffer, sockdiag_visit visit, void *context,
                     sockdiag_error *error) {
  sockdiag_socket socket_record;
  for (;;) {
    ssize_t length = recv(fd, buffer, RECEIVE_BYTES, 0);
    if (length < 0 && errno == EINTR) continue;
    if (length < 0) return fail(error, errno, "reading the kernel's sockets");
    int left = (int)length;
    for (struct nlmsghdr *header = (struct nlmsghdr *)buffer; NLMSG_OK(header, left);
         header = NLMSG_NEXT(header, left)) {
      if (header->nlmsg_type == NLMSG_DONE) return 0;
      if (header->nlmsg_type == NLMSG_ERROR) {
        const struct nlmsgerr *answer = NLMSG_DATA(header);
        return fail(error, -answer->error, "the kernel refused the socket dump");
      }
      if (header->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg))) continue;
      read_message(header, protocol, &socket_record);
      visit(&socket_record, context);
    }
  }
}

int sockdiag_dump(unsigned protocols, uint32_t states, sockdiag_visit visit, void *context, sockdiag_error *error) {
  static const uint8_t families[] = {AF_INET, AF_INET6};
  char *buffer = malloc(RECEIVE_BYTES);
  if (!buffer) return fail(error, ENOMEM, "allocating a buffer for the kernel's sockets");
  int fd = open_netlink(0, error);
  if (fd < 0) {
    free(buffer);
    return -1;
  }
  int status = 0;
  for (unsigned p = 0; p < 2 && status == 0; p++) {
    uint8_t protocol = p == 0 ? IPPROTO_TCP : IPPROTO_UDP;
    if (!(protocols & (p == 0 ? SOCKDIAG_TCP : SOCKDIAG_UDP))) continue;
    for (unsigned f = 0; f < 2 && status == 0; f++) {
      status = send_request(fd, families[f], protocol, states, error);
      if (status == 0) status = read_dump(fd, protocol, buffer, visit, context, error);
    }
  }
  close(fd);
  free(buffer);
  return status;
}

int sockdiag_events_open(sockdiag_error *error) {
  int fd = open_netlink(SOCK_NONBLOCK, error);
  if (fd < 0) return -1;
  /* A bigger queue rides out a burst of closes between two reads (the kernel caps it at rmem_max). */
  int bytes = 1 << 20;
  setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &bytes, sizeof bytes);
  struct sockaddr_nl local = {.nl_family = AF_NETLINK};
  local.nl_groups = 1 << (SKNLGRP_INET_TCP_DESTROY - 1) | 1 << (SKNLGRP_INET_UDP_DESTROY - 1) |
                    1 << (SKNLGRP_INET6_TCP_DESTROY - 1) | 1 << (SKNLGRP_INET6_UDP_DESTROY - 1);
  if (bind(fd, (struct sockaddr *)&local, sizeof local) != 0) {
    int errnum = errno;
    close(fd);
    return fail(error, errnum, "subscribing to the kernel's socket close events");
  }
  return fd;
}

int sockdiag_events_read(int fd, sockdiag_visit visit, void *context, int *lost, sockdiag_error *error) {
  sockdiag_socket socket_record;
  int count = 0;
  *lost = 0;
  char *buffer = malloc(RECEIVE_BYTES);
  if (!buffer) return fail(error, ENOMEM, "allocating a buffer for the socket close events");
  for (;;) {
    ssize_t length = recv(fd, buffer, RECEIVE_BYTES, 0);
    if (length < 0 && errno == EINTR) continue;
    if (length < 0 && errno == ENOBUFS) {
      *lost = 1;
      continue;
    }
    if (length < 0) {
      int errnum = errno;
      free(buffer);
      if (errnum == EAGAIN || errnum == EWOULDBLOCK) return count;
      return fail(error, errnum, "reading the kernel's socket close events");
    }
    int left = (int)length;
    for (struct nlmsghdr *header = (struct nlmsghdr *)buffer; NLMSG_OK(header, left);
         header = NLMSG_NEXT(header, left)) {
      if (header->nlmsg_type != SOCK_DIAG_BY_FAMILY ||
          header->nlmsg_len < NLMSG_LENGTH(sizeof(struct inet_diag_msg)))
        continue;
      /* The kernel names the protocol in INET_DIAG_PROTOCOL; TCP until it says otherwise. */
      read_message(header, IPPROTO_TCP, &socket_record);
      if (socket_record.protocol != IPPROTO_TCP) socket_record.has_info = 0;
      visit(&socket_record, context);
      count++;
    }
  }
}

void sockdiag_events_close(int fd) {
  if (fd >= 0) close(fd);
}

#else

static int unsupported(sockdiag_error *error) {
  if (error) {
    error->errnum = ENOSYS;
    snprintf(error->message, sizeof error->message, "socket diagnostics (NETLINK_SOCK_DIAG) exist only on Linux");
  }
  return -1;
}

int sockdiag_dump(unsigned protocols, uint32_t states, sockdiag_visit visit, void *context, sockdiag_error *error) {
  return unsupported(error);
}
int sockdiag_events_open(sockdiag_error *error) { return unsupported(error); }
int sockdiag_events_read(int fd, sockdiag_visit visit, void *context, int *lost, sockdiag_error *error) {
  *lost = 0;
  return unsupported(error);
}
void sockdiag_events_close(int fd) {}

#endif
