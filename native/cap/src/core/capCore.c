/*
 * The capture core (see capCore.h): opening, reading in batches, injecting, counters. Everything
 * goes through the table of libpcap functions that pcapLibrary.c fills.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capCore.h"

struct cap_handle {
  pcap_t *pcap;
  cap_sink *sink; /* set while cap_read runs */
  int broken;
};

#define PCAP (cap_pcap())

static const char *const code_names[] = {"", "ENODEV", "EPERM", "ENETDOWN", "EFILTER", "EPCAP", "ENOLIBPCAP", "EINVAL"};

const char *cap_code_name(cap_code code) {
  return (unsigned)code < sizeof code_names / sizeof code_names[0] ? code_names[code] : "EPCAP";
}

static int set_error(cap_error *error, cap_code code, const char *message) {
  if (error) {
    error->code = code;
    snprintf(error->message, sizeof error->message, "%s", message && message[0] ? message : "libpcap failed");
  }
  return -1;
}

void cap_default_options(cap_open_options *options) {
  options->snaplen = 65535;
  options->promiscuous = 1;
  options->immediate = 1;
  options->timeout_ms = 1000;
  options->buffer_bytes = 0;
}

static cap_code activate_code(int status) {
  switch (status) {
    case PCAP_ERROR_NO_SUCH_DEVICE:
      return CAP_ENODEV;
    case PCAP_ERROR_PERM_DENIED:
    case PCAP_ERROR_PROMISC_PERM_DENIED:
      return CAP_EPERM;
    case PCAP_ERROR_IFACE_NOT_UP:
      return CAP_ENETDOWN;
    default:
      return CAP_EPCAP;
  }
}

/* pcap_activate's failure in words: libpcap's text, with the status's name when it adds something. */
static void activate_error(pcap_t *pcap, int status, cap_error *error) {
  const char *detail = PCAP->geterr(pcap);
  const char *name = PCAP->statustostr(status);
  char message[CAP_ERROR_TEXT];
  if (!detail || !detail[0])
    snprintf(message, sizeof message, "%s", name);
  else if (status != PCAP_ERROR && strcmp(detail, name) != 0)
    snprintf(message, sizeof message, "%s (%s)", name, detail);
  else
    snprintf(message, sizeof message, "%s", detail);
  set_error(error, activate_code(status), message);
}

/* Sets what must be set before activation; 0 or the name of the setting that failed. */
static const char *configure(pcap_t *pcap, const cap_open_options *options) {
  int immediate = options->immediate;
#ifdef __APPLE__
  /* BPF's select() does not wake for a read timeout on every macOS, and cap always turned
   * immediate mode on there (BIOCIMMEDIATE): keep doing so. */
  immediate = 1;
#endif
  if (PCAP->set_snaplen(pcap, (int)options->snaplen) != 0) return "Unable to set snaplen";
  if (PCAP->set_promisc(pcap, options->promiscuous ? 1 : 0) != 0) return "Unable to set promiscuous mode";
  /* The OS may silently enforce a lower limit. */
  if (options->buffer_bytes > 0 && PCAP->set_buffer_size(pcap, options->buffer_bytes) != 0)
    return "Unable to set buffer size";
  /* Needed on Linux even when non-blocking: with TPACKET_V3 it is how long a block may wait. */
  if (PCAP->set_timeout(pcap, (int)options->timeout_ms) != 0) return "Unable to set read timeout";
  if (PCAP->set_immediate_mode && PCAP->set_immediate_mode(pcap, immediate) != 0)
    return "Unable to set immediate mode";
  return NULL;
}

static int apply_filter(pcap_t *pcap, const char *device, const char *filter, cap_error *error) {
  struct bpf_program program;
  bpf_u_int32 net = 0;
  bpf_u_int32 mask = 0;
  char errbuf[PCAP_ERRBUF_SIZE];
  int status;
  /* The netmask only matters for filters that test the broadcast address. */
  if (PCAP->lookupnet(device, &net, &mask, errbuf) == -1) net = 0;
  if (PCAP->compile(pcap, &program, filter, 1, net) == -1) return set_error(error, CAP_EFILTER, PCAP->geterr(pcap));
  status = PCAP->setfilter(pcap, &program);
  PCAP->freecode(&program);
  return status == -1 ? set_error(error, CAP_EFILTER, PCAP->geterr(pcap)) : 0;
}

cap_handle *cap_open(const char *device, const char *filter, const cap_open_options *options, cap_error *error) {
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  const char *failed;
  cap_handle *handle;
  pcap_t *pcap;
  int status;
  if (cap_library_load(error) != 0) return NULL;
  if (!options->snaplen) {
    set_error(error, CAP_EINVAL, "snaplen must be a positive integer");
    return NULL;
  }
  pcap = PCAP->create(device, errbuf);
  if (!pcap) {
    set_error(error, CAP_EPCAP, errbuf);
    return NULL;
  }
  failed = configure(pcap, options);
  if (failed) {
    set_error(error, CAP_EPCAP, failed);
    PCAP->close(pcap);
    return NULL;
  }
  /* Positive values are warnings (e.g. promiscuous mode not supported): capture works. */
  status = PCAP->activate(pcap);
  if (status < 0) {
    activate_error(pcap, status, error);
    PCAP->close(pcap);
    return NULL;
  }
  if (PCAP->setnonblock(pcap, 1, errbuf) == -1) {
    set_error(error, CAP_EPCAP, errbuf);
    PCAP->close(pcap);
    return NULL;
  }
  if (filter && filter[0] && apply_filter(pcap, device, filter, error) != 0) {
    PCAP->close(pcap);
    return NULL;
  }
  handle = (cap_handle *)calloc(1, sizeof *handle);
  if (!handle) {
    set_error(error, CAP_EPCAP, "out of memory");
    PCAP->close(pcap);
    return NULL;
  }
  handle->pcap = pcap;
  return handle;
}

void cap_close(cap_handle *handle) {
  if (!handle) return;
  PCAP->close(handle->pcap);
  free(handle);
}

int cap_datalink(cap_handle *handle) {
  return PCAP->datalink(handle->pcap);
}

const char *cap_datalink_name(int dlt, char *out, size_t size) {
  switch (dlt) {
    case DLT_NULL:
      return "NULL";
    case DLT_EN10MB: /* most Wi-Fi interfaces pretend to be Ethernet */
      return "ETHERNET";
    case DLT_IEEE802_11_RADIO:
      return "IEEE802_11_RADIO";
    case DLT_LINUX_SLL:
      return "LINKTYPE_LINUX_SLL";
    case DLT_RAW:
      return "RAW";
    default:
      snprintf(out, size, "Unknown linktype %d", dlt);
      return out;
  }
}

#ifdef _WIN32
void *cap_wait_event(cap_handle *handle) {
  return PCAP->getevent ? PCAP->getevent(handle->pcap) : NULL;
}
#else
int cap_selectable_fd(cap_handle *handle) {
  return PCAP->get_selectable_fd ? PCAP->get_selectable_fd(handle->pcap) : -1;
}
#endif

int cap_inject(cap_handle *handle, const unsigned char *frame, size_t length, cap_error *error) {
  if (length > 0x7fffffff) return set_error(error, CAP_EINVAL, "frame too large");
  if (PCAP->sendpacket(handle->pcap, frame, (int)length) == -1)
    return set_error(error, CAP_EPCAP, PCAP->geterr(handle->pcap));
  return 0;
}

int cap_get_stats(cap_handle *handle, cap_stats *stats, cap_error *error) {
  struct pcap_stat counts;
  memset(&counts, 0, sizeof counts);
  if (PCAP->stats(handle->pcap, &counts) != 0) return set_error(error, CAP_EPCAP, PCAP->geterr(handle->pcap));
  stats->received = counts.ps_recv;
  stats->dropped = counts.ps_drop;
  stats->ifdropped = counts.ps_ifdrop;
  return 0;
}

int cap_apply_filter(cap_handle *handle, const char *device, const char *filter, cap_error *error) {
  return apply_filter(handle->pcap, device, filter, error);
}

int cap_check_filter(const char *filter, int dlt, int snaplen, cap_error *error) {
  struct bpf_program program;
  pcap_t *dead;
  if (cap_library_load(error) != 0) return -1;
  dead = PCAP->open_dead(dlt, snaplen);
  if (!dead) return set_error(error, CAP_EPCAP, "pcap_open_dead failed");
  if (PCAP->compile(dead, &program, filter, 1, PCAP_NETMASK_UNKNOWN) == -1) {
    set_error(error, CAP_EFILTER, PCAP->geterr(dead));
    PCAP->close(dead);
    return -1;
  }
  PCAP->freecode(&program);
  PCAP->close(dead);
  return 0;
}

static void put_u32le(unsigned char *at, uint32_t value) {
  at[0] = (unsigned char)(value & 0xff);
  at[1] = (unsigned char)((value >> 8) & 0xff);
  at[2] = (unsigned char)((value >> 16) & 0xff);
  at[3] = (unsigned char)((value >> 24) & 0xff);
}

static void flush(cap_sink *sink) {
  uint32_t count = sink->count;
  size_t used = sink->used;
  if (count == 0) return;
  sink->count = 0;
  sink->used = 0;
  sink->deliver(sink->context, count, used, 0);
}

static void on_batch_packet(unsigned char *user, const struct pcap_pkthdr *header, const unsigned char *bytes) {
  cap_handle *handle = (cap_handle *)user;
  cap_sink *sink = handle->sink;
  size_t length = header->caplen;
  unsigned char *at;
  if (handle->broken) return;
  if (length > sink->capacity - CAP_BATCH_HEADER) length = sink->capacity - CAP_BATCH_HEADER;
  if (sink->used + CAP_BATCH_HEADER + length > sink->capacity) {
    flush(sink);
    if (handle->broken) return;
  }
  at = sink->buffer + sink->used;
  put_u32le(at, (uint32_t)header->ts.tv_sec);
  put_u32le(at + 4, (uint32_t)header->ts.tv_usec);
  put_u32le(at + 8, (uint32_t)length);
  put_u32le(at + 12, (uint32_t)header->len);
  memcpy(at + CAP_BATCH_HEADER, bytes, length);
  sink->used += CAP_BATCH_HEADER + length;
  sink->count++;
}

static void on_single_packet(unsigned char *user, const struct pcap_pkthdr *header, const unsigned char *bytes) {
  cap_handle *handle = (cap_handle *)user;
  cap_sink *sink = handle->sink;
  size_t length = header->caplen;
  int truncated = 0;
  if (handle->broken) return;
  if (length > sink->capacity) {
    length = sink->capacity;
    truncated = 1;
  }
  memcpy(sink->buffer, bytes, length);
  sink->deliver(sink->context, 1, length, truncated);
}

cap_read_result cap_read(cap_handle *handle, cap_sink *sink, unsigned max_packets, cap_error *error) {
  unsigned total = 0;
  int count;
  int read_errno = 0;
  if (sink->batch && sink->capacity <= CAP_BATCH_HEADER) {
    set_error(error, CAP_EINVAL, "buffer too small for batch mode");
    return CAP_READ_ERROR;
  }
  handle->sink = sink;
  handle->broken = 0;
  sink->used = 0;
  sink->count = 0;
  do {
    errno = 0;
    count = PCAP->dispatch(handle->pcap, sink->batch ? -1 : 1, sink->batch ? on_batch_packet : on_single_packet,
                           (unsigned char *)handle);
    read_errno = errno;
    if (count > 0) total += (unsigned)count;
  } while (count > 0 && !handle->broken && total < max_packets);
  if (sink->batch && !handle->broken) flush(sink);
  handle->sink = NULL;
  if (handle->broken || count == PCAP_ERROR_BREAK) return CAP_READ_BROKEN;
  /* libpcap's netfilter reader (Linux nflog:N) reports a non-blocking socket with nothing left to
     read as an error rather than 0 packets: that is the end of what is ready, not a failure. */
  if (count == PCAP_ERROR && (read_errno == EAGAIN || read_errno == EWOULDBLOCK)) return CAP_READ_DONE;
  if (count == PCAP_ERROR) {
    set_error(error, CAP_EPCAP, PCAP->geterr(handle->pcap));
    return CAP_READ_ERROR;
  }
  return CAP_READ_DONE;
}

void cap_break(cap_handle *handle) {
  handle->broken = 1;
  PCAP->breakloop(handle->pcap);
}
