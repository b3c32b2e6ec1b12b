//! text engine
