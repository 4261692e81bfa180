//! The rules of the campaign: pure Rust, no terminal, no database.

pub mod calendar;
pub mod campaign;
pub mod case;
pub mod handover;
pub mod holder;
pub mod home_visit;
pub mod ids;
pub mod operator;
pub mod review;
pub mod schedule;
pub mod statement;
pub mod text;
