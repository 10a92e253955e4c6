export type {
  NativeCallback,
  NativeClosedDetail,
  NativeErrorDetail,
  NativeEventDetail,
  NativeMessage,
  NativeReadyDetail,
  NativeStats,
  NotifierAddon,
} from './addon';
export { isNotifierAddon, NATIVE_ABI_VERSION } from './addon';
export { findPackageRoot, loadNotifierAddon, NATIVE_ADDON_ENV } from './loader';
