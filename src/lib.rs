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

pub use data::{Dataset, Lang};
pub use model::{layout, ChartKind, ChartOptions, RawOptions, Scene};
