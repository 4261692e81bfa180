//! One module per screen: its state, how keys and replies change it, how it is drawn.

pub mod audit;
pub mod handover;
pub mod holders;
pub mod overview;
pub mod plan;
pub mod queue;
pub mod reviews;
pub mod sign_in;
pub mod statements;
pub mod visits;
