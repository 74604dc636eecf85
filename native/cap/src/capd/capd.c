/*
 * lanlens-capd: LAN Lens's capture program, after Wireshark's dumpcap. It opens an interface,
 * captures and injects frames, and nothing else, for the users it was granted to (docs/privilege.md).
 * The installed file holds CAP_NET_RAW and CAP_NET_ADMIN in its permitted set only, so nothing runs
 * with them in effect until this program raises CAP_NET_RAW (and CAP_NET_ADMIN for netfilter's log)
 * to open the handle; then it drops every capability, before it reads a packet, a command or its
 * filter. It takes no environment and no inherited descriptor, and checks every argument.
 *
 *   lanlens-capd capture -i IF [-f FILTER] [--snaplen N] [--buffer-size BYTES] [--timeout-ms MS]
 *                        [--promiscuous 0|1] [--immediate 0|1] [--batch-bytes N]
 *   lanlens-capd status | --version       (status: the protocol, and the capabilities exec gave)
 *   lanlens-capd grant --uid N | revoke --uid N        (root: see capdGrant.c)
 *
 * capture speaks the protocol of capdProtocol.h on stdin and stdout.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "capCore.h"
#include "capPrivilege.h"
#include "capd.h"
#include "capdProtocol.h"

#ifndef SYS_close_range
#define SYS_close_range 436
#endif

#define IFNAME_MAX 15            /* IFNAMSIZ - 1 */
#define FILTER_MAX 4096          /* longer filters are refused */
#define BATCH_MIN 4096           /* the batch buffer, whose size is the reader's buffer */
#define BATCH_MAX (64u << 20)
#define STATS_INTERVAL_MS 100    /* a STATS record at least this often */
#define PACKETS_PER_WAKE 65536   /* then commands get their turn */
#define BATCH_PREFIX (CAPD_RECORD_HEADER + 4)

/* What the capture is asked for. */
typedef struct capture_args {
  const char *device;
  const char *filter;
  cap_open_options options;
  unsigned long batch_bytes;
} capture_args;

static cap_sets at_start;            /* the capabilities exec gave, before any was dropped */
static cap_handle *capture;          /* the one handle */
static unsigned char *batch;         /* BATCH_PREFIX + batch_bytes: the one buffer of the packet path */
static int output_broken;            /* stdout is gone: stop */
static unsigned char commands[4 + 1 + CAPD_MAX_FRAME];
static size_t pending;               /* bytes of `commands` not yet run */

static void put_u32(unsigned char *at, uint32_t value) {
  at[0] = (unsigned char)value;
  at[1] = (unsigned char)(value >> 8);
  at[2] = (unsigned char)(value >> 16);
  at[3] = (unsigned char)(value >> 24);
}

static uint32_t get_u32(const unsigned char *at) {
  return (uint32_t)at[0] | (uint32_t)at[1] << 8 | (uint32_t)at[2] << 16 | (uint32_t)at[3] << 24;
}

int capd_write_all(int fd, const void *data, size_t size) {
  const unsigned char *at = (const unsigned char *)data;
  while (size > 0) {
    ssize_t written = write(fd, at, size);
    if (written < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      struct pollfd wait = {fd, POLLOUT, 0};
      poll(&wait, 1, -1);
      continue;
    }
    if (written < 0 && errno == EINTR) continue;
    if (written <= 0) return -1;
    at += written;
    size -= (size_t)written;
  }
  return 0;
}

int capd_parse_number(const char *text, unsigned long min, unsigned long max, unsigned long *out) {
  unsigned long value = 0;
  size_t i;
  if (!text[0] || strlen(text) > 10) return -1;
  for (i = 0; text[i]; i++) {
    if (text[i] < '0' || text[i] > '9') return -1;
    value = value * 10 + (unsigned long)(text[i] - '0');
  }
  if (value < min || value > max) return -1;
  *out = value;
  return 0;
}

/* Small records are built whole and written at once. */
static void send_record(uint32_t type, const void *body, size_t length) {
  unsigned char record[CAPD_RECORD_HEADER + CAPD_CODE_NAME + CAP_ERROR_TEXT];
  if (output_broken || length > sizeof record - CAPD_RECORD_HEADER) return;
  put_u32(record, type);
  put_u32(record + 4, (uint32_t)length);
  if (length) memcpy(record + CAPD_RECORD_HEADER, body, length);
  if (capd_write_all(1, record, CAPD_RECORD_HEADER + length) != 0) output_broken = 1;
}

static void send_failure(uint32_t type, cap_code code, const char *message) {
  unsigned char body[CAPD_CODE_NAME + CAP_ERROR_TEXT];
  size_t length = strnlen(message, CAP_ERROR_TEXT - 1);
  memset(body, 0, CAPD_CODE_NAME);
  memcpy(body, cap_code_name(code), strnlen(cap_code_name(code), CAPD_CODE_NAME - 1));
  memcpy(body + CAPD_CODE_NAME, message, length);
  send_record(type, body, CAPD_CODE_NAME + length);
}

/* A fatal error: its record, and on stderr for people. */
static int fail(cap_code code, const char *message, int status) {
  send_failure(CAPD_ERROR, code, message);
  fprintf(stderr, "lanlens-capd: %s\n", message);
  return status;
}

static void send_stats(void) {
  unsigned char body[12];
  cap_stats stats;
  cap_error error;
  if (cap_get_stats(capture, &stats, &error) != 0) return;
  put_u32(body, stats.received);
  put_u32(body + 4, stats.dropped);
  put_u32(body + 8, stats.ifdropped);
  send_record(CAPD_STATS, body, sizeof body);
}

/* The capture core filled the batch (after BATCH_PREFIX): prefix it and write it in one go. */
static void deliver(void *context, uint32_t count, size_t used, int truncated) {
  (void)context;
  (void)truncated;
  put_u32(batch, CAPD_BATCH);
  put_u32(batch + 4, (uint32_t)(4 + used));
  put_u32(batch + 8, count);
  if (!output_broken && capd_write_all(1, batch, BATCH_PREFIX + used) != 0) output_broken = 1;
  if (output_broken) cap_break(capture);
}

/* Before anything else: no set-id, no environment, no inherited descriptors, no new privileges. */
static int harden(void) {
  int fd;
  if (getuid() != geteuid() || getgid() != getegid()) {
    fprintf(stderr, "lanlens-capd: refusing to run set-user-id or set-group-id\n");
    return -1;
  }
  if (clearenv() != 0) return -1;
  /* 0-2 stay open, so that nothing opened later lands on them. */
  for (fd = 0; fd < 3; fd++)
    if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDWR) != fd) return -1;
  if (syscall(SYS_close_range, 3u, ~0u, 0) != 0)
    for (fd = 3; fd < 65536; fd++) close(fd);
  if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) return -1;
  /* Exec of a program with file capabilities resets the parent-death signal: never outlive the helper. */
  if (prctl(PR_SET_PDEATHSIG, SIGTERM, 0, 0, 0) != 0 || getppid() == 1) return -1;
  signal(SIGPIPE, SIG_IGN);
  return 0;
}

static int is_nflog(const char *name) {
  unsigned long group;
  if (strncmp(name, "nflog", 5)) return 0;
  return !name[5] || (name[5] == ':' && capd_parse_number(name + 6, 0, 65535, &group) == 0);
}

static int valid_interface(const char *name) {
  size_t i, length = strlen(name);
  if (length == 0 || length > IFNAME_MAX || !strcmp(name, ".") || !strcmp(name, "..")) return 0;
  for (i = 0; i < length; i++)
    if (name[i] == '/' || name[i] <= ' ' || name[i] > '~') return 0;
  return 1;
}

/* Only what the helper opens: a network interface that exists, "any", or libpcap's Linux netfilter
 * log (nflog, nflog:GROUP). Never libpcap's other sources (D-Bus, USB, Bluetooth, RDMA), which would
 * open more than a packet socket with the capabilities in effect. */
static int interface_exists(const char *name) {
  char path[sizeof "/sys/class/net/" + IFNAME_MAX];
  if (!strcmp(name, "any") || is_nflog(name)) return 1;
  snprintf(path, sizeof path, "/sys/class/net/%s", name);
  return access(path, F_OK) == 0;
}

static int valid_filter(const char *filter) {
  size_t i, length = strnlen(filter, FILTER_MAX + 1);
  if (length > FILTER_MAX) return 0;
  for (i = 0; i < length; i++)
    if ((unsigned char)filter[i] < ' ' && filter[i] != '\t' && filter[i] != '\n') return 0;
  return 1;
}

/* Reads capture's options into `args`; NULL, or what is wrong. */
static const char *parse_capture(int argc, char **argv, capture_args *args) {
  unsigned long value;
  int i;
  memset(args, 0, sizeof *args);
  args->filter = "";
  args->batch_bytes = 1u << 20;
  cap_default_options(&args->options);
  for (i = 0; i < argc; i += 2) {
    const char *name = argv[i], *text = i + 1 < argc ? argv[i + 1] : NULL;
    if (!text) return "an option lacks its value";
    if (!strcmp(name, "-i")) {
      if (!valid_interface(text)) return "-i must be an interface name of 1 to 15 characters without '/'";
      args->device = text;
    } else if (!strcmp(name, "-f")) {
      if (!valid_filter(text)) return "-f must be a filter of at most 4096 printable characters";
      args->filter = text;
    } else if (!strcmp(name, "--snaplen")) {
      if (capd_parse_number(text, 1, 262144, &value)) return "--snaplen must be 1 to 262144";
      args->options.snaplen = (unsigned)value;
    } else if (!strcmp(name, "--buffer-size")) {
      if (capd_parse_number(text, 0, 0x7fffffff, &value)) return "--buffer-size must be 0 to 2147483647";
      args->options.buffer_bytes = (int)value;
    } else if (!strcmp(name, "--timeout-ms")) {
      if (capd_parse_number(text, 0, 60000, &value)) return "--timeout-ms must be 0 to 60000";
      args->options.timeout_ms = (unsigned)value;
    } else if (!strcmp(name, "--promiscuous") || !strcmp(name, "--immediate")) {
      if (capd_parse_number(text, 0, 1, &value)) return "--promiscuous and --immediate take 0 or 1";
      *(name[2] == 'p' ? &args->options.promiscuous : &args->options.immediate) = (int)value;
    } else if (!strcmp(name, "--batch-bytes")) {
      if (capd_parse_number(text, BATCH_MIN, BATCH_MAX, &value)) return "--batch-bytes must be 4096 to 67108864";
      args->batch_bytes = value;
    } else {
      return "unknown option";
    }
  }
  return args->device ? NULL : "capture needs -i INTERFACE";
}

/* Runs one command; 1 to stop, 0 to go on, -1 when it is malformed. */
static int run_command(unsigned char command, const unsigned char *payload, size_t length) {
  cap_error error;
  switch (command) {
    case CAPD_INJECT:
      if (length == 0) return -1;
      if (cap_inject(capture, payload, length, &error) != 0) send_failure(CAPD_SEND_FAILED, error.code, error.message);
      return 0;
    case CAPD_REQUEST_STATS:
      send_stats();
      return 0;
    case CAPD_STOP:
      return 1;
    default:
      return -1;
  }
}

/* Reads what stdin holds and runs every whole command; 1 to stop (STOP or end of input), -1 malformed. */
static int serve_commands(void) {
  size_t at = 0;
  ssize_t got = read(0, commands + pending, sizeof commands - pending);
  if (got == 0) return 1;
  if (got < 0) return errno == EINTR || errno == EAGAIN ? 0 : 1;
  pending += (size_t)got;
  while (pending - at >= 4) {
    uint32_t length = get_u32(commands + at);
    int result;
    if (length < 1 || length > 1 + CAPD_MAX_FRAME) return -1;
    if (pending - at - 4 < length) break;
    result = run_command(commands[at + 4], commands + at + 5, length - 1);
    at += 4 + length;
    if (result != 0) return result;
  }
  memmove(commands, commands + at, pending - at);
  pending -= at;
  return 0;
}

static long long now_ms(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return (long long)now.tv_sec * 1000 + now.tv_nsec / 1000000;
}

/* Packets out, commands in, counters every STATS_INTERVAL_MS, until STOP, end of input or failure. */
static int capture_loop(size_t batch_bytes) {
  cap_sink sink = {batch + BATCH_PREFIX, batch_bytes, 1, deliver, NULL, 0, 0};
  struct pollfd fds[2] = {{cap_selectable_fd(capture), POLLIN, 0}, {0, POLLIN, 0}};
  long long last_stats = now_ms();
  cap_error error;
  for (;;) {
    int served = 0;
    if (poll(fds, 2, STATS_INTERVAL_MS) < 0 && errno != EINTR) return fail(CAP_EPCAP, strerror(errno), 1);
    if (fds[0].revents) {
      if (cap_read(capture, &sink, PACKETS_PER_WAKE, &error) == CAP_READ_ERROR) return fail(error.code, error.message, 1);
      if (fds[0].revents & (POLLERR | POLLNVAL)) return fail(CAP_ENETDOWN, "capture stopped: the interface failed", 1);
    }
    if (output_broken) return 0;
    if (fds[1].revents) served = serve_commands();
    if (served < 0) return fail(CAP_EINVAL, "malformed command on stdin", 1);
    if (served > 0 || now_ms() - last_stats >= STATS_INTERVAL_MS) {
      send_stats();
      last_stats = now_ms();
    }
    if (served > 0) return send_record(CAPD_END, NULL, 0), 0;
  }
}

/* Opens with CAP_NET_RAW (and CAP_NET_ADMIN) in effect, then drops every capability for good. */
static int open_capture(const capture_args *args, cap_error *error) {
  cap_sets now;
  /* Linux needs CAP_NET_ADMIN only to bind netfilter's log (promiscuous mode is a packet socket
     membership, which CAP_NET_RAW covers): everything else opens with CAP_NET_RAW alone. */
  uint32_t raise = CAP_BIT_NET_RAW | (is_nflog(args->device) ? CAP_BIT_NET_ADMIN : 0);
  /* What this open does not need leaves the permitted set too, before anything is in effect. */
  if (cap_priv_get(&now) == 0 && (raise & now.permitted)) cap_priv_set(raise & now.permitted, raise & now.permitted);
  capture = cap_open(args->device, "", &args->options, error);
  if (cap_priv_set(0, 0) != 0 || cap_priv_get(&now) != 0 || now.permitted || now.effective || now.high) {
    fprintf(stderr, "lanlens-capd: cannot drop capabilities\n");
    _exit(CAPD_EXIT_REFUSED);
  }
  if (!capture) return -1;
  /* The filter is compiled by libpcap's parser: only now, without any capability. */
  return args->filter[0] ? cap_apply_filter(capture, args->device, args->filter, error) : 0;
}

static int run_capture(int argc, char **argv) {
  unsigned char opened[4 + 64];
  char unknown[48];
  capture_args args;
  cap_error error;
  const char *bad = parse_capture(argc, argv, &args);
  const char *link;
  int status;
  uint32_t version = CAPD_PROTOCOL_VERSION;
  unsigned char preamble[8];
  memcpy(preamble, CAPD_MAGIC, 4);
  put_u32(preamble + 4, version);
  if (capd_write_all(1, preamble, sizeof preamble) != 0) return CAPD_EXIT_FAILED;
  if (bad) return fail(CAP_EINVAL, bad, CAPD_EXIT_USAGE);
  if (!interface_exists(args.device)) return fail(CAP_ENODEV, "no such network interface", CAPD_EXIT_USAGE);
  batch = (unsigned char *)malloc(BATCH_PREFIX + args.batch_bytes);
  if (!batch) return fail(CAP_EPCAP, "out of memory", CAPD_EXIT_FAILED);
  /* libpcap loads with nothing in effect; as capabilities make this a secure execution, the dynamic
     loader ignores LD_LIBRARY_PATH and LD_PRELOAD (the environment is gone as well). */
  if (cap_library_load(&error) != 0 || open_capture(&args, &error) != 0) {
    cap_close(capture);
    return fail(error.code, error.message, CAPD_EXIT_FAILED);
  }
  link = cap_datalink_name(cap_datalink(capture), unknown, sizeof unknown);
  put_u32(opened, (uint32_t)cap_datalink(capture));
  memcpy(opened + 4, link, strnlen(link, 63));
  send_record(CAPD_OPENED, opened, 4 + strnlen(link, 63));
  /* A deeper buffer between this program and its reader rides out the reader's pauses. */
  if (fcntl(1, F_SETPIPE_SZ, 1 << 20) < 0) {
    int bytes = 1 << 20;
    setsockopt(1, SOL_SOCKET, SO_SNDBUF, &bytes, sizeof bytes);
  }
  status = capture_loop(args.batch_bytes);
  cap_close(capture);
  free(batch);
  return status;
}

/* What this program is, and whether exec gave it the capabilities (not on a nosuid mount, say). */
static int run_status(void) {
  uint32_t held = at_start.permitted & CAP_BITS_NET;
  const char *names = held == CAP_BITS_NET ? "net_raw,net_admin" : held == CAP_BIT_NET_RAW ? "net_raw"
                      : held == CAP_BIT_NET_ADMIN                ? "net_admin"
                                                                 : "none";
  printf("lanlens-capd\nprotocol %d\ncapabilities %s\n", CAPD_PROTOCOL_VERSION, names);
  return fflush(stdout) == 0 ? 0 : CAPD_EXIT_FAILED;
}

int main(int argc, char **argv) {
  const char *mode = argc > 1 ? argv[1] : "";
  if (harden() != 0) return CAPD_EXIT_REFUSED;
  if (!strcmp(mode, "grant") || !strcmp(mode, "revoke")) return capd_grant(argc - 2, argv + 2, mode[0] == 'r');
  /* Every other mode keeps at most the capture capabilities, none of them in effect. */
  if (cap_priv_get(&at_start) != 0 || cap_priv_set(0, at_start.permitted & CAP_BITS_NET) != 0) {
    fprintf(stderr, "lanlens-capd: cannot set capabilities\n");
    return CAPD_EXIT_REFUSED;
  }
  if (!strcmp(mode, "capture")) return run_capture(argc - 2, argv + 2);
  cap_priv_set(0, 0);
  if (!strcmp(mode, "status")) return run_status();
  if (!strcmp(mode, "--version")) return printf("lanlens-capd protocol %d\n", CAPD_PROTOCOL_VERSION) < 0 ? CAPD_EXIT_FAILED : 0;
  fprintf(stderr, "usage: lanlens-capd capture -i IF [-f FILTER] [options] | status | --version | "
                  "grant --uid N | revoke --uid N (see docs/privilege.md)\n");
  return CAPD_EXIT_USAGE;
}
