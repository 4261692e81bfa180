//! huanzheng (换证): the county disability federation's field tool for exchanging
//! paper disability certificates for third-generation smart cards.

pub mod app;
pub mod cli;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod panic_report;
pub mod pdf;
pub mod reader;
pub mod routing;
pub mod screens;
pub mod search;
pub mod store;
pub mod tui;
pub mod ui;
