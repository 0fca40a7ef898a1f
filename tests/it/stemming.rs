//! The search page's stemmers (`themes/default/static/stemmers.js`, run here with Node) must
//! give every word the stem the build gave it, or a query finds nothing of a post whose words
//! were indexed under another stem. Both are run over the same tens of thousands of words:
//! real Swedish and English text of the repository and of the seeds, and generated words that
//! end in every suffix the algorithms know, after bases of every shape (short, long, vowels
//! and consonants in every order, å ä ö, y, digits, letters of other alphabets).

use besok::render::{fold, words, Language};
use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

/// Stems `list` with `stemmers.js`'s stemmer `name` in Node.
fn stem_in_node(name: &str, list: &[String]) -> Vec<String> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static/stemmers.js");
    let program = format!(
        "const s = require({:?}).{name}; let input = ''; process.stdin.setEncoding('utf8'); process.stdin.on('data', d => input += d); \
         process.stdin.on('end', () => process.stdout.write(JSON.stringify(JSON.parse(input).map(s))));",
        script.to_str().unwrap()
    );
    let mut node = Command::new("node")
        .args(["-e", &program])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node (installed with npm by scripts/test) must be on PATH to test the search page's stemmers");
    let input = serde_json::to_vec(list).unwrap();
    let mut stdin = node.stdin.take().unwrap();
    let writer = std::thread::spawn(move || stdin.write_all(&input).unwrap());
    let out = node.wait_with_output().unwrap();
    writer.join().unwrap();
    assert!(out.status.success(), "node failed");
    serde_json::from_slice(&out.stdout).unwrap()
}

/// The words of every `.md` file under `dir` (if it exists), as the search splits them.
fn words_of_markdown(dir: &Path, into: &mut BTreeSet<String>) {
    for entry in walkdir::WalkDir::new(dir).into_iter().filter_map(Result::ok) {
        if entry
            .path()
            .extension()
            .is_some_and(|e| e == "md" || e == "txt" || e == "html")
        {
            let text = std::fs::read_to_string(entry.path()).unwrap_or_default();
            into.extend(words(&text).map(|w| w.into_owned()));
        }
    }
}

/// A tiny deterministic random number generator (xorshift).
struct Rng(u64);
impl Rng {
    fn pick<'a>(&mut self, from: &[&'a str]) -> &'a str {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        from[(self.0 % from.len() as u64) as usize]
    }
}

/// Generated words: bases of one to four syllables, each followed by every ending.
fn generated(syllables: &[&str], endings: &[&str], bases: usize, seed: u64) -> BTreeSet<String> {
    let mut rng = Rng(seed);
    let mut out = BTreeSet::new();
    for n in 0..bases {
        let mut base = String::new();
        for _ in 0..1 + n % 4 {
            base.push_str(rng.pick(syllables));
        }
        out.insert(base.clone());
        for ending in endings {
            out.insert(format!("{base}{ending}"));
        }
    }
    out
}

fn compare(language: &str, name: &str, list: BTreeSet<String>) {
    let list: Vec<String> = list.into_iter().collect();
    assert!(list.len() > 20_000, "{} words", list.len());
    let rust = Language::of(language);
    let node = stem_in_node(name, &list);
    let differ: Vec<String> = list
        .iter()
        .zip(&node)
        .filter(|(w, js)| rust.stem(w) != js.as_str())
        .take(25)
        .map(|(w, js)| format!("{w}: build {:?}, page {js:?}", rust.stem(w)))
        .collect();
    assert!(
        differ.is_empty(),
        "{} words stem differently:\n{}",
        differ.len(),
        differ.join("\n")
    );
    // The stemmers do something: most generated words lose their ending.
    let changed = list.iter().filter(|w| rust.stem(w) != w.as_str()).count();
    assert!(changed * 3 > list.len(), "{changed} of {} words stemmed", list.len());
}

#[test]
fn the_page_stems_swedish_words_as_the_build_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut list = BTreeSet::new();
    words_of_markdown(&root.join("content"), &mut list);
    let mut seeds = BTreeSet::new();
    words_of_markdown(&root.join("tests/fixtures/seeds"), &mut seeds);
    assert!(
        seeds.len() > 300,
        "tests/fixtures/seeds holds the two real reports: {} words",
        seeds.len()
    );
    list.extend(seeds);
    let syllables = [
        "a", "ar", "be", "sök", "kom", "mun", "y", "ö", "å", "ä", "st", "fr", "skr", "ing", "el", "lig", "het", "nn",
        "dd", "kt", "gt", "full", "lös", "e", "o", "u", "i", "sj", "tj", "9", "é", "ø", "ж",
    ];
    let endings = [
        "a", "arna", "erna", "heterna", "orna", "ad", "e", "ade", "ande", "arne", "are", "aste", "en", "anden", "aren",
        "heten", "ern", "ar", "er", "heter", "or", "as", "arnas", "ernas", "ornas", "es", "ades", "andes", "ens",
        "arens", "hetens", "erns", "at", "andet", "het", "ast", "s", "bs", "ts", "ys", "ös", "dd", "gd", "nn", "dt",
        "gt", "kt", "tt", "lig", "ig", "els", "löst", "fullt", "ligare", "ddes", "ktes", "et", "ets", "aket", "ikets",
        "fabet", "het", "ket", "kvitet", "ivitets", "alitet", "öst", "köst", "aöst", "post", "xits", "hets",
    ];
    list.extend(generated(&syllables, &endings, 600, 0x5eed));
    compare("sv", "sv", list);
}

#[test]
fn the_page_stems_english_words_as_the_build_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut list = BTreeSet::new();
    words_of_markdown(&root.join("docs"), &mut list);
    words_of_markdown(&root.join("README.md"), &mut list);
    for w in [
        "skis",
        "skies",
        "dying",
        "lying",
        "tying",
        "idly",
        "gently",
        "ugly",
        "early",
        "only",
        "singly",
        "sky",
        "news",
        "howe",
        "atlas",
        "cosmos",
        "bias",
        "andes",
        "inning",
        "outing",
        "canning",
        "herring",
        "earring",
        "proceed",
        "exceed",
        "succeed",
        "generous",
        "communism",
        "arsenal",
        "yes",
        "ay",
        "by",
        "cry",
        "say",
        "yay",
        "ties",
        "cries",
        "gas",
        "gaps",
        "kiwis",
        "hopping",
        "hoped",
        "luxuriate",
        "controll",
        "rolls",
        "evening",
        "evenings",
        "canning",
        "inning",
        "outing",
        "shouting",
        "succeeded",
        "proceedings",
        "pasted",
        "past",
        "organization",
        "interest",
        "university",
        "later",
        "emergency",
        "adding",
        "ebbing",
        "egging",
        "odd",
        "biologist",
        "playing",
        "crying",
        "ying",
        "yying",
        "generate",
        "communal",
    ] {
        list.insert(w.to_string());
    }
    let syllables = [
        "a", "e", "i", "o", "u", "y", "b", "c", "d", "f", "g", "h", "k", "l", "m", "n", "p", "r", "s", "t", "v", "w",
        "x", "z", "ll", "ss", "gener", "commun", "arsen", "emerg", "inter", "later", "organ", "past", "univers", "st",
        "tr", "qu", "9", "é", "even", "out", "succ", "exc",
    ];
    let endings = [
        "s", "ss", "us", "sses", "ied", "ies", "eed", "eedly", "ed", "edly", "ing", "ingly", "at", "bl", "iz", "bb",
        "dd", "ff", "gg", "mm", "nn", "pp", "rr", "tt", "y", "tional", "enci", "anci", "abli", "entli", "izer",
        "ization", "ational", "ation", "ator", "alism", "aliti", "alli", "fulness", "ousli", "ousness", "iveness",
        "iviti", "biliti", "bli", "logi", "ogi", "fulli", "lessli", "li", "cli", "alize", "icate", "iciti", "ical",
        "ful", "ness", "ative", "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment", "ent", "ism",
        "ate", "iti", "ous", "ive", "ize", "ion", "sion", "tion", "e", "l", "ll", "ating", "izing", "blings", "ogist",
        "ying", "ding", "bbing", "past", "pasting", "eeds", "ings",
    ];
    list.extend(generated(&syllables, &endings, 400, 0xe4e4));
    compare("en", "en", list);
}

/// The page folds a query typed without å, ä and ö as the build folds the words of its fold
/// shards (`fold` of `stemmers.js` and of the build): the same for every word of the example
/// site, the seeds and the docs, and for every letter with a diacritic Unicode has in its
/// first planes (one word per character, and each after a few letters).
#[test]
fn the_page_folds_diacritics_as_the_build_does() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut list = BTreeSet::new();
    words_of_markdown(&root.join("content"), &mut list);
    words_of_markdown(&root.join("tests/fixtures/seeds"), &mut list);
    words_of_markdown(&root.join("docs"), &mut list);
    for c in ('\u{a0}'..='\u{2fff}')
        .chain('\u{ac00}'..='\u{ac40}')
        .chain('\u{fb00}'..='\u{fb4f}')
    {
        if c.is_alphanumeric() {
            list.insert(c.to_string());
            list.insert(format!("kal{c}ar"));
        }
    }
    let list: Vec<String> = list.into_iter().collect();
    let node = stem_in_node("fold", &list);
    let build = |w: &str| fold(w).unwrap_or_else(|| w.to_string());
    let differ: Vec<String> = list
        .iter()
        .zip(&node)
        .filter(|(w, js)| build(w) != js.as_str())
        .take(25)
        .map(|(w, js)| {
            format!(
                "{w} ({:?}): build {:?}, page {js:?}",
                w.chars().map(|c| c as u32).collect::<Vec<_>>(),
                build(w)
            )
        })
        .collect();
    assert!(
        differ.is_empty(),
        "{} words fold differently:\n{}",
        differ.len(),
        differ.join("\n")
    );
    for (word, folded) in [
        ("växjö", "vaxjo"),
        ("göteborg", "goteborg"),
        ("försörjning", "forsorjning"),
    ] {
        assert_eq!(build(word), folded);
    }
    // Folding keeps the number of characters, so the page can tell which letters of a word a
    // folded query stands for.
    assert!(list.iter().all(|w| build(w).chars().count() == w.chars().count()));
    let folded = list.iter().filter(|w| fold(w).is_some()).count();
    assert!(folded > 1000, "{folded} of {} words folded", list.len());
}
