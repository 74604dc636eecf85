/*
 * lanlens-capd's stdio protocol, version 1 (src/helper/capture/capdStream.ts reads it). Every number
 * is little-endian.
 *
 * stdout: the preamble (the 4 bytes "LLCD", then u32 protocol version), then records of
 *   u32 type, u32 body length, body:
 *   OPENED  i32 DLT, then the link type's name (cap's names: "ETHERNET", ...; at most 63 bytes)
 *   BATCH   u32 packet count, then the packets back to back, each behind the capture core's
 *           16-byte header (u32 seconds, microseconds, captured length, wire length)
 *   STATS   u32 received, dropped, ifdropped (pcap_stats since the open)
 *   ERROR   16 bytes of the code's name ("ENODEV", "EPERM", ...; NUL-padded), then the message;
 *           fatal: capd exits after it
 *   SEND_FAILED  as ERROR, for one frame that could not be injected; capture goes on
 *   END     empty: stopped as asked
 *
 * stdin: commands of u32 length, then that many bytes: u8 command, then its payload:
 *   INJECT  the frame (1 to CAPD_MAX_FRAME bytes), sent as is
 *   STATS   answer with a STATS record now
 *   STOP    send END and exit (so does the end of stdin)
 */
#ifndef CAPD_PROTOCOL_H
#define CAPD_PROTOCOL_H

#define CAPD_PROTOCOL_VERSION 1
#define CAPD_MAGIC "LLCD"
#define CAPD_RECORD_HEADER 8
#define CAPD_CODE_NAME 16

enum capd_record {
  CAPD_OPENED = 1,
  CAPD_BATCH = 2,
  CAPD_STATS = 3,
  CAPD_ERROR = 4,
  CAPD_SEND_FAILED = 5,
  CAPD_END = 6,
};

enum capd_command {
  CAPD_INJECT = 1,
  CAPD_REQUEST_STATS = 2,
  CAPD_STOP = 3,
};

/* The largest frame INJECT takes. */
#define CAPD_MAX_FRAME 65535

#endif
