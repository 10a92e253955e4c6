// Batched reads for the Linux platform's summary(). A summary reads a few files per pod, each
// through a descriptor kept open and re-read at offset 0 (cgroupfs and procfs regenerate a
// seq_file's content on a read at 0). Through fs.readSync each read costs a JS -> C++ -> libuv
// round trip of a few microseconds on top of the kernel's work; here one call reads them all.
//
// readBatch(fds, sizes, count, buffer, results) performs, for i in [0, count):
//   sizes[i] > 0:  pread(fds[i], <the next sizes[i] bytes of buffer>, sizes[i], 0)
//                  -> results[i] = bytes read;
//   sizes[i] == 0: fstat(fds[i]) -> results[i] = st_nlink (capped at INT32_MAX);
//   on failure     results[i] = -errno.
// Slots are consecutive: entry i's bytes start after the slots of the entries before it.
// Nothing is allocated, opened or closed; the caller owns every descriptor. A read that fills
// its slot may be truncated: the caller reads that file again with a bigger buffer.

#include "batch.h"

#include <errno.h>
#include <stdint.h>
#include <sys/stat.h>
#include <unistd.h>

#include <string>

namespace evictkit {

namespace {

// The data of a typed array argument of the given type, or nullptr (a TypeError is pending).
void* TypedArg(const Napi::CallbackInfo& info, size_t i, napi_typedarray_type want,
               const char* what, size_t* length) {
  napi_env env = info.Env();
  bool isTyped = false;
  if (info.Length() > i) napi_is_typedarray(env, info[i], &isTyped);
  napi_typedarray_type type = napi_int8_array;
  void* data = nullptr;
  if (isTyped) {
    napi_get_typedarray_info(env, info[i], &type, length, &data, nullptr, nullptr);
  }
  if (!isTyped || type != want) {
    Napi::TypeError::New(env, std::string(what) + " has the wrong type")
        .ThrowAsJavaScriptException();
    return nullptr;
  }
  // A zero-length typed array may have no backing store; any non-null pointer will do.
  static char empty;
  return data != nullptr ? data : &empty;
}

ssize_t PreadAt0(int fd, uint8_t* into, size_t size) {
  ssize_t n;
  do {
    n = pread(fd, into, size, 0);
  } while (n < 0 && errno == EINTR);
  return n < 0 ? -errno : n;
}

int32_t LinkCount(int fd) {
  struct stat st;
  if (fstat(fd, &st) != 0) return -errno;
  return st.st_nlink > INT32_MAX ? INT32_MAX : static_cast<int32_t>(st.st_nlink);
}

}  // namespace

Napi::Value ReadBatch(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  size_t fdsLength = 0, sizesLength = 0, bufferLength = 0, resultsLength = 0;
  auto* fds = static_cast<int32_t*>(TypedArg(info, 0, napi_int32_array, "fds", &fdsLength));
  if (fds == nullptr) return env.Undefined();
  auto* sizes = static_cast<int32_t*>(TypedArg(info, 1, napi_int32_array, "sizes", &sizesLength));
  if (sizes == nullptr) return env.Undefined();
  if (info.Length() <= 2 || !info[2].IsNumber()) {
    Napi::TypeError::New(env, "count must be a number").ThrowAsJavaScriptException();
    return env.Undefined();
  }
  double countArg = info[2].As<Napi::Number>().DoubleValue();
  auto* buffer =
      static_cast<uint8_t*>(TypedArg(info, 3, napi_uint8_array, "buffer", &bufferLength));
  if (buffer == nullptr) return env.Undefined();
  auto* results =
      static_cast<int32_t*>(TypedArg(info, 4, napi_int32_array, "results", &resultsLength));
  if (results == nullptr) return env.Undefined();

  // Check everything before the first syscall: a bad batch reads nothing.
  if (!(countArg >= 0 && countArg <= static_cast<double>(fdsLength) &&
        countArg <= static_cast<double>(sizesLength) &&
        countArg <= static_cast<double>(resultsLength) && countArg == static_cast<size_t>(countArg))) {
    Napi::RangeError::New(env, "count must be a whole number within every array")
        .ThrowAsJavaScriptException();
    return env.Undefined();
  }
  size_t count = static_cast<size_t>(countArg);
  size_t total = 0;
  for (size_t i = 0; i < count; i++) {
    if (sizes[i] < 0 || fds[i] < 0) {
      Napi::RangeError::New(env, "sizes and fds must not be negative")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
    total += static_cast<size_t>(sizes[i]);
    if (total > bufferLength) {
      Napi::RangeError::New(env, "the slots do not fit in the buffer")
          .ThrowAsJavaScriptException();
      return env.Undefined();
    }
  }

  size_t offset = 0;
  for (size_t i = 0; i < count; i++) {
    if (sizes[i] == 0) {
      results[i] = LinkCount(fds[i]);
      continue;
    }
    size_t size = static_cast<size_t>(sizes[i]);
    results[i] = static_cast<int32_t>(PreadAt0(fds[i], buffer + offset, size));
    offset += size;
  }
  return env.Undefined();
}

}  // namespace evictkit
