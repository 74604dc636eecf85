// The Cap class: one capture handle of the core, read on the event loop. libuv polls the handle's
// selectable descriptor (on Windows a wait thread signals libpcap's event through a uv_async), and
// each wake-up reads what is ready into the caller's buffer, emitting 'packets' per batch or
// 'packet' per packet, and 'error' when the handle fails. While open the object holds itself
// (a strong reference), so it is not collected while libuv points at it; closing releases it once
// libuv is done with the handle.
#include <uv.h>

#include <cstdio>
#include <memory>
#include <string>

#include "capAddon.h"

namespace capaddon {

// Packets handled per wake-up before control goes back to the event loop (timers, stdio).
static const unsigned kMaxPacketsPerWake = 65536;

class Cap;

// The libuv side of an open Cap, on the heap so that it can outlive a Cap torn down with its
// environment: libuv frees it in its close callback.
struct Watcher {
#ifdef _WIN32
  uv_async_t async;
  HANDLE wait = nullptr;
#else
  uv_poll_t poll;
#endif
  Cap *owner;
  bool closing = false;
};

class Cap : public Napi::ObjectWrap<Cap> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "Cap",
                       {InstanceMethod<&Cap::Open>("open"), InstanceMethod<&Cap::Send>("send"),
                        InstanceMethod<&Cap::Close>("close"), InstanceMethod<&Cap::Stats>("stats"),
                        InstanceMethod<&Cap::Datalink>("datalink")});
  }

  explicit Cap(const Napi::CallbackInfo &info) : Napi::ObjectWrap<Cap>(info), env_(info.Env()) {}

  ~Cap() override {
    // Only reached with a capture open when the environment goes away (an open Cap holds itself).
    if (watcher_) {
      watcher_->owner = nullptr;
      StopWatching();
    }
    if (handle_) cap_close(handle_);
  }

 private:
  Napi::Value Open(const Napi::CallbackInfo &info);

  Napi::Value Send(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!handle_) return NotOpen(env);
    if (info.Length() == 0) return ThrowType(env, "the first parameter must be a buffer");
    if (!info[0].IsBuffer()) return ThrowType(env, "first parameter must be a buffer");
    Napi::Buffer<unsigned char> frame = info[0].As<Napi::Buffer<unsigned char>>();
    size_t length = frame.Length();
    if (info.Length() >= 2) {
      if (!IsUint32(info[1])) return ThrowType(env, "length must be a positive integer");
      length = info[1].As<Napi::Number>().Uint32Value();
      if (length > frame.Length()) return ThrowType(env, "size must be smaller or equal to buffer length");
    }
    cap_error error;
    if (cap_inject(handle_, frame.Data(), length, &error) != 0) CodedError(env, error).ThrowAsJavaScriptException();
    return env.Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo &info) {
    return Napi::Boolean::New(info.Env(), Shut());
  }

  Napi::Value Stats(const Napi::CallbackInfo &info) {
    Napi::Env env = info.Env();
    if (!handle_) return NotOpen(env);
    cap_stats stats;
    cap_error error;
    if (cap_get_stats(handle_, &stats, &error) != 0) {
      CodedError(env, error).ThrowAsJavaScriptException();
      return env.Undefined();
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("received", stats.received);
    result.Set("dropped", stats.dropped);
    result.Set("ifdropped", stats.ifdropped);
    return result;
  }

  Napi::Value Datalink(const Napi::CallbackInfo &info) {
    if (!handle_) return NotOpen(info.Env());
    return Napi::Number::New(info.Env(), cap_datalink(handle_));
  }

  static Napi::Value NotOpen(Napi::Env env) {
    Napi::Error::New(env, "Not currently capturing/open").ThrowAsJavaScriptException();
    return env.Undefined();
  }

  // close(): stops reading and closes the handle (after the read under way, if called from a
  // handler); true when something was open.
  bool Shut() {
    if (!handle_ || closing_) return false;
    closing_ = true;
    StopWatching();
    if (reading_)
      cap_break(handle_);
    else
      ReleaseHandle();
    return true;
  }

  void ReleaseHandle() {
    cap_close(handle_);
    handle_ = nullptr;
    buffer_.Reset();
    sink_ = cap_sink();
  }

  // Called by libuv once it no longer uses the watcher: the object may now be collected.
  void Released() {
    watcher_ = nullptr;
    async_.reset();
    emit_.Reset();
    Unref();
  }

  // Starts watching the handle on this environment's loop; 0 or a libuv error.
  int StartWatching();
  void StopWatching();
  // Stops reading without closing, so a failed descriptor that stays readable does not spin.
  void PauseWatching();

  void Emit(size_t argc, const napi_value *argv) {
    napi_value result;
    napi_status status =
        napi_make_callback(env_, *async_, Value(), emit_.Value(), argc, argv, &result);
    if (status == napi_pending_exception) {
      // A listener threw: nothing in JavaScript called us, so it is an uncaught exception.
      napi_value exception;
      napi_get_and_clear_last_exception(env_, &exception);
      napi_fatal_exception(env_, exception);
    }
  }

  static void Deliver(void *context, uint32_t count, size_t used, int truncated) {
    Cap *self = static_cast<Cap *>(context);
    if (self->closing_) return;
    Napi::HandleScope scope(self->env_);
    Napi::Env env(self->env_);
    napi_value argv[3];
    if (self->sink_.batch) {
      argv[0] = Napi::String::New(env, "packets");
      argv[1] = Napi::Number::New(env, count);
    } else {
      argv[0] = Napi::String::New(env, "packet");
      argv[1] = Napi::Number::New(env, (double)used);
    }
    argv[2] = self->sink_.batch ? (napi_value)Napi::Number::New(env, (double)used)
                                : (napi_value)Napi::Boolean::New(env, truncated != 0);
    self->Emit(3, argv);
  }

  void Fail(const std::string &message) {
    PauseWatching();
    Napi::HandleScope scope(env_);
    cap_error error;
    error.code = CAP_EPCAP;
    snprintf(error.message, sizeof error.message, "%s", message.c_str());
    napi_value argv[2] = {Napi::String::New(env_, "error"), CodedError(env_, error).Value()};
    Emit(2, argv);
  }

  // Packets are ready (or, with a nonzero libuv `status`, the descriptor failed: libpcap says why).
  void Ready(int status) {
    if (closing_ || !handle_) return;
    cap_error error;
    reading_ = true;
    cap_read_result result = cap_read(handle_, &sink_, kMaxPacketsPerWake, &error);
    reading_ = false;
    if (closing_) return ReleaseHandle();
    if (result == CAP_READ_ERROR)
      Fail(error.message);
    else if (status != 0)
      Fail(std::string("capture stopped: ") + uv_strerror(status));
  }

#ifdef _WIN32
  static void OnAsync(uv_async_t *async) {
    Watcher *watcher = static_cast<Watcher *>(async->data);
    if (watcher->owner) watcher->owner->Ready(0);
  }
  static void CALLBACK OnSignal(void *data, BOOLEAN timed_out) {
    uv_async_send(static_cast<uv_async_t *>(data));
  }
#else
  static void OnPoll(uv_poll_t *poll, int status, int events) {
    Watcher *watcher = static_cast<Watcher *>(poll->data);
    if (watcher->owner && (status != 0 || (events & UV_READABLE))) watcher->owner->Ready(status);
  }
#endif

  static void OnClosed(uv_handle_t *handle) {
    Watcher *watcher = static_cast<Watcher *>(handle->data);
    if (watcher->owner) watcher->owner->Released();
    delete watcher;
  }

  napi_env env_;
  cap_handle *handle_ = nullptr;
  cap_sink sink_ = cap_sink();
  Napi::Reference<Napi::Buffer<unsigned char>> buffer_;
  Napi::FunctionReference emit_;
  std::unique_ptr<Napi::AsyncContext> async_;
  Watcher *watcher_ = nullptr;
  bool closing_ = false;
  bool reading_ = false;
};

// Reads `key` of `options` into `out` when present; false when present but not a uint32.
static bool OptionUint(Napi::Object options, const char *key, unsigned *out) {
  Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return true;
  if (!IsUint32(value)) return false;
  *out = value.As<Napi::Number>().Uint32Value();
  return true;
}

static bool OptionBool(Napi::Object options, const char *key, int *out) {
  Napi::Value value = options.Get(key);
  if (value.IsUndefined()) return true;
  if (!value.IsBoolean()) return false;
  *out = value.As<Napi::Boolean>().Value() ? 1 : 0;
  return true;
}

// The fifth argument of open(): snaplen, promiscuous, immediate, timeoutMs, batch. Returns the
// TypeError's message, or nullptr.
static const char *ReadOptions(const Napi::CallbackInfo &info, cap_open_options *options, int *batch) {
  if (info.Length() < 5 || info[4].IsUndefined()) return nullptr;
  if (!info[4].IsObject()) return "options must be an object";
  Napi::Object object = info[4].As<Napi::Object>();
  if (!OptionUint(object, "snaplen", &options->snaplen) || options->snaplen == 0)
    return "snaplen must be a positive integer";
  if (!OptionUint(object, "timeoutMs", &options->timeout_ms)) return "timeoutMs must be a non-negative integer";
  if (!OptionBool(object, "promiscuous", &options->promiscuous)) return "promiscuous must be a boolean";
  if (!OptionBool(object, "immediate", &options->immediate)) return "immediate must be a boolean";
  if (!OptionBool(object, "batch", batch)) return "batch must be a boolean";
  return nullptr;
}

// open(device, filter, bufferSize, buffer[, options]): the link type's name ("ETHERNET", ...).
Napi::Value Cap::Open(const Napi::CallbackInfo &info) {
  Napi::Env env = info.Env();
  if (handle_ || closing_) {
    Napi::Error::New(env, "This Cap was already opened: create a new one").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  if (info.Length() < 4) return ThrowType(env, "Expecting 4 arguments");
  if (!info[0].IsString()) return ThrowType(env, "device must be a string");
  if (!info[1].IsString()) return ThrowType(env, "filter must be a string");
  if (!IsUint32(info[2])) return ThrowType(env, "bufSize must be a positive integer");
  if (!info[3].IsBuffer()) return ThrowType(env, "buffer must be a Buffer");
  cap_open_options options;
  cap_default_options(&options);
  int batch = 0;
  const char *bad = ReadOptions(info, &options, &batch);
  if (bad) return ThrowType(env, bad);
  Napi::Buffer<unsigned char> buffer = info[3].As<Napi::Buffer<unsigned char>>();
  if (batch && buffer.Length() <= CAP_BATCH_HEADER) return ThrowType(env, "buffer too small for batch mode");
  options.buffer_bytes = (int)info[2].As<Napi::Number>().Uint32Value();

  std::string device = info[0].As<Napi::String>().Utf8Value();
  std::string filter = info[1].As<Napi::String>().Utf8Value();
  cap_error error;
  handle_ = cap_open(device.c_str(), filter.c_str(), &options, &error);
  if (!handle_) {
    CodedError(env, error).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  char unknown[48];
  std::string link_type = cap_datalink_name(cap_datalink(handle_), unknown, sizeof unknown);

  // Keep the buffer alive while the handle writes into it.
  buffer_ = Napi::Persistent(buffer);
  sink_.buffer = buffer.Data();
  sink_.capacity = buffer.Length();
  sink_.batch = batch;
  sink_.deliver = Deliver;
  sink_.context = this;
  Napi::Value emit = Value().Get("emit");
  if (!emit.IsFunction()) {
    ReleaseHandle();
    return ThrowType(env, "a Cap must be an EventEmitter (load the module through lib/cap.js)");
  }
  emit_ = Napi::Persistent(emit.As<Napi::Function>());
  async_.reset(new Napi::AsyncContext(env, "cap:packet", Value()));
  int status = StartWatching();
  if (status != 0) {
    ReleaseHandle();
    async_.reset();
    emit_.Reset();
    error.code = CAP_EPCAP;
    snprintf(error.message, sizeof error.message, "%s", uv_strerror(status));
    CodedError(env, error).ThrowAsJavaScriptException();
    return env.Undefined();
  }
  Ref();
  return Napi::String::New(env, link_type);
}

int Cap::StartWatching() {
  uv_loop_t *loop = nullptr;
  if (napi_get_uv_event_loop(env_, &loop) != napi_ok) return UV_EINVAL;
  std::unique_ptr<Watcher> watcher(new Watcher());
  watcher->owner = this;
#ifdef _WIN32
  void *event = cap_wait_event(handle_);
  if (!event) return UV_ENOSYS;
  int status = uv_async_init(loop, &watcher->async, OnAsync);
  if (status != 0) return status;
  watcher->async.data = watcher.get();
  if (!RegisterWaitForSingleObject(&watcher->wait, event, OnSignal, &watcher->async, INFINITE,
                                   WT_EXECUTEINWAITTHREAD)) {
    status = uv_translate_sys_error(GetLastError());
    watcher->owner = nullptr;
    uv_close((uv_handle_t *)&watcher.release()->async, OnClosed);
    return status;
  }
#else
  int fd = cap_selectable_fd(handle_);
  if (fd < 0) return UV_ENOSYS;
  int status = uv_poll_init(loop, &watcher->poll, fd);
  if (status != 0) return status;
  watcher->poll.data = watcher.get();
  status = uv_poll_start(&watcher->poll, UV_READABLE, OnPoll);
  if (status != 0) {
    watcher->owner = nullptr;
    uv_close((uv_handle_t *)&watcher.release()->poll, OnClosed);
    return status;
  }
#endif
  watcher_ = watcher.release();
  return 0;
}

void Cap::PauseWatching() {
  if (!watcher_) return;
#ifdef _WIN32
  if (watcher_->wait) UnregisterWaitEx(watcher_->wait, INVALID_HANDLE_VALUE);
  watcher_->wait = nullptr;
#else
  uv_poll_stop(&watcher_->poll);
#endif
}

// Stops and closes the watcher; libuv calls OnClosed, which releases the object.
void Cap::StopWatching() {
  if (!watcher_ || watcher_->closing) return;
  PauseWatching();
  Watcher *watcher = watcher_;
  watcher->closing = true;
#ifdef _WIN32
  uv_close((uv_handle_t *)&watcher->async, OnClosed);
#else
  uv_close((uv_handle_t *)&watcher->poll, OnClosed);
#endif
  if (!watcher->owner) watcher_ = nullptr;
}

void DefineCap(Napi::Env env, Napi::Object exports) {
  exports.Set("Cap", Cap::Define(env));
}

}  // namespace capaddon
