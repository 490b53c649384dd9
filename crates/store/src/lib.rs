//! pressroom-store
