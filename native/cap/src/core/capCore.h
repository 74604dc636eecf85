/*
 * The capture core: libpcap found at run time, a handle opened with options, packets read into a
 * caller's buffer (in batches or one at a time), frames injected, counters, close. Plain C that knows
 * nothing of Node, so the Node-API layer (src/addon) and a standalone privileged capture program can
 * both sit on it. Not thread-safe: one thread owns a handle; cap_library_load() runs before threads.
 */
#ifndef CAP_CORE_H
#define CAP_CORE_H

#include <stddef.h>
#include <stdint.h>

#include "pcapApi.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes before each packet in a batch: seconds, microseconds, captured length, wire length (u32 LE). */
#define CAP_BATCH_HEADER 16
#define CAP_ERROR_TEXT 512

/* Why a call failed; cap_code_name() gives the `code` the JavaScript errors carry. */
typedef enum cap_code {
  CAP_OK = 0,
  CAP_ENODEV,     /* no such interface */
  CAP_EPERM,      /* no privilege (CAP_NET_RAW, CAP_NET_ADMIN for promiscuous mode, BPF access) */
  CAP_ENETDOWN,   /* the interface is down */
  CAP_EFILTER,    /* the filter does not compile or cannot be set */
  CAP_EPCAP,      /* any other libpcap failure */
  CAP_ENOLIBPCAP, /* no usable libpcap on this machine (the message names the package) */
  CAP_EINVAL      /* a bad argument */
} cap_code;

/* A failure: its code and a sentence for people. */
typedef struct cap_error {
  cap_code code;
  char message[CAP_ERROR_TEXT];
} cap_error;

/* "ENODEV", "EPERM", ... for a code. */
const char *cap_code_name(cap_code code);

/* Loads libpcap once (later calls return the first outcome); 0 when usable. */
int cap_library_load(cap_error *error);
/* The loaded libpcap's functions, or NULL before a successful cap_library_load(). */
const cap_pcap_api *cap_pcap(void);
/* The file name that loaded ("libpcap.so.1", ...), or NULL. */
const char *cap_library_file(void);

/* How to open a capture. cap_default_options() gives cap's defaults. */
typedef struct cap_open_options {
  unsigned snaplen;    /* bytes kept of each frame */
  int promiscuous;     /* nonzero: promiscuous mode */
  int immediate;       /* nonzero: hand over each packet at once; zero: in blocks (TPACKET_V3) */
  unsigned timeout_ms; /* how long libpcap may hold packets back (with blocks: how long a block waits) */
  int buffer_bytes;    /* kernel buffer size; 0: libpcap's default */
} cap_open_options;

void cap_default_options(cap_open_options *options);

typedef struct cap_handle cap_handle;

/* Opens `device` (non-blocking) and applies `filter` ("" for none); NULL and `error` on failure. */
cap_handle *cap_open(const char *device, const char *filter, const cap_open_options *options, cap_error *error);
/* Closes the handle; never call it from inside cap_read (use cap_break, then close after). */
void cap_close(cap_handle *handle);

int cap_datalink(cap_handle *handle);
/* cap's names for the common DLTs ("ETHERNET", "NULL", ...), else "Unknown linktype N" in `out`. */
const char *cap_datalink_name(int dlt, char *out, size_t size);
#ifdef _WIN32
/* An event that is signalled when packets are ready. */
void *cap_wait_event(cap_handle *handle);
#else
/* A descriptor that polls readable when packets are ready. */
int cap_selectable_fd(cap_handle *handle);
#endif

/* Sends one frame as is; 0 on success. */
int cap_inject(cap_handle *handle, const unsigned char *frame, size_t length, cap_error *error);

/* pcap_stats(): counts since the handle opened. */
typedef struct cap_stats {
  uint32_t received;  /* packets that passed the filter */
  uint32_t dropped;   /* dropped by the kernel: the buffer was full */
  uint32_t ifdropped; /* dropped by the interface or driver */
} cap_stats;

int cap_get_stats(cap_handle *handle, cap_stats *stats, cap_error *error);

/*
 * Compiles `filter` and sets it on an open handle (cap_open does this when given a filter). Needs no
 * privilege: lanlens-capd opens without a filter and sets it once it has dropped its capabilities.
 */
int cap_apply_filter(cap_handle *handle, const char *device, const char *filter, cap_error *error);

/* Checks that `filter` compiles for link type `dlt`, without a device or privilege; 0 when it does. */
int cap_check_filter(const char *filter, int dlt, int snaplen, cap_error *error);

/*
 * Where cap_read puts packets. In batch mode packets go back to back, each behind CAP_BATCH_HEADER
 * bytes, and `deliver` is called when the next one does not fit and when cap_read ends (count > 0);
 * in single mode each packet is copied to the start of the buffer (cut to its size) and delivered
 * alone. `deliver` must be done with the bytes when it returns; it may call cap_break.
 */
typedef struct cap_sink {
  unsigned char *buffer;
  size_t capacity;
  int batch;
  void (*deliver)(void *context, uint32_t count, size_t used, int truncated);
  void *context;
  size_t used;    /* the batch being filled */
  uint32_t count; /* packets in it */
} cap_sink;

typedef enum cap_read_result {
  CAP_READ_DONE = 0, /* nothing more is ready (or `max_packets` were read: poll again) */
  CAP_READ_BROKEN,   /* cap_break was called */
  CAP_READ_ERROR     /* the handle failed (e.g. its interface is gone); `error` says why */
} cap_read_result;

/* Reads what is ready, at most about `max_packets`, into `sink`. */
cap_read_result cap_read(cap_handle *handle, cap_sink *sink, unsigned max_packets, cap_error *error);
/* Makes the cap_read under way return CAP_READ_BROKEN without delivering more. */
void cap_break(cap_handle *handle);

#ifdef __cplusplus
}
#endif

#endif
