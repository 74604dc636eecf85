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

// One socket as a plain object; the field names are the helper's (src/helper/sockets/nativeSockDiag.ts).
static Napi::Object SocketObject(Napi::Env env, const sockdiag_socket *socket) {
  Napi::Object result = Napi::Object::New(env);
  char cookie[17];
  snprintf(cookie, sizeof cookie, "%" PRIx64, socket->cookie);
  result.Set("protocol", socket->protocol == IPPROTO_UDP ? "udp" : "tcp");
  result.Set("family", socket->family);
  result.Set("state", socket->state);
  result.Set("localAddress", AddressText(env, socket->family, socket->local));
  result.Set("localPort", socket->local_port);
  result.Set("remoteAddress", AddressText(env, socket->family, socket->remote));
  result.Set("remotePort", socket->remote_port);
  result.Set("uid", socket->uid);
  result.Set("inode", socket->inode);
  result.Set("cookie", cookie);
  if (!socket->has_info) return result;
  Napi::Object info = Napi::Object::New(env);
  info.Set("bytesAcked", (double)socket->bytes_acked);
  info.Set("bytesReceived", (double)socket->bytes_received);
  info.Set("bytesSent", (double)socket->bytes_sent);
  info.Set("rttUs", socket->rtt_us);
  info.Set("rttVarUs", socket->rttvar_us);
  info.Set("retransmits", socket->retransmits);
  info.Set("totalRetrans", socket->total_retrans);
  info.Set("segsOut", socket->segs_out);
  info.Set("segsIn", socket->segs_in);
  info.Set("lastDataSentMs", socket->last_data_sent_ms);
  info.Set("lastDataReceivedMs", socket->last_data_recv_ms);
  info.Set("options", socket->options);
  result.Set("tcpInfo", info);
  return result;
}

struct Collect {
  Napi::Env env;
  Napi::Array array;
  uint32_t count;
};

static void Visit(const sockdiag_socket *socket, void *context) {
  Collect *collect = static_cast<Collect *>(context);
  collect->array.Set(collect->count++, SocketObject(collect->env, socket));
}

// sockets(protocols, states): every TCP (protocols bit 1) and UDP (bit 2) socket, IPv4 and IPv6, whose
// state number's bit is set in `states`, with tcp_info for TCP. Throws (code ESOCKDIAG, errno).
static Napi::Value Sockets(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 2 || !IsUint32(info[0]) || !IsUint32(info[1]))
    return ThrowType(env, "sockets(protocols, states)");
  Collect collect{env, Napi::Array::New(env), 0};
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
    Collect collect{env, Napi::Array::New(env), 0};
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
