//! pressroom-search
