//! Files out. Personal numbers are masked in every export until the leader role
//! exists to approve a full one.

pub mod day_sheet;
pub mod registers;
pub mod sheet;
