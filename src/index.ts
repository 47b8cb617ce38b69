// abi-stable: the host side of Rust's abi_stable plugin model for Node.js.
export * from './abi/index.ts'
