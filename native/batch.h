// Batched reads for summary(): many kept-open descriptors read in one N-API call (batch.cc).
#ifndef EVICTKIT_NATIVE_BATCH_H_
#define EVICTKIT_NATIVE_BATCH_H_

#include <napi.h>

namespace evictkit {

// readBatch(fds: Int32Array, sizes: Int32Array, count, buffer: Uint8Array, results: Int32Array)
Napi::Value ReadBatch(const Napi::CallbackInfo& info);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_BATCH_H_
