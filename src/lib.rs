//! khuyencong-charts: the figures of Vietnam's industrial-promotion programme
//! (khuyến công), embedded and drawn as planned-versus-spent and activity charts.
//!
//! Layers, each importing only those above it:
//! [`data`] → [`model`] → [`render`] → `web` (wasm32 only).

pub mod data;
pub mod model;
pub mod render;

#[cfg(target_arch = "wasm32")]
pub mod web;

// Single-threaded wasm: talc grows the wasm memory as needed, with less code than dlmalloc.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

pub use data::{Dataset, Lang};
pub use model::{layout, ChartKind, ChartOptions, RawOptions, Scene};
