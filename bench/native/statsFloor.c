// A floor for the file benchmarks, not part of LAN Lens: what one C thread takes for the core of
// a capture file's statistics, so that each run shows how far the helper's JavaScript engine is
// from a native one on this machine, in this run. It reads a classic little-endian pcap of
// Ethernet frames with read() in 2 MiB chunks (the copy the helper makes too), walks the records
// (indexing each), decodes Ethernet (VLAN tags skipped), IPv4/IPv6 and TCP/UDP ports and flags,
// and counts per direction into open-addressing tables of 5-tuple flows, address-pair
// conversations and hosts, with the first and last time of each. It leaves out what the helper
// also does (TCP states and sequences, the protocol hierarchy, application decoders, rates,
// eviction and the snapshot), so a native engine doing all of it would be slower than this.
// Usage: statsFloor FILE   prints: packets flows conversations hosts seconds
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/** A row of any table: the key (addresses, ports, protocol) and per-direction counts. */
typedef struct {
  uint32_t low[4], high[4];
  uint16_t lowPort, highPort;
  uint8_t protocol, version, used, flags;
  uint64_t packets[2], bytes[2];
  double first, last;
} Row;

typedef struct {
  Row *rows;
  uint32_t mask;
  uint32_t count;
} Table;

static void tableInit(Table *table, uint32_t capacity) {
  table->rows = calloc(capacity, sizeof(Row));
  table->mask = capacity - 1;
  table->count = 0;
}

static uint32_t mix(uint32_t hash, uint32_t value) {
  hash = (hash ^ value) * 0x9e3779b1u;
  return hash ^ (hash >> 15);
}

static uint32_t rowHash(const Row *key) {
  uint32_t hash = key->protocol << 8 | key->version;
  for (int i = 0; i < (key->version == 4 ? 1 : 4); i++) hash = mix(mix(hash, key->low[i]), key->high[i]);
  return mix(hash, (uint32_t)key->lowPort << 16 | key->highPort);
}

static int sameKey(const Row *a, const Row *b) {
  return a->lowPort == b->lowPort && a->highPort == b->highPort && a->protocol == b->protocol &&
         a->version == b->version && !memcmp(a->low, b->low, 16) && !memcmp(a->high, b->high, 16);
}

/** Doubles a table past half full, so probes stay short. */
static void grow(Table *table) {
  Table bigger;
  tableInit(&bigger, (table->mask + 1) * 2);
  for (uint32_t i = 0; i <= table->mask; i++) {
    if (!table->rows[i].used) continue;
    uint32_t slot = rowHash(&table->rows[i]) & bigger.mask;
    while (bigger.rows[slot].used) slot = (slot + 1) & bigger.mask;
    bigger.rows[slot] = table->rows[i];
    bigger.count++;
  }
  free(table->rows);
  *table = bigger;
}

/** The row with `key`'s key, made (first seen at `time`) when there is none. */
static Row *find(Table *table, const Row *key, double time) {
  for (uint32_t slot = rowHash(key) & table->mask;; slot = (slot + 1) & table->mask) {
    Row *row = &table->rows[slot];
    if (row->used && sameKey(row, key)) return row;
    if (row->used) continue;
    if (table->count * 2 >= table->mask) {
      grow(table);
      return find(table, key, time);
    }
    *row = *key;
    row->used = 1;
    row->first = time;
    table->count++;
    return row;
  }
}

static Table flows, conversations, hosts;
static uint64_t *offsets, packets;
static size_t offsetsSize;

static void count(Row *row, int direction, uint32_t length, double time) {
  row->packets[direction]++;
  row->bytes[direction] += length;
  row->last = time;
}

static void packet(const uint8_t *frame, uint32_t captured, uint32_t length, double time, uint64_t offset) {
  if (packets == offsetsSize) offsets = realloc(offsets, (offsetsSize = offsetsSize * 2 + 65536) * sizeof *offsets);
  offsets[packets++] = offset;
  if (captured < 14) return;
  uint32_t at = 14, type = frame[12] << 8 | frame[13];
  while ((type == 0x8100 || type == 0x88a8) && at + 4 <= captured) {
    type = frame[at + 2] << 8 | frame[at + 3];
    at += 4;
  }
  Row key = {0};
  uint32_t source[4] = {0}, destination[4] = {0};
  if (type == 0x0800 && at + 20 <= captured) {
    key.version = 4;
    key.protocol = frame[at + 9];
    memcpy(source, frame + at + 12, 4);
    memcpy(destination, frame + at + 16, 4);
    at += (frame[at] & 15) * 4;
  } else if (type == 0x86dd && at + 40 <= captured) {
    key.version = 6;
    key.protocol = frame[at + 6];
    memcpy(source, frame + at + 8, 16);
    memcpy(destination, frame + at + 24, 16);
    at += 40;
  } else {
    return;
  }
  uint16_t sourcePort = 0, destinationPort = 0;
  if ((key.protocol == 6 && at + 20 <= captured) || (key.protocol == 17 && at + 8 <= captured)) {
    sourcePort = frame[at] << 8 | frame[at + 1];
    destinationPort = frame[at + 2] << 8 | frame[at + 3];
    if (key.protocol == 6) key.flags = frame[at + 13];
  }
  int order = memcmp(source, destination, 16);
  int fromLow = order < 0 || (order == 0 && sourcePort <= destinationPort);
  memcpy(key.low, fromLow ? source : destination, 16);
  memcpy(key.high, fromLow ? destination : source, 16);
  key.lowPort = fromLow ? sourcePort : destinationPort;
  key.highPort = fromLow ? destinationPort : sourcePort;
  Row *flow = find(&flows, &key, time);
  flow->flags |= key.flags;
  count(flow, !fromLow, length, time);
  key.lowPort = key.highPort = 0;
  key.protocol = key.flags = 0;
  count(find(&conversations, &key, time), !fromLow, length, time);
  memset(key.high, 0, 16);
  memcpy(key.low, source, 16);
  count(find(&hosts, &key, time), 0, length, time);
  memcpy(key.low, destination, 16);
  count(find(&hosts, &key, time), 1, length, time);
}

static double seconds(void) {
  struct timespec now;
  clock_gettime(CLOCK_MONOTONIC, &now);
  return now.tv_sec + now.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc != 2) return fprintf(stderr, "usage: statsFloor FILE\n"), 2;
  double started = seconds();
  int fd = open(argv[1], O_RDONLY);
  if (fd < 0) return perror(argv[1]), 1;
  tableInit(&flows, 4096);
  tableInit(&conversations, 4096);
  tableInit(&hosts, 4096);
  const size_t chunk = 2 << 20, room = chunk + 16 + 262144;
  uint8_t *buffer = malloc(room);
  size_t have = 0, at = 0;
  uint64_t fileAt = 24;
  if (read(fd, buffer, 24) != 24) return fprintf(stderr, "%s: not a pcap file\n", argv[1]), 1;
  for (;;) {
    uint32_t header[4] = {0};
    if (have - at >= 16) memcpy(header, buffer + at, 16);
    if (have - at < 16 || have - at < 16 + (size_t)header[2]) {
      // The next record is not all in: keep the unread end, top up behind it, and look again.
      memmove(buffer, buffer + at, have - at);
      fileAt += at;
      have -= at;
      at = 0;
      ssize_t got = read(fd, buffer + have, room - have < chunk ? room - have : chunk);
      if (got <= 0) break;
      have += got;
      continue;
    }
    packet(buffer + at + 16, header[2], header[3], header[0] * 1e3 + header[1] / 1e3, fileAt + at);
    at += 16 + header[2];
  }
  printf("%llu %u %u %u %.4f\n", (unsigned long long)packets, flows.count, conversations.count, hosts.count,
         seconds() - started);
  return 0;
}
