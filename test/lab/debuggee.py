# The Python twin of debuggee.js, run under debugpy by the debug e2e test: it resolves names
# against the lab's dnsmasq (a DNS query over UDP, written out here: the system resolver is not
# the lab's), makes HTTP requests (one with a path that is markup) and an HTTPS one (SNI
# secure.lab), a refused connect, a connect to a host that drops everything, one that the server
# resets, starts a child that connects too, stops at breakpoint() (the main one only), keeps one
# connection busy for a while and idles with it open until killed. Each process appends
# `role pid` to LANLENS_DEBUGGEE_LOG as it starts, and `role pid idle` once its traffic is done.
#   python3 debuggee.py main|child      (LANLENS_LAB_DNS, LANLENS_LAB_SILENT in the environment)
import http.client
import os
import socket
import ssl
import struct
import subprocess
import sys
import time

role = sys.argv[1] if len(sys.argv) > 1 else "main"
dns_server = os.environ["LANLENS_LAB_DNS"]
silent = os.environ["LANLENS_LAB_SILENT"]
HOSTILE_PATH = "/<img/src=x/onerror=alert(1)>"


def note(text=""):
    if os.environ.get("LANLENS_DEBUGGEE_LOG"):
        with open(os.environ["LANLENS_DEBUGGEE_LOG"], "a") as log:
            log.write(f"{role} {os.getpid()}{text}\n")


def say(text):
    print(f"{role} {os.getpid()}: {text}", flush=True)


def resolve(name):
    """The first A record dnsmasq answers for `name`."""
    query = struct.pack(">HHHHHH", os.getpid() & 0xFFFF, 0x0100, 1, 0, 0, 0)
    query += b"".join(bytes([len(label)]) + label.encode() for label in name.split(".")) + b"\0"
    query += struct.pack(">HH", 1, 1)
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        udp.settimeout(2)
        udp.connect((dns_server, 53))
        udp.send(query)
        answer = udp.recv(512)
    # The answer's record follows the question: a name pointer, type, class, TTL, length, address.
    return socket.inet_ntoa(answer[-4:])


def connect(host, port, timeout=4, send=None):
    with socket.socket() as tcp:
        tcp.settimeout(timeout)
        try:
            tcp.connect((host, port))
            if send:
                tcp.send(send)
                return "closed" if tcp.recv(100) == b"" else "data"
            return "connected"
        except OSError as error:
            return type(error).__name__


def main():
    time.sleep(2)  # the debugger names the process as it starts: give the socket watch a moment
    api = resolve("api.lab")
    secure = resolve("secure.lab")
    say(f"api.lab {api}, secure.lab {secure}")
    keep = http.client.HTTPConnection(api, 80, timeout=5)
    for path in ["/hello", HOSTILE_PATH]:
        keep.request("GET", path, headers={"Host": "api.lab"})
        response = keep.getresponse()
        response.read()
        say(f"http {response.status}")
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    context.set_alpn_protocols(["http/1.1"])
    # Kept alive, as the HTTP connection: the panel lists open connections (and their captured lines) for good.
    tls = context.wrap_socket(socket.create_connection((secure, 443), timeout=5), server_hostname="secure.lab")
    tls.send(b"GET / HTTP/1.1\r\nHost: secure.lab\r\n\r\n")
    say(f"https {tls.recv(100).split(b' ')[1].decode()}")
    if role == "child":
        return keep, tls
    say(f"refused {connect(api, 7001)}")
    request = b"GET / HTTP/1.1\r\n\r\n"
    say(f"reset {connect(api, 9000, send=request)}")
    say(f"timeout {connect(silent, 80)}")
    child = subprocess.Popen([sys.executable, __file__, "child"])
    say(f"child {child.pid}")
    time.sleep(1.5)
    breakpoint()  # a pause at a breakpoint: the panel draws a band
    for round in range(10):
        keep.request("GET", f"/tick/{round}", headers={"Host": "api.lab"})
        keep.getresponse().read()
        time.sleep(1)
    return keep, tls


note()
held = main()
say("idle")
note(" idle")
while True:
    time.sleep(60)
