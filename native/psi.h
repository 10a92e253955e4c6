// PSI triggers (psi.cc).
#ifndef EVICTKIT_NATIVE_PSI_H_
#define EVICTKIT_NATIVE_PSI_H_

#include "notifier.h"

namespace evictkit {

// Registration thread: open the pressure file and write the trigger. Fills w's result fields.
void RegisterPsi(Watch* w);
// JS thread: poll the trigger fd. Returns 0 or an errno (with *syscall set).
int ActivatePsi(Addon* a, Watch* w, const char** syscall);
// JS thread: stop polling and release the trigger fd.
void DeactivatePsi(Addon* a, Watch* w);
// JS thread: stop and close a trigger's uv_poll_t (counted in a->pendingCloses until closed).
void ClosePsiHandle(Addon* a, PsiPoll* p);

}  // namespace evictkit

#endif  // EVICTKIT_NATIVE_PSI_H_
