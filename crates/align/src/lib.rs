//! pressroom-align
