//! WordPress's dates (`2016-12-08 16:05:00` in the blog's time, and in UTC beside it) as TOML
//! date-times with the blog's offset.

use super::wxr;
use chrono::{DateTime, FixedOffset, NaiveDateTime, TimeZone};

/// A date as TOML writes it, the instant it stands for, and a note when it was not the item's own.
pub type Dated = (toml::value::Datetime, DateTime<FixedOffset>, Option<String>);

/// A WordPress time (`local`, the blog's) with the blog's offset, `local` minus `gmt`, so
/// "2016-12-08 14:30:00" in Stockholm is written 2016-12-08T14:30:00+01:00. Without a usable
/// `gmt` (drafts have `0000-00-00 00:00:00`) the time is written without an offset, and the
/// instant read as UTC; the flag says whether an offset was found.
pub fn local_time(local: &str, gmt: &str) -> Option<(toml::value::Datetime, DateTime<FixedOffset>, bool)> {
    let parse = |s: &str| NaiveDateTime::parse_from_str(s.trim(), "%Y-%m-%d %H:%M:%S").ok();
    let local = parse(local)?;
    let offset = parse(gmt)
        .map(|gmt| (local - gmt).num_minutes())
        .filter(|m| m.abs() <= 14 * 60)
        .and_then(|m| FixedOffset::east_opt((m * 60) as i32));
    let instant = offset
        .unwrap_or(FixedOffset::east_opt(0).expect("UTC"))
        .from_local_datetime(&local)
        .single()?;
    Some((toml_datetime(&instant, offset.is_some()), instant, offset.is_some()))
}

/// The post's date ([`local_time`] of wp:post_date and wp:post_date_gmt), else the item's
/// `pubDate`; `None` when it has neither.
pub fn post_date(item: &wxr::Item) -> Option<Dated> {
    let local = item.post_date.as_deref().unwrap_or("");
    if let Some((date, instant, has_offset)) = local_time(local, item.post_date_gmt.as_deref().unwrap_or("")) {
        let note = (!has_offset).then(|| {
            "time zone: no wp:post_date_gmt, so the time is written without an offset (read as UTC)".to_string()
        });
        return Some((date, instant, note));
    }
    let published = item
        .pub_date
        .as_deref()
        .and_then(|d| DateTime::parse_from_rfc2822(d.trim()).ok())
        .filter(|d| chrono::Datelike::year(d) > 1900)?;
    Some((
        toml_datetime(&published, true),
        published,
        Some("date: no wp:post_date; used the item's pubDate".to_string()),
    ))
}

/// The date a post without one is given: its neighbour's in the export, else now.
#[derive(Debug, Clone)]
pub struct Neighbour {
    pub date: toml::value::Datetime,
    pub instant: DateTime<FixedOffset>,
    pub title: String,
    /// Whether it is the post before (else the one after).
    pub before: bool,
}

/// For each of `items` (the export's posts, in order) without a date, the nearest post before
/// it that has one, else the nearest after it.
pub fn neighbours(items: &[&wxr::Item]) -> Vec<Option<Neighbour>> {
    let dated: Vec<Option<(toml::value::Datetime, DateTime<FixedOffset>)>> =
        items.iter().map(|i| post_date(i).map(|(d, at, _)| (d, at))).collect();
    let mut out: Vec<Option<Neighbour>> = vec![None; items.len()];
    let neighbour = |i: usize, before: bool| {
        dated[i].map(|(date, instant)| Neighbour {
            date,
            instant,
            title: items[i].title.trim().to_string(),
            before,
        })
    };
    let mut last = None;
    for i in 0..items.len() {
        match dated[i] {
            Some(_) => last = Some(i),
            None => out[i] = last.and_then(|l| neighbour(l, true)),
        }
    }
    let mut next = None;
    for i in (0..items.len()).rev() {
        match dated[i] {
            Some(_) => next = Some(i),
            None if out[i].is_none() => out[i] = next.and_then(|n| neighbour(n, false)),
            None => {}
        }
    }
    out
}

pub fn toml_datetime(d: &DateTime<FixedOffset>, with_offset: bool) -> toml::value::Datetime {
    use chrono::{Datelike, Timelike};
    toml::value::Datetime {
        date: Some(toml::value::Date {
            year: d.year() as u16,
            month: d.month() as u8,
            day: d.day() as u8,
        }),
        time: Some(toml::value::Time {
            hour: d.hour() as u8,
            minute: d.minute() as u8,
            second: d.second() as u8,
            nanosecond: 0,
        }),
        offset: with_offset.then(|| toml::value::Offset::Custom {
            minutes: (d.offset().local_minus_utc() / 60) as i16,
        }),
    }
}
