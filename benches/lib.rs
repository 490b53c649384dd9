//! Shared helpers for pressroom benchmarks.

pub mod scale;
