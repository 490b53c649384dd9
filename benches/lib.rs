//! Shared helpers for pressroom benchmarks.
