//! Prints the crate's layouts as JSON lines, for the host's conformance tests.
fn main() {
    print!("{}", abi_stable_mirror::layout_report::layout_report());
}
