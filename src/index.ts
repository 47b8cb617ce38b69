// abi-stable: the host side of Rust's abi_stable plugin model for Node.js.
export * from './abi/index.ts'
// The std types extend the layout engine's `t`, and trait objects extend that.
export { t } from './trait/index.ts'
export * from './types/index.ts'
export * from './trait/index.ts'
// Loading plugins (the root module protocol, checks, discovery).
export * from './loader/index.ts'
