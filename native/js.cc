// Calling into JS from libuv callbacks, and the values passed to the watch callbacks.

#include "js.h"

#include <string.h>

namespace evictkit {

napi_value Str(napi_env env, const char* s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

napi_value Str(napi_env env, const std::string& s) {
  napi_value v;
  napi_create_string_utf8(env, s.data(), s.size(), &v);
  return v;
}

napi_value Num(napi_env env, double d) {
  napi_value v;
  napi_create_double(env, d, &v);
  return v;
}

void SetProp(napi_env env, napi_value obj, const char* key, napi_value value) {
  napi_set_named_property(env, obj, key, value);
}

napi_value ErrorDetail(napi_env env, int error, const char* syscall, const std::string& path) {
  napi_value o;
  napi_create_object(env, &o);
  SetProp(env, o, "errno", Num(env, error));
  SetProp(env, o, "syscall", Str(env, syscall != nullptr ? syscall : ""));
  SetProp(env, o, "path", Str(env, path));
  SetProp(env, o, "message", Str(env, strerror(error)));
  return o;
}

// From a libuv callback: a top-level call that runs microtasks and reports uncaught errors.
void CallTopLevel(Addon* a, napi_value fn, const char* type, napi_value detail) {
  napi_env env = a->env;
  napi_value global;
  napi_get_global(env, &global);
  napi_value argv[2] = {Str(env, type), detail};
  napi_value result;
  napi_status s = napi_make_callback(env, a->asyncContext, global, fn, 2, argv, &result);
  if (s == napi_pending_exception) {
    napi_value exception;
    if (napi_get_and_clear_last_exception(env, &exception) == napi_ok) {
      napi_fatal_exception(env, exception);
    }
  }
}

napi_value CallbackOf(Addon* a, Watch* w) {
  napi_value fn = nullptr;
  if (w->callback != nullptr) napi_get_reference_value(a->env, w->callback, &fn);
  return fn;
}

}  // namespace evictkit
