// The Node-API layer over the capture core: the Cap class (capHandle.cc) and the module's functions
// (capModule.cc). Built with NODE_ADDON_API_DISABLE_CPP_EXCEPTIONS: libpcap calls back into this
// code through C frames, which C++ exceptions must never cross.
#ifndef CAP_ADDON_H
#define CAP_ADDON_H

#include <napi.h>

#include "capCore.h"

namespace capaddon {

// An Error whose `code` is the core's code name ("ENODEV", "EPERM", ...).
Napi::Error CodedError(Napi::Env env, const cap_error &error);
// Throws a TypeError with `message`; returns undefined for the caller to return.
Napi::Value ThrowType(Napi::Env env, const char *message);
// Whether `value` is a whole number in [0, 2^32), like V8's IsUint32().
bool IsUint32(const Napi::Value &value);

// Adds the Cap class to `exports`.
void DefineCap(Napi::Env env, Napi::Object exports);
// Adds sockets() and SocketEvents (sockDiagModule.cc), which lib/sockDiag.js exports.
void DefineSockDiag(Napi::Env env, Napi::Object exports);

}  // namespace capaddon

#endif
