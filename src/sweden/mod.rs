//! Sweden's 290 municipalities (kommuner) and 21 counties (län), with a map outline of each
//! municipality, built into the program.
//!
//! Why embedded: a blog of visit reports needs to know which names are real municipalities, in
//! which county each lies, where it is, and how to draw it, on every build and offline; the
//! source GeoJSON (818 KB, `data/sweden-municipalities.geojson` in the repository) is not
//! compiled in. So
//! `scripts/sweden_data.py` turned it once into the three small tab-separated files beside this
//! module (about 70 KB in all; see the script for the projection and path encoding), which are
//! compiled in with `include_str!` and parsed on first use.
//!
//! The outlines are Valmyndigheten's municipality borders via okfse/sweden-geojson; show
//! [`CREDIT`] wherever the map is shown.

mod key;

pub(crate) use key::nfc;
pub use key::{same_municipality, MunicipalityKey};

use std::collections::HashMap;
use std::fmt;
use std::sync::OnceLock;

use icu_normalizer::DecomposingNormalizerBorrowed;

/// The credit line the data's source asks for, to show with the map (caption or about text).
pub const CREDIT: &str = "Kommungränser: Valmyndigheten via okfse/sweden-geojson";

const MUNICIPALITIES_TSV: &str = include_str!("municipalities.tsv");
const COUNTIES_TSV: &str = include_str!("counties.tsv");
const MAP_TSV: &str = include_str!("map.tsv");

/// One of Sweden's municipalities.
#[derive(Debug, PartialEq)]
pub struct Municipality {
    /// The name as written in Swedish, NFC ("Malung-Sälen", "Upplands Väsby").
    pub name: &'static str,
    /// The four-digit municipality code (kommunkod), "0685" for Vetlanda; its first two digits
    /// are the county's code. A string, not a number: the leading zero is part of it.
    pub code: &'static str,
    /// The two-digit code of the county it lies in; [`county()`] gives the county.
    pub county: &'static str,
    /// Latitude (WGS84) of a point inside the municipality, to 3 decimals (about 100 m): where
    /// to put a pin. Not the centroid, which can lie outside a crescent-shaped municipality.
    pub lat: f32,
    /// Longitude (WGS84) of the same point.
    pub lon: f32,
    /// The outline as SVG path data in the coordinates of [`view_box`]: "m" to each ring's
    /// start, "l" with integer deltas, "z". Holes are rings of their own, so draw it with
    /// `fill-rule="evenodd"`.
    pub path: &'static str,
}

/// One of Sweden's counties (län).
#[derive(Debug, PartialEq, Eq)]
pub struct County {
    /// The two-digit county code (länskod), "06".
    pub code: &'static str,
    /// The name, "Jönköpings län".
    pub name: &'static str,
}

impl County {
    /// Whether `written` names this county as writers do: "Jönköpings län", "jönköpings län",
    /// "Jönköpings" and "Jönköping" all name Jönköpings län (case, spaces and punctuation
    /// aside, with or without "län").
    pub fn is_named(&self, written: &str) -> bool {
        let key = |s: &str| MunicipalityKey::of(s).as_str().to_string();
        let (w, c) = (key(written), key(self.name));
        w == c || format!("{w}län") == c || format!("{w}slän") == c
    }
}

/// The area the map's paths are drawn in: from (0, 0) to (`width`, `height`), north up. The
/// height is 1000; the width (about 430) follows from Sweden's shape in SWEREF 99 TM.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewBox {
    pub width: u32,
    pub height: u32,
}

impl fmt::Display for ViewBox {
    /// As an SVG `viewBox` attribute's value: "0 0 431 1000".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "0 0 {} {}", self.width, self.height)
    }
}

/// What a name written by a person is, as a municipality: see [`lookup`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Lookup {
    /// The name is a municipality's, exactly (after NFC).
    Exact(&'static Municipality),
    /// Not a name, but one municipality's when case, punctuation and spaces are ignored, or
    /// failing that also diacritics: "did you mean …?".
    Suggest(&'static Municipality),
    /// No municipality's name, even so (or two equally near: see [`lookup`]).
    Unknown,
}

/// All 290 municipalities, sorted by code (so by county, too).
pub fn municipalities() -> &'static [Municipality] {
    &data().municipalities
}

/// The 21 counties in official order, which is by code ("01" Stockholms län first).
pub fn counties() -> &'static [County] {
    &data().counties
}

/// The municipality with exactly this name. The name is NFC-normalised first, so an "ö" typed
/// as "o" and a combining diaeresis finds Växjö too; otherwise nothing is forgiven (see
/// [`lookup`] for that).
pub fn by_name(name: &str) -> Option<&'static Municipality> {
    let d = data();
    let name = nfc(name);
    d.by_name.get(&*name).map(|&i| &d.municipalities[i])
}

/// The municipality with this four-digit code ("0685").
pub fn by_code(code: &str) -> Option<&'static Municipality> {
    let m = municipalities();
    m.binary_search_by(|x| x.code.cmp(code)).ok().map(|i| &m[i])
}

/// The county with this two-digit code ("06").
pub fn county(code: &str) -> Option<&'static County> {
    let c = counties();
    c.binary_search_by(|x| x.code.cmp(code)).ok().map(|i| &c[i])
}

/// The map's drawing area, for the `viewBox` of an SVG holding the [`Municipality::path`]s.
pub fn view_box() -> ViewBox {
    data().view_box
}

/// The smallest box holding a path's points, in the coordinates of [`view_box`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bounds {
    pub min_x: i32,
    pub min_y: i32,
    pub max_x: i32,
    pub max_y: i32,
}

impl Bounds {
    /// The box holding both.
    pub fn union(self, other: Bounds) -> Bounds {
        Bounds {
            min_x: self.min_x.min(other.min_x),
            min_y: self.min_y.min(other.min_y),
            max_x: self.max_x.max(other.max_x),
            max_y: self.max_y.max(other.max_y),
        }
    }
}

/// The bounds of a [`Municipality::path`], to draw part of the map (a county) at a size of its
/// own. The paths hold only "m" and "l" with integer deltas and "z", each ring starting with
/// "m" relative to the start of the ring before (where "z" returns to), which is all this
/// reads; the tests check every path is so.
pub fn bounds(path: &str) -> Bounds {
    let mut b = Bounds {
        min_x: i32::MAX,
        min_y: i32::MAX,
        max_x: i32::MIN,
        max_y: i32::MIN,
    };
    let (mut ring_x, mut ring_y) = (0i32, 0i32);
    let (mut x, mut y) = (0i32, 0i32);
    let mut numbers: Vec<i32> = Vec::with_capacity(2);
    let mut command = b'm';
    let bytes = path.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            c @ (b'm' | b'l' | b'z') => {
                command = c;
                if c == b'z' {
                    (x, y) = (ring_x, ring_y);
                }
                i += 1;
            }
            b' ' => i += 1,
            _ => {
                let start = i;
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                numbers.push(path[start..i].parse().unwrap_or(0));
                if let [dx, dy] = numbers[..] {
                    numbers.clear();
                    (x, y) = (x + dx, y + dy);
                    if command == b'm' {
                        (ring_x, ring_y) = (x, y);
                        // Numbers after a move's first pair are lines.
                        command = b'l';
                    }
                    b = b.union(Bounds {
                        min_x: x,
                        min_y: y,
                        max_x: x,
                        max_y: y,
                    });
                }
            }
        }
    }
    b
}

/// Which municipality a name written by a person means, forgiving what people drop when they
/// type quickly or on a keyboard without å, ä and ö.
///
/// In order, the first that finds one municipality wins:
/// 1. the exact name, after NFC: [`Lookup::Exact`];
/// 2. the name's letters and digits, lowercased (the site's own rule for when two spellings
///    are one municipality, [`MunicipalityKey`]): "malung-sälen" and
///    "MALUNG SÄLEN" suggest Malung-Sälen;
/// 3. the same with diacritics also dropped (å, ä, ö, é, ø… become a, a, o, e, o): "are"
///    suggests Åre, "Vaxjo" Växjö, "upplands vasby" Upplands Väsby.
///
/// Step 2 comes before step 3 because in Swedish å, ä and ö are letters of their own, not
/// accented a and o: Håbo and Habo are two municipalities, so "habo" must suggest Habo, not
/// whichever of the two step 3 meets first. When step 3 still finds two (only Håbo and Habo
/// share a key: "Hàbo", say), there is no suggestion but [`Lookup::Unknown`]: a guess between
/// two real municipalities would file a visit in the wrong place without anyone noticing,
/// while "unknown" makes the writer spell it out.
pub fn lookup(name: &str) -> Lookup {
    if let Some(m) = by_name(name) {
        return Lookup::Exact(m);
    }
    let d = data();
    let key = case_key(name);
    if let Some(&i) = d.by_case_key.get(&key) {
        return Lookup::Suggest(&d.municipalities[i]);
    }
    match d.by_plain_key.get(&plain_key(&key)).map(Vec::as_slice) {
        Some(&[i]) => Lookup::Suggest(&d.municipalities[i]),
        _ => Lookup::Unknown,
    }
}

/// A name folded for case, punctuation and spaces, keeping å, ä and ö.
fn case_key(name: &str) -> String {
    MunicipalityKey::of(name).as_str().to_string()
}

/// A [`case_key`] also folded for diacritics: decomposed, the combining marks dropped, and the
/// few letters with a stroke or ligature that do not decompose spelled plainly.
fn plain_key(case_key: &str) -> String {
    let decomposed = DecomposingNormalizerBorrowed::new_nfd().normalize(case_key);
    let mut key = String::with_capacity(decomposed.len());
    for c in decomposed.chars() {
        match c {
            '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' => {}
            '\u{fe20}'..='\u{fe2f}' => {}
            'ø' => key.push('o'),
            'æ' => key.push_str("ae"),
            'œ' => key.push_str("oe"),
            'ß' => key.push_str("ss"),
            'ł' => key.push('l'),
            'đ' | 'ð' => key.push('d'),
            'ı' => key.push('i'),
            c => key.push(c),
        }
    }
    key
}

/// The parsed tables and the lookup indexes, made once.
struct Data {
    municipalities: Vec<Municipality>,
    counties: Vec<County>,
    view_box: ViewBox,
    by_name: HashMap<&'static str, usize>,
    by_case_key: HashMap<String, usize>,
    by_plain_key: HashMap<String, Vec<usize>>,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(parse)
}

/// The lines of an embedded table, split at tabs, without the `#` comments. The files are
/// generated and checked by the tests, so a malformed one is a bug in the build, and panics.
fn rows(tsv: &'static str) -> impl Iterator<Item = Vec<&'static str>> {
    tsv.lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .map(|l| l.split('\t').collect())
}

fn parse() -> Data {
    let mut map = rows(MAP_TSV);
    let view_box = match map.next().as_deref() {
        Some(["viewBox", v]) => match v.split(' ').map(|n| n.parse::<u32>()).collect::<Vec<_>>()[..] {
            [Ok(0), Ok(0), Ok(width), Ok(height)] => ViewBox { width, height },
            _ => panic!("map.tsv: bad viewBox {v:?}"),
        },
        other => panic!("map.tsv: expected the viewBox first, found {other:?}"),
    };
    let mut paths: HashMap<&str, &str> = map
        .map(|r| match r[..] {
            [code, path] => (code, path),
            _ => panic!("map.tsv: bad row {r:?}"),
        })
        .collect();

    let mut municipalities: Vec<Municipality> = rows(MUNICIPALITIES_TSV)
        .map(|r| match r[..] {
            [code, name, county, lat, lon] => Municipality {
                name,
                code,
                county,
                lat: lat
                    .parse()
                    .unwrap_or_else(|_| panic!("municipalities.tsv: bad lat in {r:?}")),
                lon: lon
                    .parse()
                    .unwrap_or_else(|_| panic!("municipalities.tsv: bad lon in {r:?}")),
                path: paths
                    .remove(code)
                    .unwrap_or_else(|| panic!("map.tsv: no path for {code}")),
            },
            _ => panic!("municipalities.tsv: bad row {r:?}"),
        })
        .collect();
    assert!(paths.is_empty(), "map.tsv: paths of unknown codes {:?}", paths.keys());
    municipalities.sort_by_key(|m| m.code);

    let mut counties: Vec<County> = rows(COUNTIES_TSV)
        .map(|r| match r[..] {
            [code, name] => County { code, name },
            _ => panic!("counties.tsv: bad row {r:?}"),
        })
        .collect();
    counties.sort_by_key(|c| c.code);

    let mut by_name = HashMap::with_capacity(municipalities.len());
    let mut by_case_key = HashMap::with_capacity(municipalities.len());
    let mut by_plain_key: HashMap<String, Vec<usize>> = HashMap::with_capacity(municipalities.len());
    for (i, m) in municipalities.iter().enumerate() {
        by_name.insert(m.name, i);
        let key = case_key(m.name);
        by_plain_key.entry(plain_key(&key)).or_default().push(i);
        by_case_key.insert(key, i);
    }
    Data {
        municipalities,
        counties,
        view_box,
        by_name,
        by_case_key,
        by_plain_key,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn named(name: &str) -> &'static Municipality {
        by_name(name).unwrap_or_else(|| panic!("no municipality named {name}"))
    }

    #[test]
    fn all_290_municipalities_with_unique_codes_names_and_keys() {
        let all = municipalities();
        assert_eq!(all.len(), 290);
        let codes: HashSet<_> = all.iter().map(|m| m.code).collect();
        let names: HashSet<_> = all.iter().map(|m| m.name).collect();
        assert_eq!((codes.len(), names.len()), (290, 290));
        // Step 2 of `lookup` relies on no two names sharing a case key.
        assert_eq!(all.iter().map(|m| case_key(m.name)).collect::<HashSet<_>>().len(), 290);
        assert!(all.windows(2).all(|w| w[0].code < w[1].code), "sorted by code");
        for m in all {
            assert!(m.code.len() == 4 && m.code.bytes().all(|b| b.is_ascii_digit()), "{m:?}");
            assert_eq!(by_name(m.name), Some(m), "names are NFC and found by name");
            assert_eq!(by_code(m.code), Some(m));
            assert_eq!(lookup(m.name), Lookup::Exact(m));
            // Inside Sweden's bounding box.
            assert!((55.3..69.1).contains(&m.lat) && (10.9..24.2).contains(&m.lon), "{m:?}");
        }
    }

    #[test]
    fn every_code_starts_with_its_county_code_and_every_county_has_municipalities() {
        for m in municipalities() {
            assert_eq!(&m.code[..2], m.county, "{m:?}");
            assert!(county(m.county).is_some(), "{m:?}");
        }
        let codes: Vec<_> = counties().iter().map(|c| c.code).collect();
        assert_eq!(
            codes,
            [
                "01", "03", "04", "05", "06", "07", "08", "09", "10", "12", "13", "14", "17", "18", "19", "20", "21",
                "22", "23", "24", "25"
            ]
        );
        for c in counties() {
            assert!(c.name.ends_with(" län"), "{c:?}");
            assert!(municipalities().iter().any(|m| m.county == c.code), "{c:?} is empty");
        }
        assert_eq!(county("06").map(|c| c.name), Some("Jönköpings län"));
        assert_eq!(county("25").map(|c| c.name), Some("Norrbottens län"));
        assert_eq!(county("02"), None);
    }

    #[test]
    fn known_municipalities() {
        for (name, code, county) in [
            ("Vetlanda", "0685", "06"),
            ("Kalmar", "0880", "08"),
            ("Åre", "2321", "23"),
            ("Håbo", "0305", "03"),
            ("Habo", "0643", "06"),
            ("Malung-Sälen", "2023", "20"),
            ("Upplands Väsby", "0114", "01"),
            ("Växjö", "0780", "07"),
        ] {
            let m = named(name);
            assert_eq!((m.code, m.county), (code, county), "{name}");
        }
        let vetlanda = named("Vetlanda");
        assert!((57.0..57.8).contains(&vetlanda.lat) && (14.7..15.6).contains(&vetlanda.lon));
        assert_eq!(by_code("0880").map(|m| m.name), Some("Kalmar"));
        assert_eq!(by_code("880"), None);
        assert_eq!(by_name("Va\u{308}xjo\u{308}"), Some(named("Växjö")), "NFC");
        assert_eq!(by_name("växjö"), None, "exact");
    }

    #[test]
    fn lookup_suggests_through_case_punctuation_and_diacritics_but_keeps_habo_and_habo_apart() {
        let exact = |n: &str| Lookup::Exact(named(n));
        let suggest = |n: &str| Lookup::Suggest(named(n));
        assert_eq!(lookup("Habo"), exact("Habo"));
        assert_eq!(lookup("Håbo"), exact("Håbo"));
        assert_eq!(lookup("Ha\u{30a}bo"), exact("Håbo"));
        assert_eq!(lookup("habo"), suggest("Habo"));
        assert_eq!(lookup("HÅBO"), suggest("Håbo"));
        assert_eq!(lookup(" håbo "), suggest("Håbo"));
        assert_eq!(lookup("Hàbo"), Lookup::Unknown, "as near Habo as Håbo: no guess");
        assert_eq!(lookup("are"), suggest("Åre"));
        assert_eq!(lookup("Vaxjo"), suggest("Växjö"));
        assert_eq!(lookup("VAXJÖ"), suggest("Växjö"));
        assert_eq!(lookup("malung salen"), suggest("Malung-Sälen"));
        assert_eq!(lookup("Malung–Sälen"), suggest("Malung-Sälen"));
        assert_eq!(lookup("upplands vasby"), suggest("Upplands Väsby"));
        assert_eq!(lookup("Ørebro"), suggest("Örebro"));
        assert_eq!(lookup("Atlantis"), Lookup::Unknown);
        assert_eq!(lookup("Växjö län"), Lookup::Unknown);
        assert_eq!(lookup(""), Lookup::Unknown);
        assert_eq!(lookup(" - "), Lookup::Unknown);
    }

    /// The absolute points of an SVG path of only "m", "l" (integer deltas) and "z", checking
    /// its shape: each ring is "m x y", then "l" with at least two more points, then "z".
    fn path_points(path: &str) -> Result<Vec<(i64, i64)>, String> {
        let mut tokens = Vec::new();
        let mut rest = path;
        while let Some(c) = rest.chars().next() {
            if "mlz".contains(c) {
                tokens.push(Err(c));
                rest = &rest[1..];
            } else if c == ' ' {
                rest = &rest[1..];
            } else {
                let len = rest[1..]
                    .find(|c: char| !c.is_ascii_digit())
                    .map_or(rest.len(), |i| i + 1);
                let n = rest[..len]
                    .parse::<i64>()
                    .map_err(|_| format!("bad number at {rest:?}"))?;
                tokens.push(Ok(n));
                rest = &rest[len..];
            }
        }
        fn numbers(t: &mut std::iter::Peekable<impl Iterator<Item = Result<i64, char>>>) -> Vec<i64> {
            let mut ns = Vec::new();
            while let Some(Ok(n)) = t.next_if(Result::is_ok) {
                ns.push(n);
            }
            ns
        }
        let mut points = Vec::new();
        let (mut x, mut y) = (0, 0);
        let mut t = tokens.into_iter().peekable();
        while let Some(cmd) = t.next() {
            if cmd != Err('m') {
                return Err(format!("expected m, found {cmd:?}"));
            }
            let [dx, dy] = numbers(&mut t)[..] else {
                return Err("m takes one point".into());
            };
            let (x0, y0) = (x + dx, y + dy);
            points.push((x0, y0));
            if t.next() != Some(Err('l')) {
                return Err("expected l after m".into());
            }
            let deltas = numbers(&mut t);
            if deltas.len() < 4 || deltas.len() % 2 != 0 {
                return Err(format!("l takes two or more points, found {} numbers", deltas.len()));
            }
            let (mut px, mut py) = (x0, y0);
            for d in deltas.chunks(2) {
                if d == [0, 0] {
                    return Err("a repeated point".into());
                }
                (px, py) = (px + d[0], py + d[1]);
                points.push((px, py));
            }
            if t.next() != Some(Err('z')) {
                return Err("expected z after l".into());
            }
            // After "z" the current point is the ring's start.
            (x, y) = (x0, y0);
        }
        if points.is_empty() {
            return Err("empty path".into());
        }
        Ok(points)
    }

    #[test]
    fn the_path_check_rejects_what_the_paths_must_not_hold() {
        assert_eq!(path_points("m1 2l3-4-5 6z"), Ok(vec![(1, 2), (4, -2), (-1, 4)]));
        assert_eq!(
            path_points("m1 2l1 0 0 1zm3 3l1 0 0 1z").unwrap()[3],
            (4, 5),
            "m after z is relative to the ring's start"
        );
        for bad in [
            "",
            "M1 2L3 4 5 6z",
            "m1 2l3 4z",
            "m1 2l3 4 5 6",
            "m1 2l3.5 4 5 6z",
            "m1 2l0 0 5 6z",
            "m1 2c3 4 5 6z",
        ] {
            assert!(path_points(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn every_path_is_relative_moves_and_lines_inside_the_view_box() {
        let vb = view_box();
        assert_eq!(vb.height, 1000);
        assert!(
            (300..600).contains(&vb.width),
            "Sweden is about 0.43 times as wide as tall: {vb}"
        );
        assert_eq!(vb.to_string(), format!("0 0 {} 1000", vb.width));
        let (mut min_x, mut min_y, mut max_x, mut max_y) = (i64::MAX, i64::MAX, i64::MIN, i64::MIN);
        for m in municipalities() {
            let points = path_points(m.path).unwrap_or_else(|e| panic!("{}: {e}", m.name));
            for &(x, y) in &points {
                assert!(
                    (0..=vb.width as i64).contains(&x) && (0..=1000).contains(&y),
                    "{}: {x} {y}",
                    m.name
                );
                (min_x, min_y, max_x, max_y) = (min_x.min(x), min_y.min(y), max_x.max(x), max_y.max(y));
            }
        }
        // The country fills the box, up to the script's small margin.
        assert!(min_x <= 10 && min_y <= 10 && max_x >= vb.width as i64 - 10 && max_y >= 990);
        let total: usize = municipalities().iter().map(|m| m.path.len()).sum();
        assert!(total < 150_000, "{total} bytes of paths");
    }

    #[test]
    fn bounds_hold_every_point_of_a_path() {
        assert_eq!(
            bounds("m10 20l5-5 -10 0zm1 1l1 0 0 1z"),
            Bounds {
                min_x: 5,
                min_y: 15,
                max_x: 15,
                max_y: 22
            }
        );
        for m in municipalities() {
            let points = path_points(m.path).unwrap();
            let b = bounds(m.path);
            let x = |f: fn(i64, i64) -> i64| points.iter().map(|p| p.0).reduce(f).unwrap();
            let y = |f: fn(i64, i64) -> i64| points.iter().map(|p| p.1).reduce(f).unwrap();
            assert_eq!(
                (b.min_x as i64, b.min_y as i64, b.max_x as i64, b.max_y as i64),
                (x(i64::min), y(i64::min), x(i64::max), y(i64::max)),
                "{}",
                m.name
            );
        }
    }

    #[test]
    fn north_is_up_and_east_is_right_on_the_map() {
        // The first point of each path, as a rough position.
        let at = |name: &str| path_points(named(name).path).unwrap()[0];
        let (kiruna, trelleborg, stromstad, haparanda) =
            (at("Kiruna"), at("Trelleborg"), at("Strömstad"), at("Haparanda"));
        assert!(kiruna.1 < 150 && trelleborg.1 > 900, "{kiruna:?} {trelleborg:?}");
        assert!(stromstad.0 < 100 && haparanda.0 > 330, "{stromstad:?} {haparanda:?}");
    }

    #[test]
    fn the_credit_is_the_one_the_data_files_carry() {
        assert!(MUNICIPALITIES_TSV.contains(&format!("# {CREDIT}\n")));
        assert!(MAP_TSV.contains(&format!("# {CREDIT}\n")));
    }

    /// The embedded table against the source it was made from, `data/` in the repository: a
    /// table out of date with its source fails here. A missing source fails too, loudly, so
    /// the check is never skipped unnoticed.
    #[test]
    fn the_embedded_table_agrees_with_the_source_geojson() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("data/sweden-municipalities.geojson");
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "cannot read {} ({e}): this test checks the embedded table against it; \
                 it is part of the repository (data/README.md)",
                path.display()
            )
        });
        let json: serde_json::Value = serde_json::from_str(&text).expect("the GeoJSON parses");
        let features = json["features"].as_array().expect("features");
        assert_eq!(features.len(), municipalities().len());
        for f in features {
            let p = &f["properties"];
            let (code, name, county) = (
                p["id"].as_str().unwrap(),
                p["kom_namn"].as_str().unwrap(),
                p["lan_code"].as_str().unwrap(),
            );
            let m = by_code(code).unwrap_or_else(|| panic!("{code} {name} is not in the table"));
            let composed = nfc(name.trim());
            assert_eq!((m.name, m.county), (&*composed, county), "{code}");
            let (lat, lon) = (
                p["geo_point_2d"][0].as_f64().unwrap(),
                p["geo_point_2d"][1].as_f64().unwrap(),
            );
            assert!(
                (m.lat as f64 - lat).abs() < 6e-4 && (m.lon as f64 - lon).abs() < 6e-4,
                "{code}"
            );
        }
    }
}
