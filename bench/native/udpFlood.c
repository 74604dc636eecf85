// udpFlood: sends small UDP frames on an interface at a steady packet rate, through a raw
// AF_PACKET socket (sendmmsg, qdisc bypass), for the live capture benchmark. Built at bench time.
// Node cannot produce hundreds of thousands of packets a second, and neither can iperf3 with small
// datagrams on two cores; tcpreplay pre-loads a pcap but is not always installed.
//
//   udpFlood IFNAME PACKETS RATE SRC_MAC DST_MAC SRC_IP DST_IP DST_PORT [FRAME_BYTES [SRC_HOSTS]]
//
// Sends PACKETS frames at RATE per second (0: as fast as possible) in bursts timed on the
// monotonic clock, and prints one JSON line: {"sent":N,"seconds":S,"rate":R}. Source ports cycle
// over 32 values, so the capture sees 32 flows; with SRC_HOSTS, each burst comes from the next of
// SRC_HOSTS source addresses counted up from SRC_IP, so it sees that many hosts and 32 times as
// many flows (the alert engine's per-host work).
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_packet.h>
#include <net/ethernet.h>
#include <net/if.h>
#include <netinet/ip.h>
#include <netinet/udp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define BURST 32
#define MAX_FRAME 1514

static int parse_mac(const char *text, uint8_t mac[6]) {
  unsigned v[6];
  if (sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) return -1;
  for (int i = 0; i < 6; i++) mac[i] = (uint8_t)v[i];
  return 0;
}

static uint16_t checksum(const void *data, size_t length) {
  const uint8_t *bytes = data;
  uint32_t sum = 0;
  for (size_t i = 0; i + 1 < length; i += 2) sum += (uint32_t)(bytes[i] << 8 | bytes[i + 1]);
  if (length & 1) sum += (uint32_t)bytes[length - 1] << 8;
  while (sum >> 16) sum = (sum & 0xffff) + (sum >> 16);
  return htons((uint16_t)~sum);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv) {
  if (argc < 9) {
    fprintf(stderr, "usage: %s IFNAME PACKETS RATE SRC_MAC DST_MAC SRC_IP DST_IP DST_PORT [FRAME_BYTES [SRC_HOSTS]]\n",
            argv[0]);
    return 2;
  }
  const char *ifname = argv[1];
  long total = atol(argv[2]);
  double rate = atof(argv[3]);
  uint8_t src_mac[6], dst_mac[6];
  struct in_addr src_ip, dst_ip;
  int dst_port = atoi(argv[8]);
  int frame_bytes = argc > 9 ? atoi(argv[9]) : 60;
  long src_hosts = argc > 10 ? atol(argv[10]) : 1;
  if (total <= 0 || rate < 0 || parse_mac(argv[4], src_mac) || parse_mac(argv[5], dst_mac) ||
      !inet_aton(argv[6], &src_ip) || !inet_aton(argv[7], &dst_ip) || dst_port <= 0 || dst_port > 65535 ||
      frame_bytes < 60 || frame_bytes > MAX_FRAME || src_hosts < 1 || src_hosts > 65536) {
    fprintf(stderr, "udpFlood: bad arguments\n");
    return 2;
  }
  int ifindex = (int)if_nametoindex(ifname);
  if (!ifindex) {
    fprintf(stderr, "udpFlood: no interface %s\n", ifname);
    return 2;
  }
  int fd = socket(AF_PACKET, SOCK_RAW, 0);
  if (fd < 0) {
    perror("udpFlood: socket");
    return 1;
  }
  int one = 1;
  setsockopt(fd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof one);
  int sndbuf = 4 << 20;
  setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof sndbuf);
  struct sockaddr_ll address = {0};
  address.sll_family = AF_PACKET;
  address.sll_ifindex = ifindex;
  address.sll_halen = 6;
  memcpy(address.sll_addr, dst_mac, 6);

  // One frame per source port, built once.
  static uint8_t frames[BURST][MAX_FRAME];
  for (int f = 0; f < BURST; f++) {
    uint8_t *frame = frames[f];
    memset(frame, 0, MAX_FRAME);
    memcpy(frame, dst_mac, 6);
    memcpy(frame + 6, src_mac, 6);
    frame[12] = 0x08;
    frame[13] = 0x00;
    struct iphdr *ip = (struct iphdr *)(frame + 14);
    int ip_length = frame_bytes - 14;
    ip->version = 4;
    ip->ihl = 5;
    ip->ttl = 64;
    ip->protocol = IPPROTO_UDP;
    ip->tot_len = htons((uint16_t)ip_length);
    ip->saddr = src_ip.s_addr;
    ip->daddr = dst_ip.s_addr;
    ip->check = checksum(ip, 20);
    struct udphdr *udp = (struct udphdr *)(frame + 34);
    udp->source = htons((uint16_t)(40000 + f));
    udp->dest = htons((uint16_t)dst_port);
    udp->len = htons((uint16_t)(ip_length - 20));
  }
  struct mmsghdr messages[BURST];
  struct iovec vectors[BURST];
  memset(messages, 0, sizeof messages);
  for (int i = 0; i < BURST; i++) {
    vectors[i].iov_base = frames[i];
    vectors[i].iov_len = (size_t)frame_bytes;
    messages[i].msg_hdr.msg_iov = &vectors[i];
    messages[i].msg_hdr.msg_iovlen = 1;
    messages[i].msg_hdr.msg_name = &address;
    messages[i].msg_hdr.msg_namelen = sizeof address;
  }

  double start = now_seconds();
  long sent = 0;
  while (sent < total) {
    if (rate > 0) {
      // Wait until this burst is due; a sender that fell behind catches up without waiting.
      double due = start + sent / rate;
      double wait = due - now_seconds();
      if (wait > 0) {
        struct timespec pause = {(time_t)wait, (long)((wait - (time_t)wait) * 1e9)};
        nanosleep(&pause, NULL);
      }
    }
    if (src_hosts > 1) {
      // The next source address for the whole burst (its IP checksum made again).
      uint32_t source = htonl(ntohl(src_ip.s_addr) + (uint32_t)((sent / BURST) % src_hosts));
      for (int f = 0; f < BURST; f++) {
        struct iphdr *ip = (struct iphdr *)(frames[f] + 14);
        ip->saddr = source;
        ip->check = 0;
        ip->check = checksum(ip, 20);
      }
    }
    int want = total - sent < BURST ? (int)(total - sent) : BURST;
    int done = sendmmsg(fd, messages, (unsigned)want, 0);
    if (done < 0) {
      if (errno == ENOBUFS || errno == EAGAIN || errno == EINTR) continue;
      perror("udpFlood: sendmmsg");
      return 1;
    }
    sent += done;
  }
  double seconds = now_seconds() - start;
  printf("{\"sent\":%ld,\"seconds\":%.6f,\"rate\":%.0f}\n", sent, seconds, sent / seconds);
  close(fd);
  return 0;
}
