# A closed port that refuses a connect after a round trip of DELAY_MS (this kernel has no netem):
# run inside a lab host's namespace, with the host's own resets dropped by nft (see
# shortConnects.test.ts), it reads each SYN to PORT on IFACE and answers a RST+ACK DELAY_MS later,
# through an AF_PACKET socket, which nft does not see. Prints "ready" once listening.
# Usage: delayedRefusal.py IFACE PORT DELAY_MS
import socket
import struct
import sys
import threading

iface, port, delay_ms = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
ETH_P_IP = 0x0800
sock = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
sock.bind((iface, ETH_P_IP))


def checksum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack(f"!{len(data) // 2}H", data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def reset_for(frame: bytes) -> bytes:
    """The RST+ACK a closed port answers a SYN with, as a whole Ethernet frame."""
    ihl = (frame[14] & 0x0F) * 4
    ip = frame[14 : 14 + ihl]
    tcp = frame[14 + ihl :]
    src, dst = ip[12:16], ip[16:20]
    sport, dport, seq = struct.unpack("!HHI", tcp[:8])
    header = struct.pack("!HHIIBBHHH", dport, sport, 0, (seq + 1) & 0xFFFFFFFF, 5 << 4, 0x14, 0, 0, 0)
    pseudo = dst + src + struct.pack("!BBH", 0, socket.IPPROTO_TCP, len(header))
    header = header[:16] + struct.pack("!H", checksum(pseudo + header)) + header[18:]
    ip_header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + len(header), 0, 0x4000, 64, socket.IPPROTO_TCP, 0, dst, src)
    ip_header = ip_header[:10] + struct.pack("!H", checksum(ip_header)) + ip_header[12:]
    return frame[6:12] + frame[0:6] + frame[12:14] + ip_header + header


print("ready", flush=True)
while True:
    frame, address = sock.recvfrom(65535)
    if address[2] == socket.PACKET_OUTGOING or len(frame) < 54 or frame[23] != socket.IPPROTO_TCP:
        continue
    ihl = (frame[14] & 0x0F) * 4
    tcp = frame[14 + ihl :]
    if len(tcp) < 14 or struct.unpack("!H", tcp[2:4])[0] != port or tcp[13] & 0x12 != 0x02:
        continue  # not a SYN to the port
    answer = reset_for(frame)
    threading.Timer(delay_ms / 1000, lambda answer=answer: sock.send(answer)).start()
