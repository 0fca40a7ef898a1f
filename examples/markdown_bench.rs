//! besok's markdown stage against pulldown-cmark alone, on the markdown of a site: how much
//! each of besok's steps adds to the parser's own parse and render.
//!
//! ```sh
//! cargo run --release --example markdown_bench -- [--site DIR | --posts 2000 --shape default] [--runs 5] [--seed 1]
//! ```
//!
//! Without `--site`, a corpus is generated into a temporary folder with `gen_corpus`
//! (`--shape` as there). The texts are the bodies of the site's posts (front matter split off
//! as besok splits it), read once before anything is timed. Each run renders every text:
//!
//! - pulldown-cmark alone: its parser streamed into its HTML writer, with besok's extensions,
//!   and again without smart punctuation (what that extension costs the parser);
//! - besok's whole markdown stage, `markdown::render`, with Swedish typography, as a Swedish
//!   site's build runs it;
//! - the same stage once more through `markdown::render_observed`, timing each of its steps
//!   (parse and gather events, collect links and images, figures, quotes and dashes, heading
//!   ids, word count, summary, plain text, HTML).
//!
//! Both allocate with mimalloc, as the `besok` binary does. It prints the median of the runs for each (one thread, the texts in order), the step times
//! summed over all texts, and besok's stage as a multiple of pulldown-cmark's parse and render.
//! Timing the steps adds a clock read per step and text, well under a microsecond of each text's
//! tens of microseconds.

/// The allocator the `besok` binary uses, so both sides allocate as a build does.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[allow(dead_code)]
#[path = "gen_corpus.rs"]
mod gen_corpus;

use besok::markdown::{self, Step, Typography};
use pulldown_cmark::{Options, Parser};
use std::collections::HashMap;
use std::hint::black_box;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

fn usage() -> ! {
    eprintln!("usage: markdown_bench [--site DIR | --posts N --shape NAME] [--runs N] [--seed N]");
    std::process::exit(2);
}

fn main() {
    let mut site: Option<PathBuf> = None;
    let mut posts = 2000usize;
    let mut shape = "default".to_string();
    let mut runs = 5usize;
    let mut seed = 1u64;
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--site" => site = Some(PathBuf::from(value())),
            "--posts" => posts = value().parse().unwrap_or_else(|_| usage()),
            "--shape" => shape = value(),
            "--runs" => runs = value().parse().ok().filter(|&n| n > 0).unwrap_or_else(|| usage()),
            "--seed" => seed = value().parse().unwrap_or_else(|_| usage()),
            _ => usage(),
        }
    }
    let _generated;
    let site = match site {
        Some(site) => site,
        None => {
            let dir = tempfile::tempdir().expect("a temporary folder");
            let out = dir.path().join("site");
            let options = gen_corpus::CorpusOptions {
                seed,
                shape: gen_corpus::shape(&shape).unwrap_or_else(|| {
                    eprintln!("error: no shape {shape} (gen_corpus --shapes lists them)");
                    std::process::exit(2)
                }),
                ..gen_corpus::CorpusOptions::new(posts, &out)
            };
            gen_corpus::generate(&options).expect("the corpus is written");
            println!("generated {posts} posts of the {shape} shape (seed {seed})");
            _generated = dir;
            out
        }
    };
    let texts = bodies(&site);
    let bytes: usize = texts.iter().map(String::len).sum();
    println!(
        "{} texts, {:.1} MB of markdown, {runs} runs, median of each",
        texts.len(),
        bytes as f64 / 1e6
    );

    let bare = |options: Options| {
        move |t: &str| {
            let mut html = String::with_capacity(t.len() * 3 / 2);
            pulldown_cmark::html::push_html(&mut html, Parser::new_ext(t, options));
            black_box(html);
        }
    };
    let with_smart = median(runs, || time_all(&texts, bare(markdown::options())));
    let without_smart = median(runs, || {
        time_all(&texts, bare(markdown::options() - Options::ENABLE_SMART_PUNCTUATION))
    });
    let besok = median(runs, || {
        time_all(&texts, |t| {
            black_box(markdown::render(t, Typography::Swedish));
        })
    });

    // Each step summed over all texts, per run; the median run by its total.
    let mut step_runs: Vec<HashMap<Step, Duration>> = (0..runs)
        .map(|_| {
            let mut sums: HashMap<Step, Duration> = HashMap::new();
            for t in &texts {
                let mut last = Instant::now();
                black_box(markdown::render_observed(t, Typography::Swedish, |step| {
                    let now = Instant::now();
                    *sums.entry(step).or_default() += now - last;
                    last = now;
                }));
            }
            sums
        })
        .collect();
    step_runs.sort_by_key(|s| s.values().sum::<Duration>());
    let steps = &step_runs[runs / 2];

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let rate = |d: Duration| bytes as f64 / 1e6 / d.as_secs_f64();
    println!();
    println!("{:<46} {:>10} {:>10}", "", "ms", "MB/s");
    for (name, d) in [
        ("pulldown-cmark parse+render (besok's options)", with_smart),
        ("  without smart punctuation", without_smart),
        ("besok markdown::render (Swedish)", besok),
    ] {
        println!("{name:<46} {:>10.1} {:>10.1}", ms(d), rate(d));
    }
    println!();
    println!("besok's steps (one run, the median by total):");
    let total: Duration = steps.values().sum();
    for step in Step::ALL {
        let d = steps.get(&step).copied().unwrap_or_default();
        let share = 100.0 * d.as_secs_f64() / total.as_secs_f64().max(f64::MIN_POSITIVE);
        println!("  {:<44} {:>10.1} {:>9.1}%", format!("{step:?}"), ms(d), share);
    }
    println!("  {:<44} {:>10.1}", "total", ms(total));
    println!();
    println!(
        "besok / pulldown-cmark: {:.2}x (goal: within 2x); smart punctuation costs the parser {:.1} ms",
        besok.as_secs_f64() / with_smart.as_secs_f64(),
        ms(with_smart.saturating_sub(without_smart))
    );
}

/// The markdown bodies of every post of the site, in path order.
fn bodies(site: &Path) -> Vec<String> {
    let mut errors = Vec::new();
    let mut files = besok::content::find_posts(site, &mut errors).posts;
    files.sort();
    files
        .iter()
        .filter_map(|rel| {
            let text = std::fs::read_to_string(site.join(rel)).ok()?;
            let body = besok::content::front_matter::split(&text, rel).ok()?.body.to_string();
            Some(body)
        })
        .collect()
}

/// The time `f` takes over every text.
fn time_all(texts: &[String], mut f: impl FnMut(&str)) -> Duration {
    let start = Instant::now();
    for t in texts {
        f(t);
    }
    start.elapsed()
}

/// The median of `runs` calls of `f`.
fn median(runs: usize, mut f: impl FnMut() -> Duration) -> Duration {
    let mut times: Vec<Duration> = (0..runs).map(|_| f()).collect();
    times.sort();
    times[runs / 2]
}
