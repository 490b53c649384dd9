//! pressroom-parse
