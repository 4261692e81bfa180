//! huanzheng (换证): the county disability federation's field tool for exchanging
//! paper disability certificates for third-generation smart cards.

pub mod domain;
pub mod i18n;
pub mod store;
