/*
 * The part of libpcap's API the capture core calls, declared here rather than taken from <pcap/pcap.h>:
 * libpcap is loaded at run time (pcapLibrary.c), so the build needs neither its headers nor a library
 * to link against, and one binary runs with whichever libpcap the machine has. The types and numbers
 * are libpcap's stable ABI (unchanged since 1.0; see pcap(3PCAP)), and Npcap's on Windows.
 */
#ifndef CAP_PCAP_API_H
#define CAP_PCAP_API_H

#ifdef _WIN32
#include <winsock2.h> /* struct timeval, struct sockaddr */
#else
#include <sys/socket.h>
#include <sys/time.h>
#endif

#ifdef __cplusplus
extern "C" {
#endif

typedef struct pcap pcap_t;
typedef unsigned int bpf_u_int32;
struct bpf_insn;

struct bpf_program {
  unsigned int bf_len;
  struct bpf_insn *bf_insns;
};

/* What libpcap hands the read callback with each packet (macOS's libpcap adds fields after these). */
struct pcap_pkthdr {
  struct timeval ts;
  bpf_u_int32 caplen;
  bpf_u_int32 len;
};

struct pcap_stat {
  unsigned int ps_recv;
  unsigned int ps_drop;
  unsigned int ps_ifdrop;
#ifdef _WIN32
  unsigned int ps_capt;
  unsigned int ps_sent;
  unsigned int ps_netdrop;
#endif
};

typedef struct pcap_addr {
  struct pcap_addr *next;
  struct sockaddr *addr;
  struct sockaddr *netmask;
  struct sockaddr *broadaddr;
  struct sockaddr *dstaddr;
} pcap_addr_t;

typedef struct pcap_if {
  struct pcap_if *next;
  char *name;
  char *description;
  pcap_addr_t *addresses;
  bpf_u_int32 flags;
} pcap_if_t;

typedef void (*pcap_handler)(unsigned char *user, const struct pcap_pkthdr *header, const unsigned char *bytes);

#define PCAP_ERRBUF_SIZE 256
#define PCAP_ERROR (-1)
#define PCAP_ERROR_BREAK (-2)
#define PCAP_ERROR_NO_SUCH_DEVICE (-5)
#define PCAP_ERROR_PERM_DENIED (-8)
#define PCAP_ERROR_IFACE_NOT_UP (-9)
#define PCAP_ERROR_PROMISC_PERM_DENIED (-11)
#define PCAP_NETMASK_UNKNOWN 0xffffffffu
#define PCAP_IF_LOOPBACK 0x00000001u

#define DLT_NULL 0
#define DLT_EN10MB 1
#ifdef __OpenBSD__
#define DLT_RAW 14
#else
#define DLT_RAW 12
#endif
#define DLT_LINUX_SLL 113
#define DLT_IEEE802_11_RADIO 127

/*
 * Every function the core uses: X(return type, name without "pcap_", parameters). A library that
 * lacks one of these is refused as too old (all exist since libpcap 1.0, 2008).
 */
#define CAP_PCAP_REQUIRED(X)                                                     \
  X(pcap_t *, create, (const char *, char *))                                    \
  X(int, set_snaplen, (pcap_t *, int))                                           \
  X(int, set_promisc, (pcap_t *, int))                                           \
  X(int, set_buffer_size, (pcap_t *, int))                                       \
  X(int, set_timeout, (pcap_t *, int))                                           \
  X(int, activate, (pcap_t *))                                                   \
  X(int, setnonblock, (pcap_t *, int, char *))                                   \
  X(int, lookupnet, (const char *, bpf_u_int32 *, bpf_u_int32 *, char *))        \
  X(int, compile, (pcap_t *, struct bpf_program *, const char *, int, bpf_u_int32)) \
  X(int, setfilter, (pcap_t *, struct bpf_program *))                            \
  X(void, freecode, (struct bpf_program *))                                      \
  X(char *, geterr, (pcap_t *))                                                  \
  X(const char *, statustostr, (int))                                            \
  X(int, dispatch, (pcap_t *, int, pcap_handler, unsigned char *))               \
  X(void, breakloop, (pcap_t *))                                                 \
  X(int, stats, (pcap_t *, struct pcap_stat *))                                  \
  X(int, datalink, (pcap_t *))                                                   \
  X(int, sendpacket, (pcap_t *, const unsigned char *, int))                     \
  X(pcap_t *, open_dead, (int, int))                                             \
  X(void, close, (pcap_t *))                                                     \
  X(int, findalldevs, (pcap_if_t **, char *))                                    \
  X(void, freealldevs, (pcap_if_t *))                                            \
  X(const char *, lib_version, (void))

/* Functions used when present: immediate mode came in libpcap 1.5; the others are per platform. */
#ifdef _WIN32
#define CAP_PCAP_OPTIONAL(X)                      \
  X(int, set_immediate_mode, (pcap_t *, int))     \
  X(void *, getevent, (pcap_t *))
#else
#define CAP_PCAP_OPTIONAL(X)                      \
  X(int, set_immediate_mode, (pcap_t *, int))     \
  X(int, get_selectable_fd, (pcap_t *))
#endif

#define CAP_PCAP_POINTER(type, name, params) type(*name) params;

/* libpcap's functions, filled in by cap_library_load(); optional ones may be NULL. */
typedef struct cap_pcap_api {
  CAP_PCAP_REQUIRED(CAP_PCAP_POINTER)
  CAP_PCAP_OPTIONAL(CAP_PCAP_POINTER)
} cap_pcap_api;

#ifdef __cplusplus
}
#endif

#endif
