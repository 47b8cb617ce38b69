// Builds what the tests load (C fixtures) before any test runs.
export default async function setup(): Promise<void> {}
