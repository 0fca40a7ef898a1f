//! besok's integration tests, in one test binary (`cargo test --test it`) so the crate is linked
//! once instead of once per file. One module per area; helpers shared by all of them are in
//! `common/`. `cargo test serve::` runs one area, `cargo test browser::` the browser tests.

mod addresses;
mod architecture;
mod browser;
mod build;
mod check;
mod cli;
mod collisions;
mod common;
mod corpus;
mod deploy;
mod errors;
mod escaping;
mod faults;
mod import;
mod pages;
mod parallel;
mod photos;
mod properties;
mod publish;
mod scheduled;
mod serve;
mod shortcodes;
mod static_names;
mod stemming;
mod sweden;
mod theme;
mod wild;
mod workflow;

/// The benchmark corpus generator, the same file `cargo run --example gen_corpus` runs, so the
/// tests and the benchmarks write the same corpus.
#[allow(dead_code)]
#[path = "../../examples/gen_corpus.rs"]
mod gen_corpus;
