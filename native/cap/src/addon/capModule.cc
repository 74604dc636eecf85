// The module: Cap (capHandle.cc), compileFilter, libpcap, deviceList, dropToUser and
// dropCapabilities; and the socket diagnostics (sockDiagModule.cc), exported by lib/sockDiag.js.
#include <cmath>
#include <string>

#include "capAddon.h"
#include "capPrivilege.h"

#ifdef _WIN32
#include <ws2tcpip.h>
#else
#include <arpa/inet.h>
#include <netinet/in.h>
#endif

namespace capaddon {

Napi::Error CodedError(Napi::Env env, const cap_error &error) {
  Napi::Error result = Napi::Error::New(env, error.message);
  result.Set("code", Napi::String::New(env, cap_code_name(error.code)));
  return result;
}

Napi::Value ThrowType(Napi::Env env, const char *message) {
  Napi::TypeError::New(env, message).ThrowAsJavaScriptException();
  return env.Undefined();
}

bool IsUint32(const Napi::Value &value) {
  if (!value.IsNumber()) return false;
  double number = value.As<Napi::Number>().DoubleValue();
  return number >= 0 && number <= 4294967295.0 && std::floor(number) == number;
}

static bool IsInt32(const Napi::Value &value) {
  if (!value.IsNumber()) return false;
  double number = value.As<Napi::Number>().DoubleValue();
  return number >= -2147483648.0 && number <= 2147483647.0 && std::floor(number) == number;
}

static Napi::Value Throw(Napi::Env env, const cap_error &error) {
  CodedError(env, error).ThrowAsJavaScriptException();
  return env.Undefined();
}

// compileFilter(filter, dlt = DLT_EN10MB, snaplen = 65535): true, or throws (code EFILTER) with
// libpcap's message when the filter does not compile for that link type. Needs no device and no
// privilege.
static Napi::Value CompileFilter(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) return ThrowType(env, "filter must be a string");
  int dlt = DLT_EN10MB;
  int snaplen = 65535;
  if (info.Length() >= 2 && !info[1].IsUndefined()) {
    if (!IsInt32(info[1])) return ThrowType(env, "link type must be an integer");
    dlt = info[1].As<Napi::Number>().Int32Value();
  }
  if (info.Length() >= 3 && !info[2].IsUndefined()) {
    if (!IsUint32(info[2])) return ThrowType(env, "snaplen must be a positive integer");
    snaplen = (int)info[2].As<Napi::Number>().Uint32Value();
  }
  std::string filter = info[0].As<Napi::String>().Utf8Value();
  cap_error error;
  if (cap_check_filter(filter.c_str(), dlt, snaplen, &error) != 0) return Throw(env, error);
  return Napi::Boolean::New(env, true);
}

// libpcap(): { file, version } of the libpcap in use (loading it on first call), or throws (code
// ENOLIBPCAP) with the package to install.
static Napi::Value Libpcap(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  cap_error error;
  if (cap_library_load(&error) != 0) return Throw(env, error);
  Napi::Object result = Napi::Object::New(env);
  result.Set("file", cap_library_file());
  result.Set("version", cap_pcap()->lib_version());
  return result;
}

static void SetAddress(Napi::Object target, const char *key, const struct sockaddr *address) {
  char text[INET6_ADDRSTRLEN + 1] = {0};
  const void *bytes;
  if (!address) return;
  if (address->sa_family == AF_INET)
    bytes = &((const struct sockaddr_in *)address)->sin_addr;
  else if (address->sa_family == AF_INET6)
    bytes = &((const struct sockaddr_in6 *)address)->sin6_addr;
  else
    return;
  if (inet_ntop(address->sa_family, bytes, text, sizeof text))
    target.Set(key, text);
  else
    target.Set(key, target.Env().Undefined());
}

static Napi::Object Device(Napi::Env env, const pcap_if_t *device) {
  Napi::Object result = Napi::Object::New(env);
  Napi::Array addresses = Napi::Array::New(env);
  uint32_t count = 0;
  result.Set("name", device->name);
  if (device->description) result.Set("description", device->description);
  for (const pcap_addr_t *at = device->addresses; at; at = at->next) {
    if (!at->addr || (at->addr->sa_family != AF_INET && at->addr->sa_family != AF_INET6)) continue;
    Napi::Object address = Napi::Object::New(env);
    SetAddress(address, "addr", at->addr);
    SetAddress(address, "netmask", at->netmask);
    SetAddress(address, "broadaddr", at->broadaddr);
    SetAddress(address, "dstaddr", at->dstaddr);
    addresses.Set(count++, address);
  }
  result.Set("addresses", addresses);
  if (device->flags & PCAP_IF_LOOPBACK) result.Set("flags", "PCAP_IF_LOOPBACK");
  return result;
}

// deviceList(): libpcap's interfaces with their IPv4/IPv6 addresses, as cap returned them.
static Napi::Value DeviceList(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  cap_error error;
  if (cap_library_load(&error) != 0) return Throw(env, error);
  char errbuf[PCAP_ERRBUF_SIZE] = "";
  pcap_if_t *devices = nullptr;
  if (cap_pcap()->findalldevs(&devices, errbuf) == -1) {
    Napi::Error::New(env, errbuf).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Napi::Array result = Napi::Array::New(env);
  uint32_t count = 0;
  for (const pcap_if_t *device = devices; device; device = device->next) result.Set(count++, Device(env, device));
  if (devices) cap_pcap()->freealldevs(devices);
  return result;
}

// dropToUser(uid, gid, keepNetCaps): a process started as root for a user becomes that user (every
// thread), keeping CAP_NET_RAW and CAP_NET_ADMIN on the calling thread when keepNetCaps, nothing
// else; the bounding set shrinks to the same and no exec can gain privileges. Throws when any of it
// did not take. Linux only.
static Napi::Value DropToUser(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !IsUint32(info[0]) || !IsUint32(info[1]) || !info[2].IsBoolean())
    return ThrowType(env, "dropToUser(uid, gid, keepNetCaps)");
  cap_error error;
  if (cap_drop_to_user(info[0].As<Napi::Number>().Uint32Value(), info[1].As<Napi::Number>().Uint32Value(),
                       info[2].As<Napi::Boolean>().Value() ? 1 : 0, &error) != 0)
    return Throw(env, error);
  return env.Undefined();
}

// dropCapabilities(): the calling thread's capabilities, all of them, for good (a one-shot command
// whose handle is open needs none). Throws when they could not be dropped. Linux only.
static Napi::Value DropCapabilities(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  cap_error error;
  if (cap_drop_all(&error) != 0) return Throw(env, error);
  return env.Undefined();
}

static Napi::Object Init(Napi::Env env, Napi::Object exports) {
  DefineCap(env, exports);
  DefineSockDiag(env, exports);
  exports.Set("compileFilter", Napi::Function::New(env, CompileFilter, "compileFilter"));
  exports.Set("libpcap", Napi::Function::New(env, Libpcap, "libpcap"));
  exports.Set("deviceList", Napi::Function::New(env, DeviceList, "deviceList"));
  exports.Set("dropToUser", Napi::Function::New(env, DropToUser, "dropToUser"));
  exports.Set("dropCapabilities", Napi::Function::New(env, DropCapabilities, "dropCapabilities"));
  return exports;
}

}  // namespace capaddon

static Napi::Object InitCap(Napi::Env env, Napi::Object exports) {
  return capaddon::Init(env, exports);
}

NODE_API_MODULE(cap, InitCap)
