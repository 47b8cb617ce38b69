// abi-stable: the host side of Rust's abi_stable plugin model for Node.js.
export * from './abi/index.ts'
// The std types extend the layout engine's `t`, trait objects extend that, and async types extend that.
export { t } from './async/index.ts'
export * from './types/index.ts'
export * from './trait/index.ts'
export * from './callback/index.ts'
export * from './erased/index.ts'
export * from './async/index.ts'
// abi_stable's RSender/RReceiver (crossbeam channel wrappers).
export * from './channel/index.ts'
// Loading plugins (the root module protocol, checks, discovery).
export * from './loader/index.ts'
