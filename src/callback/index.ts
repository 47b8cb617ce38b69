// JS functions as plain function pointers for plugins (docs/trait-objects.md, Callbacks).
export { Callback, callback, callbackStats, type CallbackFn, type CallbackOptions } from './callback.ts'
