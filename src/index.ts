// abi-stable: the host side of Rust's abi_stable plugin model for Node.js.
export * from './abi/index.ts'
// The std types extend the layout engine's `t`.
export { t } from './types/index.ts'
export * from './types/index.ts'
// Loading plugins (the root module protocol, checks, discovery).
export * from './loader/index.ts'
