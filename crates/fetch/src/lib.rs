//! pressroom-fetch
