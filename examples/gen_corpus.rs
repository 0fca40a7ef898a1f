//! Writes a deterministic besok site of N generated visit reports, for benchmarks and tests.
//!
//! ```sh
//! cargo run --release --example gen_corpus -- --posts 10000 --out /tmp/corpus [--seed 1]
//!     [--shape NAME] [--words 600-900] [--first-paragraph 20-200] [--summary PERCENT]
//!     [--more PERCENT] [--tags N] [--municipalities N] [--photos N] [--photo-size 4000x3000]
//! cargo run --release --example gen_corpus -- --shapes     # lists the named shapes
//! ```
//!
//! The site looks like the real blog: Swedish reports with headings, lists, links and
//! emphasis, 2–5 tags each, visits to Swedish municipalities over ten years (2014–2023), some
//! with an explicit `visit` number, a few drafts, and pages for some municipalities. How long
//! the posts are, how their summaries are made (a `summary`, `<!-- more -->`, or the first
//! paragraph, of 20 to 200 words), how many tags and municipalities they spread over and how
//! many carry a photo is the site's [`Shape`]: a named one ([`SHAPES`]; `default` is the shape
//! of the corpus before shapes existed, byte for byte), changed by the flags one by one. The
//! same seed and shape write the same bytes on every platform: the random numbers come from
//! ChaCha8 (whose output `rand_chacha` keeps stable) and only its raw `u64`s are used, never a
//! distribution whose algorithm could change between crate versions.
//!
//! The folder must be new, empty, or an earlier corpus (it then holds the `.besok-corpus`
//! marker and its `content/`, `themes/` and `config.toml` are replaced; `public/` is left).
//!
//! The tests include this file as a module (`#[path = "../../examples/gen_corpus.rs"]` in
//! `tests/it/main.rs`) and call [`generate`], so the CLI and the tests always write the same corpus.

use rand_chacha::rand_core::{RngCore, SeedableRng};
use rand_chacha::ChaCha8Rng;
use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

/// The marker file that says a folder was written by this generator.
pub const MARKER: &str = ".besok-corpus";

/// What to generate.
#[derive(Debug, Clone)]
pub struct CorpusOptions {
    pub posts: usize,
    pub out: PathBuf,
    pub seed: u64,
    /// How many posts (the first ones written) are bundles with a photo from the visit.
    pub photos: usize,
    pub shape: Shape,
}

impl CorpusOptions {
    /// `posts` posts of the default shape into `out`, seed 1, no photos.
    pub fn new(posts: usize, out: impl Into<PathBuf>) -> CorpusOptions {
        CorpusOptions {
            posts,
            out: out.into(),
            seed: 1,
            photos: 0,
            shape: Shape::default(),
        }
    }
}

/// The shape of a generated site: what makes one site slower to build than another of as many
/// posts (long posts, long summaries, many tags, long timelines, photos).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shape {
    /// Words of a post's text, fewest and most.
    pub words: (usize, usize),
    /// Words of the first paragraph, fewest and most: what a list card shows of a post with
    /// neither `summary` nor `<!-- more -->`. `None`: two to four sentences.
    pub first_paragraph: Option<(usize, usize)>,
    /// Percent of posts with a `summary` in their front matter.
    pub summary: usize,
    /// Percent of posts with `<!-- more -->` after their first paragraph.
    pub more: usize,
    /// How many tags the posts draw theirs from (the blog's 40, then more made of them).
    pub tags: usize,
    /// How many municipalities the posts are about, spread over Sweden's 290.
    pub municipalities: usize,
    /// Posts in a thousand that are bundles with a photo (unless `--photos` says how many).
    pub photos_per_mille: usize,
    /// Width and height of each photo.
    pub photo_size: (u32, u32),
}

impl Default for Shape {
    /// The corpus as it was before shapes: 600–900 words, first paragraphs of 2–4 sentences,
    /// 5% with a `summary`, 40% with `<!-- more -->`, 40 tags, all 290 municipalities.
    fn default() -> Shape {
        Shape {
            words: (600, 900),
            first_paragraph: None,
            summary: 5,
            more: 40,
            tags: 40,
            municipalities: 290,
            photos_per_mille: 0,
            photo_size: (4000, 3000),
        }
    }
}

/// The named shapes, each with what it is for.
pub const SHAPES: &[(&str, &str)] = &[
    ("default", "600-900 words, short first paragraphs, 5% summary, 40% <!-- more -->, 40 tags, 290 municipalities"),
    ("small", "200-400 words, first paragraphs of 20-60 words, half with a summary"),
    ("long", "2,000-3,000 words, first paragraphs of 40-120 words, no summary, 20% <!-- more -->"),
    ("long-intro", "900-1,400 words, first paragraphs of 120-200 words shown whole on every card (no summary, no <!-- more -->), 40 tags, 64 municipalities"),
    ("wide-taxonomy", "the default posts over 1,000 tags"),
    ("few-places", "the default posts about 10 municipalities: timelines of ~1,000 visits"),
    ("photos", "the default posts, 5% of them bundles with a 2000x1500 photo"),
];

/// The named shape `name`.
pub fn shape(name: &str) -> Option<Shape> {
    let d = Shape::default();
    Some(match name {
        "default" => d,
        "small" => Shape {
            words: (200, 400),
            first_paragraph: Some((20, 60)),
            summary: 50,
            more: 30,
            ..d
        },
        "long" => Shape {
            words: (2000, 3000),
            first_paragraph: Some((40, 120)),
            summary: 0,
            more: 20,
            ..d
        },
        "long-intro" => Shape {
            words: (900, 1400),
            first_paragraph: Some((120, 200)),
            summary: 0,
            more: 0,
            municipalities: 64,
            ..d
        },
        "wide-taxonomy" => Shape { tags: 1000, ..d },
        "few-places" => Shape {
            municipalities: 10,
            ..d
        },
        "photos" => Shape {
            photos_per_mille: 50,
            photo_size: (2000, 1500),
            ..d
        },
        _ => return None,
    })
}

/// What was written.
#[derive(Debug, Clone, Default)]
pub struct CorpusSummary {
    pub posts: usize,
    pub drafts: usize,
    pub municipality_pages: usize,
    pub words: usize,
}

#[allow(dead_code)] // unused when tests include this file as a module
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--shapes") {
        for (name, what) in SHAPES {
            println!("{name:14} {what}");
        }
        return;
    }
    let options = match parse_args(&args) {
        Ok(o) => o,
        Err(msg) => {
            eprintln!(
                "error: {msg}\nusage: gen_corpus --posts N --out DIR [--seed N] [--shape NAME] [--words MIN-MAX] \
                 [--first-paragraph MIN-MAX] [--summary PERCENT] [--more PERCENT] [--tags N] [--municipalities N] \
                 [--photos N] [--photo-size WxH]; gen_corpus --shapes lists the shapes"
            );
            std::process::exit(2);
        }
    };
    match generate(&options) {
        Ok(s) => println!(
            "Wrote {} posts ({} drafts, {} words) and {} municipality pages into {}",
            s.posts,
            s.drafts,
            s.words,
            s.municipality_pages,
            options.out.display()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}

fn parse_args(args: &[String]) -> Result<CorpusOptions, String> {
    let mut posts = None;
    let mut out = None;
    let mut seed = 1u64;
    let mut photos = None;
    // The shape first, whatever the order of the flags: the others change it.
    let mut shape = match args.iter().position(|a| a == "--shape") {
        Some(i) => {
            let name = args.get(i + 1).ok_or("--shape needs a value")?;
            self::shape(name).ok_or_else(|| {
                let names: Vec<&str> = SHAPES.iter().map(|(n, _)| *n).collect();
                format!("--shape {name}: expected one of {}", names.join(", "))
            })?
        }
        None => Shape::default(),
    };
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        let name = arg.as_str();
        let v = match name {
            "-h" | "--help" => return Err("help".into()),
            _ => it.next().ok_or_else(|| format!("{name} needs a value"))?,
        };
        let number = || v.parse::<usize>().map_err(|_| format!("{name} {v}: expected a number"));
        let percent = || {
            number().and_then(|n| {
                if n <= 100 {
                    Ok(n)
                } else {
                    Err(format!("{name} {v}: expected a percentage, 0 to 100"))
                }
            })
        };
        match name {
            "--posts" => posts = Some(number()?),
            "--out" => out = Some(PathBuf::from(v)),
            "--photos" => photos = Some(number()?),
            "--seed" => seed = v.parse().map_err(|_| format!("--seed {v}: expected a number"))?,
            "--shape" => {}
            "--words" => shape.words = range(name, v, 1)?,
            "--first-paragraph" => shape.first_paragraph = Some(range(name, v, 1)?),
            "--summary" => shape.summary = percent()?,
            "--more" => shape.more = percent()?,
            "--tags" => {
                shape.tags = number()?;
                if !(1..=max_tags()).contains(&shape.tags) {
                    return Err(format!("--tags {v}: expected 1 to {}", max_tags()));
                }
            }
            "--municipalities" => {
                shape.municipalities = number()?;
                if !(1..=MUNICIPALITIES.len()).contains(&shape.municipalities) {
                    return Err(format!("--municipalities {v}: expected 1 to {}", MUNICIPALITIES.len()));
                }
            }
            "--photo-size" => {
                let (w, h) = v
                    .split_once('x')
                    .ok_or_else(|| format!("--photo-size {v}: expected WIDTHxHEIGHT"))?;
                let size = |s: &str| s.parse::<u32>().ok().filter(|n| (16..=12_000).contains(n));
                shape.photo_size = size(w)
                    .zip(size(h))
                    .ok_or_else(|| format!("--photo-size {v}: expected WIDTHxHEIGHT, 16 to 12000 pixels each"))?;
            }
            other => return Err(format!("unknown argument {other}")),
        }
    }
    let posts = posts.ok_or("--posts N is required")?;
    Ok(CorpusOptions {
        posts,
        out: out.ok_or("--out DIR is required")?,
        seed,
        photos: photos.unwrap_or(posts * shape.photos_per_mille / 1000),
        shape,
    })
}

/// `MIN-MAX` (or one number, for both) as a range of at least `least`.
fn range(name: &str, v: &str, least: usize) -> Result<(usize, usize), String> {
    let (a, b) = v.split_once('-').unwrap_or((v, v));
    match (a.trim().parse::<usize>(), b.trim().parse::<usize>()) {
        (Ok(a), Ok(b)) if least <= a && a <= b => Ok((a, b)),
        _ => Err(format!(
            "{name} {v}: expected MIN-MAX, {least} or more, MIN not above MAX"
        )),
    }
}

/// Writes the corpus. Refuses a folder that holds anything but an earlier corpus.
pub fn generate(options: &CorpusOptions) -> io::Result<CorpusSummary> {
    let out = &options.out;
    let shape = &options.shape;
    // One report per municipality (and one general post) a day over ten years; past half of
    // that, drawing free days would take long.
    let room = (shape.municipalities + 1) * 3652 / 2;
    if options.posts > room {
        return Err(io::Error::other(format!(
            "{} posts about {} municipalities is too many: at most {room} (one report per municipality and day over ten years, half of the days)",
            options.posts, shape.municipalities
        )));
    }
    prepare_folder(out)?;
    fs::write(
        out.join(MARKER),
        "Written by besok's gen_corpus example; it may replace this folder's content/.\n",
    )?;
    fs::write(out.join("config.toml"), CONFIG)?;
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default"),
        &out.join("themes/default"),
    )?;

    let mut rng = Rng::new(options.seed);
    let posts_dir = out.join("content/posts");
    let pages_dir = out.join("content/municipalities");
    fs::create_dir_all(&posts_dir)?;
    fs::create_dir_all(&pages_dir)?;

    let mut summary = CorpusSummary::default();
    let visited: HashSet<usize> = (0..shape.municipalities)
        .map(|k| municipality_index(k, shape.municipalities))
        .collect();
    for (i, (name, county)) in MUNICIPALITIES.iter().enumerate() {
        // Håbo and Habo share the URL word "habo"; only one of them gets a page.
        if i % 4 == 0 && *name != "Håbo" && visited.contains(&i) {
            let text = municipality_page(&mut rng, name, county);
            fs::write(pages_dir.join(format!("{}.md", slug::slugify(name))), text)?;
            summary.municipality_pages += 1;
        }
    }

    let plans = plan_posts(&mut rng, options.posts, shape);
    for (i, plan) in plans.iter().enumerate() {
        let (text, words) = post_text(&mut rng, plan, shape);
        if i < options.photos {
            // A bundle: the post beside its photo, shown after the first paragraph.
            let dir = posts_dir.join(plan.file.trim_end_matches(".md"));
            fs::create_dir_all(&dir)?;
            let (front, body) = text.split_at(text.find("\n+++\n").map_or(0, |i| i + 5));
            let text = format!("{front}\n![Foto från besöket](foto.jpg \"Från besöket\")\n{body}");
            fs::write(dir.join("index.md"), text)?;
            let (w, h) = shape.photo_size;
            fs::write(dir.join("foto.jpg"), photo(rng.0.next_u64(), w, h))?;
        } else {
            fs::write(posts_dir.join(&plan.file), text)?;
        }
        summary.posts += 1;
        summary.words += words;
        summary.drafts += usize::from(plan.draft);
    }
    Ok(summary)
}

/// A photo-like JPEG of `w`×`h` pixels: soft gradients with fine noise, so it compresses about
/// as a camera's photo does (1–2 MB at 4000×3000), the same bytes for the same seed.
fn photo(seed: u64, w: u32, h: u32) -> Vec<u8> {
    use image::ImageEncoder;
    let base = [
        (seed & 0xFF) as u32,
        (seed >> 8 & 0xFF) as u32,
        (seed >> 16 & 0xFF) as u32,
    ];
    let mut pixels = Vec::with_capacity((w * h * 3) as usize);
    let mut state = seed | 1;
    for y in 0..h {
        for x in 0..w {
            // xorshift: cheap, deterministic noise.
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let noise = (state & 0x1F) as u32;
            for (c, b) in base.iter().enumerate() {
                let v = (b + x * (60 + c as u32 * 40) / w + y * 90 / h + noise) % 256;
                pixels.push(v as u8);
            }
        }
    }
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 85)
        .write_image(&pixels, w, h, image::ExtendedColorType::Rgb8)
        .expect("encoding into memory");
    out
}

fn prepare_folder(out: &Path) -> io::Result<()> {
    if out.exists() {
        let empty = fs::read_dir(out)?.next().is_none();
        if !empty && !out.join(MARKER).is_file() {
            return Err(io::Error::other(format!(
                "{} is not empty and was not written by gen_corpus (no {MARKER}); choose a new folder",
                out.display()
            )));
        }
        for old in ["content", "themes"] {
            if out.join(old).exists() {
                fs::remove_dir_all(out.join(old))?;
            }
        }
    }
    fs::create_dir_all(out)
}

fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    fs::create_dir_all(to)?;
    let mut entries: Vec<_> = fs::read_dir(from)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let target = to.join(e.file_name());
        if e.file_type()?.is_dir() {
            copy_dir(&e.path(), &target)?;
        } else {
            fs::copy(e.path(), target)?;
        }
    }
    Ok(())
}

/// ChaCha8 with helpers that only use raw `u64`s, so the sequence never depends on a crate's
/// choice of sampling algorithm.
struct Rng(ChaCha8Rng);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(ChaCha8Rng::seed_from_u64(seed))
    }

    /// A number in `0..n` (the modulo bias is irrelevant here).
    fn below(&mut self, n: usize) -> usize {
        (self.0.next_u64() % n.max(1) as u64) as usize
    }

    fn range(&mut self, low: usize, high_inclusive: usize) -> usize {
        low + self.below(high_inclusive - low + 1)
    }

    /// True with probability `percent` / 100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    /// An index in `0..n` where low indices are more likely (popular tags, busy municipalities).
    fn skewed(&mut self, n: usize) -> usize {
        let a = self.below(n);
        let b = self.below(n);
        a.min(b)
    }
}

/// The `k`th of `n` municipalities a site's posts are about: spread over the list (and so over
/// Sweden's counties), all of them when `n` is 290.
fn municipality_index(k: usize, n: usize) -> usize {
    k * MUNICIPALITIES.len() / n
}

/// The words that qualify the blog's 40 tags into more (`samverkan i glesbygd`), for sites
/// with many tags.
const TAG_QUALIFIERS: &[&str] = &[
    "i glesbygd",
    "i storstaden",
    "för barn",
    "för unga",
    "i skolan",
    "i regionen",
    "i praktiken",
    "på distans",
    "för chefer",
    "för nyanställda",
    "i länet",
    "över tid",
    "i vardagen",
    "i förskolan",
    "för föräldrar",
    "och forskning",
    "och ekonomi",
    "och juridik",
    "och etik",
    "i kris",
    "efter pandemin",
    "i norr",
    "i söder",
    "i små kommuner",
    "i stora kommuner",
];

/// How many tags [`tag_name`] can name.
fn max_tags() -> usize {
    TAGS.len() * (TAG_QUALIFIERS.len() + 1)
}

/// The `i`th tag: the blog's own 40 first, then each of them qualified.
fn tag_name(i: usize) -> String {
    match i.checked_sub(TAGS.len()) {
        None => TAGS[i].to_string(),
        Some(j) => format!("{} {}", TAGS[j % TAGS.len()], TAG_QUALIFIERS[j / TAGS.len()]),
    }
}

/// One post before its text is written.
struct PostPlan {
    file: String,
    title: String,
    date: String,
    municipality: Option<&'static str>,
    visit_number: usize,
    explicit_visit: bool,
    tags: Vec<String>,
    draft: bool,
    summary: Option<String>,
}

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

fn days_in_month(year: usize, month: usize) -> usize {
    match month {
        2 if year & 3 == 0 => 29, // 2014–2023: every fourth year is a leap year
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Dates, municipalities and visit numbers of all posts, then titles that are unique.
fn plan_posts(rng: &mut Rng, count: usize, shape: &Shape) -> Vec<PostPlan> {
    struct Draw {
        year: usize,
        month: usize,
        day: usize,
        time: Option<(usize, usize)>,
        municipality: Option<usize>,
    }
    let mut taken: HashSet<(Option<String>, usize, usize, usize)> = HashSet::new();
    let mut draws = Vec::with_capacity(count);
    while draws.len() < count {
        let year = rng.range(2014, 2023);
        let month = rng.range(1, 12);
        let day = rng.range(1, days_in_month(year, month));
        let time = rng
            .chance(10)
            .then(|| (rng.range(8, 16), rng.pick(&[0, 15, 30, 45]).to_owned()));
        // A few general posts are about no municipality in particular.
        let n = shape.municipalities;
        let municipality = (!rng.chance(3)).then(|| municipality_index(rng.skewed(n), n));
        // One report per municipality (by URL word) and day, so every title is unique.
        let key = municipality.map(|m| slug::slugify(MUNICIPALITIES[m].0));
        if taken.insert((key, year, month, day)) {
            draws.push(Draw {
                year,
                month,
                day,
                time,
                municipality,
            });
        }
    }
    // Visit numbers in date order per municipality, counted the way besok counts them (by URL word).
    let mut order: Vec<usize> = (0..count).collect();
    order.sort_by_key(|&i| {
        let d = &draws[i];
        (d.year, d.month, d.day, d.time, i)
    });
    let mut visits_so_far: BTreeMap<String, usize> = BTreeMap::new();
    let mut visit_number = vec![0; count];
    for &i in &order {
        if let Some(m) = draws[i].municipality {
            let n = visits_so_far.entry(slug::slugify(MUNICIPALITIES[m].0)).or_insert(0);
            *n += 1;
            visit_number[i] = *n;
        }
    }

    let mut plans = Vec::with_capacity(count);
    for (i, d) in draws.iter().enumerate() {
        let municipality = d.municipality.map(|m| MUNICIPALITIES[m].0);
        let n = visit_number[i];
        let month = MONTHS[d.month - 1];
        let title = match municipality {
            Some(m) => match rng.below(5) {
                0 if n > 1 => format!("Kommunbesök {n} i {m} {} {month} {}", d.day, d.year),
                1 if n > 1 => format!("Återbesök i {m} {} {month} {}", d.day, d.year),
                2 => format!("Rapport från {m} {} {month} {}", d.day, d.year),
                3 if n == 1 => format!("Första besöket i {m} {} {month} {}", d.day, d.year),
                _ => format!("Besök i {m} {} {month} {}", d.day, d.year),
            },
            None => format!("{} {} {month} {}", rng.pick(GENERAL_TITLES), d.day, d.year),
        };
        let date = match d.time {
            Some((h, min)) => format!(
                "{:04}-{:02}-{:02}T{h:02}:{min:02}:00{}",
                d.year,
                d.month,
                d.day,
                if (4..=9).contains(&d.month) { "+02:00" } else { "+01:00" }
            ),
            None => format!("{:04}-{:02}-{:02}", d.year, d.month, d.day),
        };
        let tag_count = rng.range(2, 5).min(shape.tags);
        let mut tags: Vec<String> = Vec::new();
        while tags.len() < tag_count {
            let t = tag_name(rng.skewed(shape.tags));
            if !tags.contains(&t) {
                tags.push(t);
            }
        }
        let summary = rng.chance(shape.summary).then(|| {
            format!(
                "Vi besökte {} och pratade om {}.",
                municipality.unwrap_or("flera kommuner"),
                tags.join(" och ")
            )
        });
        plans.push(PostPlan {
            file: format!("{}.md", slug::slugify(&title)),
            title,
            date,
            municipality,
            visit_number: n,
            explicit_visit: municipality.is_some() && rng.chance(30),
            tags,
            draft: rng.chance(1),
            summary,
        });
    }
    plans
}

fn toml_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

/// One post file and its word count (of the body, roughly as a reader counts them).
fn post_text(rng: &mut Rng, plan: &PostPlan, shape: &Shape) -> (String, usize) {
    let mut s = String::with_capacity(7000);
    s.push_str("+++\n");
    let _ = writeln!(s, "title = {}", toml_string(&plan.title));
    let _ = writeln!(s, "date = {}", plan.date);
    if let Some(m) = plan.municipality {
        let _ = writeln!(s, "municipality = {}", toml_string(m));
    }
    if plan.explicit_visit {
        let _ = writeln!(s, "visit = {}", plan.visit_number);
    }
    let tags: Vec<String> = plan.tags.iter().map(|t| toml_string(t)).collect();
    let _ = writeln!(s, "tags = [{}]", tags.join(", "));
    if let Some(summary) = &plan.summary {
        let _ = writeln!(s, "summary = {}", toml_string(summary));
    }
    if plan.draft {
        s.push_str("draft = true\n");
    }
    s.push_str("+++\n\n");

    let place = plan.municipality.unwrap_or("kommunerna");
    let target = rng.range(shape.words.0, shape.words.1);
    let mut words = 0;
    match shape.first_paragraph {
        None => {
            let n = rng.range(2, 4);
            words += paragraph(rng, &mut s, place, n, target.saturating_sub(words));
        }
        // Sentences until the paragraph has its words.
        Some((fewest, most)) => {
            let first = rng.range(fewest, most);
            words += paragraph(rng, &mut s, place, usize::MAX, first);
        }
    }
    if rng.chance(shape.more) {
        s.push_str("<!-- more -->\n\n");
    }
    let mut headings: Vec<&str> = Vec::new();
    while words < target {
        let mut heading = *rng.pick(HEADINGS);
        while headings.contains(&heading) && headings.len() < HEADINGS.len() {
            heading = *rng.pick(HEADINGS);
        }
        headings.push(heading);
        let _ = writeln!(s, "## {}\n", heading.replace("{m}", place));
        words += heading.split_whitespace().count();
        let n = rng.range(3, 6);
        words += paragraph(rng, &mut s, place, n, target.saturating_sub(words));
        match rng.below(4) {
            _ if words >= target => {}
            0 | 1 => {
                let numbered = rng.chance(30);
                for k in 0..rng.range(3, 5) {
                    let item = rng.pick(LIST_ITEMS);
                    words += item.split_whitespace().count();
                    if numbered {
                        let _ = writeln!(s, "{}. {item}", k + 1);
                    } else {
                        let _ = writeln!(s, "- {item}");
                    }
                }
                s.push('\n');
            }
            2 if plan.municipality.is_some() => {
                let _ = writeln!(
                    s,
                    "> Vi återkommer till {place} och följer upp arbetet – se [tidslinjen för {place}](/kommuner/{}/).\n",
                    slug::slugify(place)
                );
                words += 10;
            }
            _ => {}
        }
        if words < target {
            let n = rng.range(2, 5);
            words += paragraph(rng, &mut s, place, n, target.saturating_sub(words));
        }
    }
    // A closing line like the blog's: who wrote it and where to read more.
    match plan.municipality {
        Some(m) => {
            let _ = writeln!(
                s,
                "*Besöksteamet* – läs alla våra rapporter från [{m}](/kommuner/{}/).",
                slug::slugify(m)
            );
        }
        None => s.push_str("*Besöksteamet* – läs rapporterna från [alla kommuner](/kommuner/).\n"),
    }
    words += 8;
    (s, words)
}

/// Appends a paragraph of `sentences` sentences, some with emphasis or a link; returns its words.
/// Stops early once `budget` words are written.
fn paragraph(rng: &mut Rng, s: &mut String, place: &str, sentences: usize, budget: usize) -> usize {
    let mut words = 0;
    for k in 0..sentences {
        if k > 0 && words >= budget {
            break;
        }
        if k > 0 {
            s.push(' ');
        }
        let mut sentence = rng.pick(SENTENCES).replace("{m}", place);
        match rng.below(12) {
            0 => sentence = emphasise(rng, &sentence, "*"),
            1 => sentence = emphasise(rng, &sentence, "**"),
            2 => {
                let (text, url) = rng.pick(LINKS);
                sentence = format!("{sentence} Läs mer hos [{text}]({url}).");
            }
            _ => {}
        }
        words += sentence.split_whitespace().count();
        s.push_str(&sentence);
    }
    s.push_str("\n\n");
    words
}

/// Puts `mark` around two or three words in the middle of a sentence.
fn emphasise(rng: &mut Rng, sentence: &str, mark: &str) -> String {
    let words: Vec<&str> = sentence.split(' ').collect();
    if words.len() < 6 {
        return sentence.to_string();
    }
    let start = rng.range(1, words.len() - 4);
    let len = rng.range(2, 3);
    let mut out: Vec<String> = words.iter().map(|w| w.to_string()).collect();
    out[start] = format!("{mark}{}", out[start]);
    out[start + len - 1] = format!("{}{mark}", out[start + len - 1]);
    out.join(" ")
}

fn municipality_page(rng: &mut Rng, name: &str, county: &str) -> String {
    let lat = 55.4 + rng.below(13_000) as f64 / 1000.0;
    let lon = 11.2 + rng.below(12_800) as f64 / 1000.0;
    format!(
        "+++\nname = {}\ncounty = {}\nwebsite = \"https://www.{}.se/\"\nlat = {lat:.4}\nlon = {lon:.4}\n+++\n{name} kommun ligger i {county}. {}\n",
        toml_string(name),
        toml_string(county),
        slug::slugify(name),
        rng.pick(SENTENCES).replace("{m}", name)
    )
}

const CONFIG: &str = r#"# A generated benchmark site (besok's examples/gen_corpus.rs).
title = "Kommunbesök"
description = "Rapporter från våra besök i Sveriges kommuner"
base_url = "https://example.org/"
language = "sv"
author = "Besöksteamet"
paginate_by = 10
tags_path = "taggar"
municipalities_path = "kommuner"
archive_path = "arkiv"
theme = "default"
slugs_from = "file"
"#;

const GENERAL_TITLES: &[&str] = &[
    "Reflektioner efter besöken",
    "Lärdomar från kommunbesöken",
    "Nätverksträff om socialtjänsten",
    "Halvtidsrapport",
    "Konferens om barn och unga",
    "Sammanfattning av vårens besök",
];

const TAGS: &[&str] = &[
    "samverkan",
    "barn och unga",
    "kompetensutveckling",
    "socionomutbildning",
    "ledarskap",
    "kvalitetsarbete",
    "delaktighet",
    "personalförsörjning",
    "introduktion",
    "handledning",
    "digitalisering",
    "skola",
    "psykiatri",
    "missbruk",
    "våld i nära relationer",
    "placeringar",
    "familjehem",
    "ensamkommande",
    "evidensbaserad praktik",
    "uppföljning",
    "arbetsmiljö",
    "mentorskap",
    "forskning",
    "region",
    "landsting",
    "fackliga perspektiv",
    "äldreomsorg",
    "funktionsnedsättning",
    "ekonomiskt bistånd",
    "förebyggande arbete",
    "tidiga insatser",
    "dokumentation",
    "utredning",
    "BBIC",
    "Signs of Safety",
    "Tryggve",
    "glesbygd",
    "storstad",
    "återbesök",
    "slutkonferens",
];

const HEADINGS: &[&str] = &[
    "Samverkan",
    "Vad har hänt sedan förra besöket?",
    "{m}s plan för handling",
    "Fackliga inspel",
    "Barnen i fokus",
    "Kompetensutveckling och introduktion",
    "Ledarskap och stöd till chefer",
    "Personalförsörjning",
    "Samarbete med region och landsting",
    "Socionomutbildningen",
    "Kvalitetsarbete",
    "Att lyssna på barn och unga",
    "Digitala arbetssätt",
    "Utmaningar framåt",
    "Till slutkonferensen",
];

const SENTENCES: &[&str] = &[
    "Idag har vi varit på ett mycket positivt och stimulerande återbesök i {m}.",
    "Så roligt att se all utveckling som skett sedan sist!",
    "Kvalitetsarbetet fortsätter att utvecklas och fler hållplatser för lärande har skapats.",
    "Dagen inleddes med barnen i fokus, ett tema som sedan präglade resten av dagen.",
    "Synpunkter från barnen var bland annat att kontakten borde vara mer på barnens villkor.",
    "Det var viktigt för barnen att kunna ringa någon när de själva vill.",
    "I {m} eftersträvas ett förbättrat samarbete med regionen – både med barn- och ungdomspsykiatrin och vuxenpsykiatrin.",
    "Företrädarna för den sociala barn- och ungdomsvården upplever ibland att samarbetet brister.",
    "Diskussionerna handlade en hel del om förutsättningarna i socialtjänst, skola och hälso- och sjukvård.",
    "{m} lyfte fram ett framgångsrikt samarbete kring unga som inte går i skolan.",
    "Man har aktivt sökt upp barn och unga för att ge hjälp och stöd i ett tidigt skede.",
    "Universitetet framförde att det är svårt att på lokal nivå hålla koll på valideringen.",
    "Personalförsörjningen, som länge varit ansträngd, har förbättrats påtagligt.",
    "Förvisso finns fortfarande vakanser, men kommunen har nått en stabilare nivå där färre slutar.",
    "En plan för kompetensutveckling för socialsekreterare har tagits fram under året.",
    "Insatserna beskrevs utifrån tre faser av yrkeserfarenhet: noll till två år, två till fem år och mer än fem år.",
    "Ett mycket väl genomtänkt ledarstöd presenterades också.",
    "Representanter från Vision och Akademikerförbundet SSR lyfte behovet av utbildning i samtalsmetodik.",
    "Det nya greppet vid uppföljningsbesöken är att alla aktörer träffas samtidigt.",
    "Det är viktigt att kommunstyrelsen och skolan även är representerade vid besöken.",
    "Vi fick ta del av hur verksamheten för barn med funktionsnedsättning har samorganiserats.",
    "Nämndens ordförande berättade om hur politiken följer upp arbetet med barn och unga.",
    "Arbetsgruppen i {m} har träffats varannan vecka sedan i våras.",
    "Flera medarbetare vittnade om att introduktionen för nyanställda har blivit tydligare.",
    "Handledningen ges nu i mindre grupper, vilket uppskattas av både nya och erfarna.",
    "Kommunen har infört en mentor för varje nyanställd socialsekreterare under det första året.",
    "Vi diskuterade hur man kan mäta resultat utan att tappa barnets perspektiv.",
    "Dokumentationen har förenklats och tar nu mindre tid från mötet med familjerna.",
    "Skolans elevhälsa och socialtjänsten har gemensamma rutiner för tidiga insatser.",
    "Det finns en tydlig vilja att lära av andra kommuner i länet.",
    "Glesbygdens långa avstånd gör att digitala möten blivit ett viktigt komplement.",
    "Samtidigt betonade flera att det personliga mötet inte kan ersättas.",
    "Barn och unga har fått vara med och utforma informationen på kommunens webbplats.",
    "Ett exempel var en önskan från barnen att få veta hur socialtjänsten arbetar med föräldrarna.",
    "Intervjuerna med barnen sammanställs och återkopplas till verksamheten två gånger per år.",
    "Vi vill passa på att tacka alla som deltog för ett öppet och engagerat samtal.",
    "Nästa steg är att följa upp planen för handling inför slutkonferensen.",
    "Regionens företrädare lovade att återkomma med förslag på en gemensam rutin.",
    "Det är glädjande att se hur ledningen tar ansvar för arbetsmiljön.",
    "Socionomstudenterna gör numera sin praktik i {m} i större utsträckning än tidigare.",
    "Ett samarbetsavtal med högskolan har tecknats för de kommande tre åren.",
    "Cheferna i {m} har ett eget nätverk där de delar erfarenheter och stöttar varandra.",
    "Vi fick också höra om utmaningarna med att rekrytera erfarna handläggare.",
    "Flera berättade att arbetsbelastningen har minskat sedan förra besöket.",
    "Man arbetar nu med en gemensam modell för utredningar enligt BBIC.",
    "Familjehemsvården har stärkts med fler utbildade familjehem i närområdet.",
    "Förebyggande arbete i skolan har gett färre orosanmälningar under det senaste året.",
    "Vi ser fram emot att följa utvecklingen i {m} och återkomma om ett år.",
    "Det var en lång men mycket givande dag med många kloka tankar.",
    "Frågan om validering av de som saknar socionomexamen återkom under dagen.",
];

const LIST_ITEMS: &[&str] = &[
    "Tydliga riktlinjer för barns delaktighet har tagits fram.",
    "Intern och extern samverkan är en hörnsten i arbetet.",
    "Bästa tillgängliga kunskap används i utredningarna.",
    "Kompetenskraven för handläggare har skrivits ner.",
    "En introduktionsplan för nyanställda finns på plats.",
    "Personalomsättningen har minskat.",
    "Ledarstödet har förstärkts med en extra samordnare.",
    "Gemensamma möten med skolan varje månad.",
    "En mentor för varje ny socialsekreterare.",
    "Uppföljning av planen för handling två gånger per år.",
    "Barnens synpunkter samlas in och återkopplas.",
    "Samverkansavtal med regionen om barn- och ungdomspsykiatri.",
    "Praktikplatser för socionomstudenter.",
    "Digitala möten med familjer som bor långt bort.",
    "Handledning i grupp för alla handläggare.",
];

const LINKS: &[(&str, &str)] = &[
    ("Socialstyrelsen", "https://www.socialstyrelsen.se/"),
    ("SKR", "https://skr.se/"),
    ("Akademikerförbundet SSR", "https://akademssr.se/"),
    ("Vision", "https://vision.se/"),
    ("Barnombudsmannen", "https://www.barnombudsmannen.se/"),
    ("IVO", "https://www.ivo.se/"),
];

/// All 290 municipalities of Sweden with their counties.
pub const MUNICIPALITIES: &[(&str, &str)] = &[
    // Stockholms län
    ("Botkyrka", "Stockholms län"),
    ("Danderyd", "Stockholms län"),
    ("Ekerö", "Stockholms län"),
    ("Haninge", "Stockholms län"),
    ("Huddinge", "Stockholms län"),
    ("Järfälla", "Stockholms län"),
    ("Lidingö", "Stockholms län"),
    ("Nacka", "Stockholms län"),
    ("Norrtälje", "Stockholms län"),
    ("Nykvarn", "Stockholms län"),
    ("Nynäshamn", "Stockholms län"),
    ("Salem", "Stockholms län"),
    ("Sigtuna", "Stockholms län"),
    ("Sollentuna", "Stockholms län"),
    ("Solna", "Stockholms län"),
    ("Stockholm", "Stockholms län"),
    ("Sundbyberg", "Stockholms län"),
    ("Södertälje", "Stockholms län"),
    ("Tyresö", "Stockholms län"),
    ("Täby", "Stockholms län"),
    ("Upplands Väsby", "Stockholms län"),
    ("Upplands-Bro", "Stockholms län"),
    ("Vallentuna", "Stockholms län"),
    ("Vaxholm", "Stockholms län"),
    ("Värmdö", "Stockholms län"),
    ("Österåker", "Stockholms län"),
    // Uppsala län
    ("Enköping", "Uppsala län"),
    ("Heby", "Uppsala län"),
    ("Håbo", "Uppsala län"),
    ("Knivsta", "Uppsala län"),
    ("Tierp", "Uppsala län"),
    ("Uppsala", "Uppsala län"),
    ("Älvkarleby", "Uppsala län"),
    ("Östhammar", "Uppsala län"),
    // Södermanlands län
    ("Eskilstuna", "Södermanlands län"),
    ("Flen", "Södermanlands län"),
    ("Gnesta", "Södermanlands län"),
    ("Katrineholm", "Södermanlands län"),
    ("Nyköping", "Södermanlands län"),
    ("Oxelösund", "Södermanlands län"),
    ("Strängnäs", "Södermanlands län"),
    ("Trosa", "Södermanlands län"),
    ("Vingåker", "Södermanlands län"),
    // Östergötlands län
    ("Boxholm", "Östergötlands län"),
    ("Finspång", "Östergötlands län"),
    ("Kinda", "Östergötlands län"),
    ("Linköping", "Östergötlands län"),
    ("Mjölby", "Östergötlands län"),
    ("Motala", "Östergötlands län"),
    ("Norrköping", "Östergötlands län"),
    ("Söderköping", "Östergötlands län"),
    ("Vadstena", "Östergötlands län"),
    ("Valdemarsvik", "Östergötlands län"),
    ("Ydre", "Östergötlands län"),
    ("Åtvidaberg", "Östergötlands län"),
    ("Ödeshög", "Östergötlands län"),
    // Jönköpings län
    ("Aneby", "Jönköpings län"),
    ("Eksjö", "Jönköpings län"),
    ("Gislaved", "Jönköpings län"),
    ("Gnosjö", "Jönköpings län"),
    ("Habo", "Jönköpings län"),
    ("Jönköping", "Jönköpings län"),
    ("Mullsjö", "Jönköpings län"),
    ("Nässjö", "Jönköpings län"),
    ("Sävsjö", "Jönköpings län"),
    ("Tranås", "Jönköpings län"),
    ("Vaggeryd", "Jönköpings län"),
    ("Vetlanda", "Jönköpings län"),
    ("Värnamo", "Jönköpings län"),
    // Kronobergs län
    ("Alvesta", "Kronobergs län"),
    ("Lessebo", "Kronobergs län"),
    ("Ljungby", "Kronobergs län"),
    ("Markaryd", "Kronobergs län"),
    ("Tingsryd", "Kronobergs län"),
    ("Uppvidinge", "Kronobergs län"),
    ("Växjö", "Kronobergs län"),
    ("Älmhult", "Kronobergs län"),
    // Kalmar län
    ("Borgholm", "Kalmar län"),
    ("Emmaboda", "Kalmar län"),
    ("Hultsfred", "Kalmar län"),
    ("Högsby", "Kalmar län"),
    ("Kalmar", "Kalmar län"),
    ("Mönsterås", "Kalmar län"),
    ("Mörbylånga", "Kalmar län"),
    ("Nybro", "Kalmar län"),
    ("Oskarshamn", "Kalmar län"),
    ("Torsås", "Kalmar län"),
    ("Vimmerby", "Kalmar län"),
    ("Västervik", "Kalmar län"),
    // Gotlands län
    ("Gotland", "Gotlands län"),
    // Blekinge län
    ("Karlshamn", "Blekinge län"),
    ("Karlskrona", "Blekinge län"),
    ("Olofström", "Blekinge län"),
    ("Ronneby", "Blekinge län"),
    ("Sölvesborg", "Blekinge län"),
    // Skåne län
    ("Bjuv", "Skåne län"),
    ("Bromölla", "Skåne län"),
    ("Burlöv", "Skåne län"),
    ("Båstad", "Skåne län"),
    ("Eslöv", "Skåne län"),
    ("Helsingborg", "Skåne län"),
    ("Hässleholm", "Skåne län"),
    ("Höganäs", "Skåne län"),
    ("Hörby", "Skåne län"),
    ("Höör", "Skåne län"),
    ("Klippan", "Skåne län"),
    ("Kristianstad", "Skåne län"),
    ("Kävlinge", "Skåne län"),
    ("Landskrona", "Skåne län"),
    ("Lomma", "Skåne län"),
    ("Lund", "Skåne län"),
    ("Malmö", "Skåne län"),
    ("Osby", "Skåne län"),
    ("Perstorp", "Skåne län"),
    ("Simrishamn", "Skåne län"),
    ("Sjöbo", "Skåne län"),
    ("Skurup", "Skåne län"),
    ("Staffanstorp", "Skåne län"),
    ("Svalöv", "Skåne län"),
    ("Svedala", "Skåne län"),
    ("Tomelilla", "Skåne län"),
    ("Trelleborg", "Skåne län"),
    ("Vellinge", "Skåne län"),
    ("Ystad", "Skåne län"),
    ("Åstorp", "Skåne län"),
    ("Ängelholm", "Skåne län"),
    ("Örkelljunga", "Skåne län"),
    ("Östra Göinge", "Skåne län"),
    // Hallands län
    ("Falkenberg", "Hallands län"),
    ("Halmstad", "Hallands län"),
    ("Hylte", "Hallands län"),
    ("Kungsbacka", "Hallands län"),
    ("Laholm", "Hallands län"),
    ("Varberg", "Hallands län"),
    // Västra Götalands län
    ("Ale", "Västra Götalands län"),
    ("Alingsås", "Västra Götalands län"),
    ("Bengtsfors", "Västra Götalands län"),
    ("Bollebygd", "Västra Götalands län"),
    ("Borås", "Västra Götalands län"),
    ("Dals-Ed", "Västra Götalands län"),
    ("Essunga", "Västra Götalands län"),
    ("Falköping", "Västra Götalands län"),
    ("Färgelanda", "Västra Götalands län"),
    ("Grästorp", "Västra Götalands län"),
    ("Gullspång", "Västra Götalands län"),
    ("Göteborg", "Västra Götalands län"),
    ("Götene", "Västra Götalands län"),
    ("Herrljunga", "Västra Götalands län"),
    ("Hjo", "Västra Götalands län"),
    ("Härryda", "Västra Götalands län"),
    ("Karlsborg", "Västra Götalands län"),
    ("Kungälv", "Västra Götalands län"),
    ("Lerum", "Västra Götalands län"),
    ("Lidköping", "Västra Götalands län"),
    ("Lilla Edet", "Västra Götalands län"),
    ("Lysekil", "Västra Götalands län"),
    ("Mariestad", "Västra Götalands län"),
    ("Mark", "Västra Götalands län"),
    ("Mellerud", "Västra Götalands län"),
    ("Munkedal", "Västra Götalands län"),
    ("Mölndal", "Västra Götalands län"),
    ("Orust", "Västra Götalands län"),
    ("Partille", "Västra Götalands län"),
    ("Skara", "Västra Götalands län"),
    ("Skövde", "Västra Götalands län"),
    ("Sotenäs", "Västra Götalands län"),
    ("Stenungsund", "Västra Götalands län"),
    ("Strömstad", "Västra Götalands län"),
    ("Svenljunga", "Västra Götalands län"),
    ("Tanum", "Västra Götalands län"),
    ("Tibro", "Västra Götalands län"),
    ("Tidaholm", "Västra Götalands län"),
    ("Tjörn", "Västra Götalands län"),
    ("Tranemo", "Västra Götalands län"),
    ("Trollhättan", "Västra Götalands län"),
    ("Töreboda", "Västra Götalands län"),
    ("Uddevalla", "Västra Götalands län"),
    ("Ulricehamn", "Västra Götalands län"),
    ("Vara", "Västra Götalands län"),
    ("Vårgårda", "Västra Götalands län"),
    ("Vänersborg", "Västra Götalands län"),
    ("Åmål", "Västra Götalands län"),
    ("Öckerö", "Västra Götalands län"),
    // Värmlands län
    ("Arvika", "Värmlands län"),
    ("Eda", "Värmlands län"),
    ("Filipstad", "Värmlands län"),
    ("Forshaga", "Värmlands län"),
    ("Grums", "Värmlands län"),
    ("Hagfors", "Värmlands län"),
    ("Hammarö", "Värmlands län"),
    ("Karlstad", "Värmlands län"),
    ("Kil", "Värmlands län"),
    ("Kristinehamn", "Värmlands län"),
    ("Munkfors", "Värmlands län"),
    ("Storfors", "Värmlands län"),
    ("Sunne", "Värmlands län"),
    ("Säffle", "Värmlands län"),
    ("Torsby", "Värmlands län"),
    ("Årjäng", "Värmlands län"),
    // Örebro län
    ("Askersund", "Örebro län"),
    ("Degerfors", "Örebro län"),
    ("Hallsberg", "Örebro län"),
    ("Hällefors", "Örebro län"),
    ("Karlskoga", "Örebro län"),
    ("Kumla", "Örebro län"),
    ("Laxå", "Örebro län"),
    ("Lekeberg", "Örebro län"),
    ("Lindesberg", "Örebro län"),
    ("Ljusnarsberg", "Örebro län"),
    ("Nora", "Örebro län"),
    ("Örebro", "Örebro län"),
    // Västmanlands län
    ("Arboga", "Västmanlands län"),
    ("Fagersta", "Västmanlands län"),
    ("Hallstahammar", "Västmanlands län"),
    ("Kungsör", "Västmanlands län"),
    ("Köping", "Västmanlands län"),
    ("Norberg", "Västmanlands län"),
    ("Sala", "Västmanlands län"),
    ("Skinnskatteberg", "Västmanlands län"),
    ("Surahammar", "Västmanlands län"),
    ("Västerås", "Västmanlands län"),
    // Dalarnas län
    ("Avesta", "Dalarnas län"),
    ("Borlänge", "Dalarnas län"),
    ("Falun", "Dalarnas län"),
    ("Gagnef", "Dalarnas län"),
    ("Hedemora", "Dalarnas län"),
    ("Leksand", "Dalarnas län"),
    ("Ludvika", "Dalarnas län"),
    ("Malung-Sälen", "Dalarnas län"),
    ("Mora", "Dalarnas län"),
    ("Orsa", "Dalarnas län"),
    ("Rättvik", "Dalarnas län"),
    ("Smedjebacken", "Dalarnas län"),
    ("Säter", "Dalarnas län"),
    ("Vansbro", "Dalarnas län"),
    ("Älvdalen", "Dalarnas län"),
    // Gävleborgs län
    ("Bollnäs", "Gävleborgs län"),
    ("Gävle", "Gävleborgs län"),
    ("Hofors", "Gävleborgs län"),
    ("Hudiksvall", "Gävleborgs län"),
    ("Ljusdal", "Gävleborgs län"),
    ("Nordanstig", "Gävleborgs län"),
    ("Ockelbo", "Gävleborgs län"),
    ("Ovanåker", "Gävleborgs län"),
    ("Sandviken", "Gävleborgs län"),
    ("Söderhamn", "Gävleborgs län"),
    // Västernorrlands län
    ("Härnösand", "Västernorrlands län"),
    ("Kramfors", "Västernorrlands län"),
    ("Sollefteå", "Västernorrlands län"),
    ("Sundsvall", "Västernorrlands län"),
    ("Timrå", "Västernorrlands län"),
    ("Ånge", "Västernorrlands län"),
    ("Örnsköldsvik", "Västernorrlands län"),
    // Jämtlands län
    ("Berg", "Jämtlands län"),
    ("Bräcke", "Jämtlands län"),
    ("Härjedalen", "Jämtlands län"),
    ("Krokom", "Jämtlands län"),
    ("Ragunda", "Jämtlands län"),
    ("Strömsund", "Jämtlands län"),
    ("Åre", "Jämtlands län"),
    ("Östersund", "Jämtlands län"),
    // Västerbottens län
    ("Bjurholm", "Västerbottens län"),
    ("Dorotea", "Västerbottens län"),
    ("Lycksele", "Västerbottens län"),
    ("Malå", "Västerbottens län"),
    ("Nordmaling", "Västerbottens län"),
    ("Norsjö", "Västerbottens län"),
    ("Robertsfors", "Västerbottens län"),
    ("Skellefteå", "Västerbottens län"),
    ("Sorsele", "Västerbottens län"),
    ("Storuman", "Västerbottens län"),
    ("Umeå", "Västerbottens län"),
    ("Vilhelmina", "Västerbottens län"),
    ("Vindeln", "Västerbottens län"),
    ("Vännäs", "Västerbottens län"),
    ("Åsele", "Västerbottens län"),
    // Norrbottens län
    ("Arjeplog", "Norrbottens län"),
    ("Arvidsjaur", "Norrbottens län"),
    ("Boden", "Norrbottens län"),
    ("Gällivare", "Norrbottens län"),
    ("Haparanda", "Norrbottens län"),
    ("Jokkmokk", "Norrbottens län"),
    ("Kalix", "Norrbottens län"),
    ("Kiruna", "Norrbottens län"),
    ("Luleå", "Norrbottens län"),
    ("Pajala", "Norrbottens län"),
    ("Piteå", "Norrbottens län"),
    ("Älvsbyn", "Norrbottens län"),
    ("Överkalix", "Norrbottens län"),
    ("Övertorneå", "Norrbottens län"),
];
