#!/usr/bin/env python3
# soakChurn: the constant churn of the soak (bench/soak.ts). Run inside a lab namespace, it sends
# raw frames through an AF_PACKET socket, every second and each from a source never seen before:
#
#   IPV6  UDP over IPv6 from a new address of fd13:213:95:1::/64 and a new MAC (a new host, flow
#         and conversation each)
#   IPV4  UDP over IPv4 from the namespace's address with a new source port (a new flow each)
#   DNS   a DNS answer naming a new host (a new row of the names table each)
#   NDP   a neighbour advertisement for a new address of fd13:213:95:2::/64 with a new MAC (a new
#         passive device each)
#
# At the default rates the helper's caps (100,000 flows and conversations, 50,000 hosts and
# devices, 20,000 names) are all passed within about two minutes, and stay passed. Every frame goes
# to a unicast MAC nobody on the lab bridge has, so nothing answers and nothing leaves the lab; the
# spoofed addresses are unique-local (fd00::/8) and never routed.
#
#   soakChurn.py IFNAME SECONDS SRC_IP DST_IP SINK_MAC
#
# Prints one JSON line per second ({"second":N,"sent":N}) and a last one with the totals.
import json
import socket
import struct
import sys
import time

IPV6_PER_S = 600
IPV4_PER_S = 400
DNS_PER_S = 200
NDP_PER_S = 400
SLICES = 10  # each second's frames go out in 10 bursts, 100 ms apart

HOSTS_PREFIX = bytes.fromhex("fd130213009500010000")  # fd13:213:95:1::/64, 10 bytes then a 48-bit counter
DEVICES_PREFIX = bytes.fromhex("fd130213009500020000")  # fd13:213:95:2::/64
SINK6 = bytes.fromhex("fd130213009500000000000000000001")


def mac_bytes(text):
    return bytes(int(part, 16) for part in text.split(":"))


def checksum(data):
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def new_mac(kind, n):
    # locally administered unicast: 02 or 06 (by kind), then the counter
    return bytes([kind]) + n.to_bytes(5, "big")


def ipv6_frame(dst_mac, src_mac, src6, dst6, next_header, payload):
    pseudo = src6 + dst6 + struct.pack("!IxxxB", len(payload), next_header)
    header_at = 2 if next_header == 58 else 6  # ICMPv6 checksum at 2, UDP at 6
    sum_ = checksum(pseudo + payload)
    payload = payload[:header_at] + struct.pack("!H", sum_ or 0xFFFF) + payload[header_at + 2 :]
    ip6 = struct.pack("!IHBB", 6 << 28, len(payload), next_header, 255) + src6 + dst6
    return dst_mac + src_mac + b"\x86\xdd" + ip6 + payload


def ipv4_frame(dst_mac, src_mac, src4, dst4, sport, dport, payload):
    udp = struct.pack("!HHHH", sport, dport, 8 + len(payload), 0) + payload
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(udp), 0, 0x4000, 64, 17, 0, src4, dst4)
    header = header[:10] + struct.pack("!H", checksum(header)) + header[12:]
    return dst_mac + src_mac + b"\x08\x00" + header + udp


def dns_answer(n, answer4):
    name = b"".join(bytes([len(label)]) + label for label in (b"h%d" % n, b"soak", b"lab", b"test")) + b"\0"
    header = struct.pack("!HHHHHH", n & 0xFFFF, 0x8180, 1, 1, 0, 0)
    question = name + struct.pack("!HH", 1, 1)
    answer = b"\xc0\x0c" + struct.pack("!HHIH", 1, 1, 60, 4) + answer4
    return header + question + answer


def main():
    ifname, seconds, src_ip, dst_ip, sink = sys.argv[1:6]
    seconds = int(seconds)
    src4, dst4 = socket.inet_aton(src_ip), socket.inet_aton(dst_ip)
    sink_mac = mac_bytes(sink)
    own_mac = mac_bytes(open("/sys/class/net/%s/address" % ifname).read().strip())
    subnet = src4[:3]
    sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    sock.bind((ifname, 0))
    send = sock.send
    counter = 0  # one counter for every new thing: nothing is ever sent twice
    total = 0
    start = time.monotonic()
    for second in range(seconds):
        sent = 0
        for part in range(SLICES):
            frames = []
            for _ in range(IPV6_PER_S // SLICES):
                counter += 1
                src6 = HOSTS_PREFIX + counter.to_bytes(6, "big")
                udp = struct.pack("!HHHH", 1024 + counter % 60000, 9, 16, 0) + struct.pack("!Q", counter)
                frames.append(ipv6_frame(sink_mac, new_mac(0x02, counter), src6, SINK6, 17, udp))
            for _ in range(IPV4_PER_S // SLICES):
                counter += 1
                frames.append(ipv4_frame(sink_mac, own_mac, src4, dst4, 1024 + counter % 64000, 9, b"soak"))
            for _ in range(DNS_PER_S // SLICES):
                counter += 1
                answer4 = subnet + bytes([2 + counter % 250])
                payload = dns_answer(counter, answer4)
                frames.append(ipv4_frame(sink_mac, own_mac, src4, dst4, 53, 1024 + counter % 64000, payload))
            for _ in range(NDP_PER_S // SLICES):
                counter += 1
                target = DEVICES_PREFIX + counter.to_bytes(6, "big")
                mac = new_mac(0x06, counter)
                # type 136, flags solicited=0 override=1, the target, option 2 (target link-layer address)
                na = struct.pack("!BBHI", 136, 0, 0, 0x20000000) + target + b"\x02\x01" + mac
                frames.append(ipv6_frame(sink_mac, mac, target, SINK6, 58, na))
            for frame in frames:
                send(frame)
            sent += len(frames)
            due = start + second + (part + 1) / SLICES
            pause = due - time.monotonic()
            if pause > 0:
                time.sleep(pause)
        total += sent
        print(json.dumps({"second": second + 1, "sent": sent}), flush=True)
    elapsed = time.monotonic() - start
    print(json.dumps({"done": True, "sent": total, "seconds": round(elapsed, 3), "distinct": counter}), flush=True)


if __name__ == "__main__":
    main()
