// The Node-API layer over the socket diagnostics core (src/core/sockDiag.c): sockets(protocols,
// states) and the SocketEvents class. lib/sockDiag.js exports them; lib/cap.js does not.
#include <cinttypes>
#include <cstdio>

#include "capAddon.h"
#include "sockDiag.h"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#endif

namespace capaddon {

static Napi::Value ThrowDiag(Napi::Env env, const sockdiag_error &error) {
  Napi::Error result = Napi::Error::New(env, error.message);
  result.Set("code", Napi::String::New(env, "ESOCKDIAG"));
  result.Set("errno", Napi::Number::New(env, error.errnum));
  result.ThrowAsJavaScriptException();
  return env.Undefined();
}

static Napi::String AddressText(Napi::Env env, uint8_t family, const uint8_t *bytes) {
  char text[INET6_ADDRSTRLEN] = "";
  inet_ntop(family == 6 ? AF_INET6 : AF_INET, bytes, text, sizeof text);
  return Napi::String::New(env, text);
}

// The property names, made once per call: a socket has 22 of them, and making each name again per
// socket cost more than the kernel's dump of a thousand sockets.
struct Keys {
  Napi::String protocol, family, state, localAddress, localPort, remoteAddress, remotePort, uid, inode, cookie,
      tcpInfo, bytesAcked, bytesReceived, bytesSent, rttUs, rttVarUs, retransmits, totalRetrans, segsOut, segsIn,
      lastDataSentMs, lastDataReceivedMs, options, tcp, udp;
  explicit Keys(Napi::Env env)
      : protocol(Napi::String::New(env, "protocol")), family(Napi::String::New(env, "family")),
        state(Napi::String::New(env, "state")), localAddress(Napi::String::New(env, "localAddress")),
        localPort(Napi::String::New(env, "localPort")), remoteAddress(Napi::String::New(env, "remoteAddress")),
        remotePort(Napi::String::New(env, "remotePort")), uid(Napi::String::New(env, "uid")),
        inode(Napi::String::New(env, "inode")), cookie(Napi::String::New(env, "cookie")),
        tcpInfo(Napi::String::New(env, "tcpInfo")), bytesAcked(Napi::String::New(env, "bytesAcked")),
        bytesReceived(Napi::String::New(env, "bytesReceived")), bytesSent(Napi::String::New(env, "bytesSent")),
        rttUs(Napi::String::New(env, "rttUs")), rttVarUs(Napi::String::New(env, "rttVarUs")),
        retransmits(Napi::String::New(env, "retransmits")), totalRetrans(Napi::String::New(env, "totalRetrans")),
        segsOut(Napi::String::New(env, "segsOut")), segsIn(Napi::String::New(env, "segsIn")),
        lastDataSentMs(Napi::String::New(env, "lastDataSentMs")),
        lastDataReceivedMs(Napi::String::New(env, "lastDataReceivedMs")), options(Napi::String::New(env, "options")),
        tcp(Napi::String::New(env, "tcp")), udp(Napi::String::New(env, "udp")) {}
};

// One socket as a plain object; the field names are the helper's (src/helper/sockets/nativeSockDiag.ts).
static Napi::Object SocketObject(Napi::Env env, const Keys &k, const sockdiag_socket *socket) {
  Napi::Object result = Napi::Object::New(env);
  char cookie[17];
  snprintf(cookie, sizeof cookie, "%" PRIx64, socket->cookie);
  result.Set(k.protocol, socket->protocol == IPPROTO_UDP ? k.udp : k.tcp);
  result.Set(k.family, Napi::Number::New(env, socket->family));
  result.Set(k.state, Napi::Number::New(env, socket->state));
  result.Set(k.localAddress, AddressText(env, socket->family, socket->local));
  result.Set(k.localPort, Napi::Number::New(env, socket->local_port));
  result.Set(k.remoteAddress, AddressText(env, socket->family, socket->remote));
  result.Set(k.remotePort, Napi::Number::New(env, socket->remote_port));
  result.Set(k.uid, Napi::Number::New(env, socket->uid));
  result.Set(k.inode, Napi::Number::New(env, socket->inode));
  result.Set(k.cookie, Napi::String::New(env, cookie));
  if (!socket->has_info) return result;
  Napi::Object info = Napi::Object::New(env);
  info.Set(k.bytesAcked, Napi::Number::New(env, (double)socket->bytes_acked));
  info.Set(k.bytesReceived, Napi::Number::New(env, (double)socket->bytes_received));
  info.Set(k.bytesSent, Napi::Number::New(env, (double)socket->bytes_sent));
  info.Set(k.rttUs, Napi::Number::New(env, socket->rtt_us));
  info.Set(k.rttVarUs, Napi::Number::New(env, socket->rttvar_us));
  info.Set(k.retransmits, Napi::Number::New(env, socket->retransmits));
  info.Set(k.totalRetrans, Napi::Number::New(env, socket->total_retrans));
  info.Set(k.segsOut, Napi::Number::New(env, socket->segs_out));
  info.Set(k.segsIn, Napi::Number::New(env, socket->segs_in));
  info.Set(k.lastDataSentMs, Napi::Number::New(env, socket->last_data_sent_ms));
  info.Set(k.lastDataReceivedMs, Napi::Number::New(env, socket->last_data_recv_ms));
  info.Set(k.options, Napi::Number::New(env, socket->options));
  result.Set(k.tcpInfo, info);
  return result;
}

struct Collect {
  Napi::Env env;
  Keys keys;
  Napi::Array array;
  uint32_t count;
};

static void Visit(const sockdiag_socket *socket, void *context) {
  Collect *collect = static_cast<Collect *>(context);
  collect->array.Set(collect->count++, SocketObject(collect->env, collect->keys, socket));
}

// sockets(protocols, states): every TCP (protocols bit 1) and UDP (bit 2) socket, IPv4 and IPv6, whose
// state number's bit is set in `states`, with tcp_info for TCP. Throws (code ESOCKDIAG, errno).
static Napi::Value Sockets(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !IsUint32(info[0]) || !IsUint32(info[1]))
    return ThrowType(env, "sockets(protocols, states)");
  Collect collect{env, Keys(env), Napi::Array::New(env), 0};
  sockdiag_error error;
  if (sockdiag_dump(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Number>().Uint32Value(), Visit,
                    &collect, &error) != 0)
    return ThrowDiag(env, error);
  return collect.array;
}

// new SocketEvents(): subscribed to the kernel's socket close events; read() drains them without
// blocking as { sockets, lost }; close() unsubscribes (also when collected).
class SocketEvents : public Napi::ObjectWrap<SocketEvents> {
 public:
  explicit SocketEvents(const Napi::CallbackInfo &info) : Napi::ObjectWrap<SocketEvents>(info) {
    sockdiag_error error;
    fd_ = sockdiag_events_open(&error);
    if (fd_ < 0) ThrowDiag(info.Env(), error);
  }
  ~SocketEvents() override { sockdiag_events_close(fd_); }

  Napi::Value Read(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (fd_ < 0) return ThrowType(env, "SocketEvents is closed");
    Collect collect{env, Keys(env), Napi::Array::New(env), 0};
    sockdiag_error error;
    int lost = 0;
    if (sockdiag_events_read(fd_, Visit, &collect, &lost, &error) < 0) return ThrowDiag(env, error);
    Napi::Object result = Napi::Object::New(env);
    result.Set("sockets", collect.array);
    result.Set("lost", Napi::Boolean::New(env, lost != 0));
    return result;
  }

  Napi::Value Close(const Napi::CallbackInfo &info) {
    bool wasOpen = fd_ >= 0;
    sockdiag_events_close(fd_);
    fd_ = -1;
    return Napi::Boolean::New(info.Env(), wasOpen);
  }

 private:
  int fd_ = -1;
};

void DefineSockDiag(Napi::Env env, Napi::Object exports) {
  exports.Set("sockets", Napi::Function::New(env, Sockets, "sockets"));
  exports.Set("SocketEvents", SocketEvents::DefineClass(env, "SocketEvents",
                                                        {
                                                            SocketEvents::InstanceMethod("read", &SocketEvents::Read),
                                                            SocketEvents::InstanceMethod("close", &SocketEvents::Close),
                                                        }));
}

}  // namespace capaddon
