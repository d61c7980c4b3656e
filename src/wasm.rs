//! wasm-bindgen exports (filled in by the foundation issue).
