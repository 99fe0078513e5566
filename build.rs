//! With the `split` feature in a release build on wasm32, the app binary keeps its relocations
//! (`--emit-relocs`): `wasm-split-cli` reads the call graph from them (tools/split.sh).
fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    let wasm = std::env::var("CARGO_CFG_TARGET_ARCH").is_ok_and(|a| a == "wasm32");
    let release = std::env::var_os("CARGO_CFG_DEBUG_ASSERTIONS").is_none();
    if wasm && release && std::env::var_os("CARGO_FEATURE_SPLIT").is_some() {
        println!("cargo:rustc-link-arg-bin=sop-app=--emit-relocs");
    }
}
