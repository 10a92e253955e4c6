// Calling into JS (js.cc).
#ifndef EVICTKIT_NATIVE_JS_H_
#define EVICTKIT_NATIVE_JS_H_

#include "notifier.h"

#include <string>

namespace evictkit {

napi_value Str(napi_env env, const char* s);
napi_value Str(napi_env env, const std::string& s);
napi_value Num(napi_env env, double d);
void SetProp(napi_env env, napi_value obj, const char* key, napi_value value);
// { errno, syscall, path, message } for an error event.
napi_value ErrorDetail(napi_env env, int error, const char* syscall, const std::string& path);
// From a libuv callback: a top-level call that runs microtasks and reports uncaught errors.
void CallTopLevel(Addon* a, napi_value fn, const char* type, napi_value detail);
// The watch's callback, or nullptr once it was released.
napi_value CallbackOf(Addon* a, Watch* w);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_JS_H_
