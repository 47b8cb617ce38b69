// The key call suites again with every call through koffi (ABI_STABLE_CALL=koffi, read when a
// function is bound): the portable path the call engine stands in for keeps passing on this
// machine too, so neither path rots. The suites bind in beforeAll, after this assignment.
process.env.ABI_STABLE_CALL = 'koffi'
await import('./std-types.test.ts')
await import('./ownership.test.ts')
await import('./errors.test.ts')
await import('../hardening/bad-values.test.ts')
await import('../roundtrip/roundtrip.test.ts')
await import('./value.property.test.ts')
await import('../hardening/std-values.property.test.ts')
