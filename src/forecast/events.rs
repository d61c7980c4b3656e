//! Events and holidays: promotions (618, Double 11), public holidays (Spring Festival, National
//! Day), closures and surges, read from JSON or CSV.
//!
//! An event is a span of local time with a volume multiplier or `closed`. Events do two jobs:
//! the history intervals they cover are kept out of the fit (an event day is not a normal day),
//! and forecast intervals they cover are multiplied (or closed). An event without a multiplier
//! learns it from earlier occurrences of the same name inside the history: the ratio of the
//! volume actually seen to the weighted same-weekday average of the weeks before
//! ("uplift" in retail forecasting; the ratio of sums keeps short occurrences from dominating).

use super::calendar::Prepared;
use super::weighted_average;
use crate::error::{Error, Result};
use crate::limits::MAX_EVENTS;
use crate::time::{format_timestamp, parse_timestamp};
use chrono::{Duration, NaiveDate, NaiveDateTime};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Weeks of normal history that form the baseline of a past occurrence.
const BASELINE_WEEKS: usize = 4;

/// One occurrence of an event.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Name; occurrences with the same name are one repeating event (uplift learned across them).
    pub name: String,
    /// First moment covered, local time: `"2024-11-11"` (midnight) or `"2024-11-11T09:00"`.
    #[serde(deserialize_with = "de_start", serialize_with = "ser_time")]
    pub start: NaiveDateTime,
    /// End, local time. A bare date is inclusive (`"2024-11-11"` covers that whole day); a time
    /// is exclusive (`"2024-11-12T00:00"` is the same span).
    #[serde(deserialize_with = "de_end", serialize_with = "ser_time")]
    pub end: NaiveDateTime,
    /// Volume multiplier during the event (2.0 doubles it). `null` learns it from earlier
    /// occurrences of the same name in the history (1.0 with a warning when there are none).
    #[serde(default)]
    pub multiplier: Option<f64>,
    /// The centre is closed during the event: volume 0 and the intervals flagged closed.
    #[serde(default)]
    pub closed: bool,
}

fn ser_time<S: Serializer>(t: &NaiveDateTime, s: S) -> std::result::Result<S::Ok, S::Error> {
    s.collect_str(&format_timestamp(*t))
}

fn parse_time(s: &str, end: bool) -> Option<NaiveDateTime> {
    let s = s.trim();
    if let Ok(d) = NaiveDate::parse_from_str(s, "%Y-%m-%d") {
        let t = d.and_hms_opt(0, 0, 0)?;
        return Some(if end { t + Duration::days(1) } else { t });
    }
    parse_timestamp(s)
}

fn de_time<'de, D: Deserializer<'de>>(
    d: D,
    end: bool,
) -> std::result::Result<NaiveDateTime, D::Error> {
    let s = String::deserialize(d)?;
    parse_time(&s, end).ok_or_else(|| {
        serde::de::Error::custom(format!(
            "expected a local date \"YYYY-MM-DD\" or time \"YYYY-MM-DDTHH:MM\", found \"{s}\""
        ))
    })
}

fn de_start<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<NaiveDateTime, D::Error> {
    de_time(d, false)
}

fn de_end<'de, D: Deserializer<'de>>(d: D) -> std::result::Result<NaiveDateTime, D::Error> {
    de_time(d, true)
}

impl Event {
    /// Check the span and multiplier; `path` names the event (`events[3]`).
    pub fn validate(&self, path: &str) -> Result<()> {
        if self.end <= self.start {
            return Err(Error::Inconsistent {
                path: format!("{path}.end"),
                other: format!("{path}.start"),
                message: "an event must end after it starts".into(),
            });
        }
        if let Some(m) = self.multiplier {
            crate::error::non_negative(&format!("{path}.multiplier"), m)?;
        }
        Ok(())
    }

    fn covers(&self, t: NaiveDateTime) -> bool {
        self.start <= t && t < self.end
    }
}

/// Read an events calendar: a JSON array of [`Event`], or a CSV with header
/// `name,start,end[,multiplier][,closed]` where `multiplier` may also say `closed` or be empty
/// (learn it).
pub fn parse_events(text: &str) -> Result<Vec<Event>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let events: Vec<Event> = if text.trim_start().starts_with('[') {
        let de = &mut serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(de).map_err(|e| {
            let inner = e.inner();
            Error::Json {
                source: "events".into(),
                path: e.path().to_string(),
                line: inner.line(),
                column: inner.column(),
                message: inner.to_string(),
            }
        })?
    } else {
        parse_csv(text)?
    };
    if events.len() > MAX_EVENTS {
        return Err(Error::TooLarge {
            path: "events".into(),
            limit: MAX_EVENTS,
            found: events.len(),
        });
    }
    for (i, e) in events.iter().enumerate() {
        e.validate(&format!("events[{i}]"))?;
    }
    Ok(events)
}

fn parse_csv(text: &str) -> Result<Vec<Event>> {
    let csv_err = |line: usize, column: &str, expected: &str, found: &str| Error::Csv {
        source: "events".into(),
        line,
        column: column.into(),
        expected: expected.into(),
        found: format!("\"{found}\""),
    };
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((_, header)) = lines.next() else {
        return Ok(Vec::new());
    };
    let sep = if header.contains(';') { ';' } else { ',' };
    let names: Vec<String> = header
        .split(sep)
        .map(|c| c.trim().trim_matches('"').to_ascii_lowercase())
        .collect();
    let col = |n: &str| names.iter().position(|c| c == n);
    let (Some(ni), Some(si), Some(ei)) = (col("name"), col("start"), col("end")) else {
        return Err(csv_err(
            1,
            "name",
            "a header name,start,end[,multiplier][,closed]",
            header,
        ));
    };
    let (mi, ci) = (col("multiplier"), col("closed"));
    let mut out = Vec::new();
    for (line, raw) in lines {
        let cells: Vec<&str> = raw.split(sep).map(|c| c.trim().trim_matches('"')).collect();
        let cell = |i: usize| cells.get(i).copied().unwrap_or("");
        let start = parse_time(cell(si), false).ok_or_else(|| {
            csv_err(
                line,
                "start",
                "a date YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                cell(si),
            )
        })?;
        let end = parse_time(cell(ei), true).ok_or_else(|| {
            csv_err(
                line,
                "end",
                "a date YYYY-MM-DD or YYYY-MM-DDTHH:MM",
                cell(ei),
            )
        })?;
        let mut closed = match ci.map(cell).map(|c| c.to_ascii_lowercase()) {
            None => false,
            Some(c) => match c.as_str() {
                "" | "false" | "0" | "no" => false,
                "true" | "1" | "yes" | "closed" => true,
                _ => return Err(csv_err(line, "closed", "true or false", &c)),
            },
        };
        let multiplier = match mi.map(cell) {
            None | Some("") => None,
            Some(m) if m.eq_ignore_ascii_case("closed") => {
                closed = true;
                None
            }
            Some(m) => Some(
                m.parse::<f64>()
                    .ok()
                    .filter(|x| x.is_finite() && *x >= 0.0)
                    .ok_or_else(|| {
                        csv_err(line, "multiplier", "a number >= 0, \"closed\" or empty", m)
                    })?,
            ),
        };
        out.push(Event {
            name: cell(ni).to_string(),
            start,
            end,
            multiplier,
            closed,
        });
    }
    Ok(out)
}

/// Which of `len` intervals from `start` (every `minutes`) some event covers (an interval is
/// covered when its start lies inside the event).
pub(crate) fn mask(events: &[Event], start: NaiveDateTime, minutes: u32, len: usize) -> Vec<bool> {
    let mut m = vec![false; len];
    let step = i64::from(minutes.max(1));
    // First interval whose start is at or after `t`.
    let index = |t: NaiveDateTime| -> usize {
        let mins = (t - start).num_minutes();
        if mins <= 0 {
            0
        } else {
            usize::try_from((mins + step - 1) / step)
                .unwrap_or(usize::MAX)
                .min(len)
        }
    };
    for e in events {
        let (a, b) = (index(e.start), index(e.end));
        for slot in m.iter_mut().take(b).skip(a) {
            *slot = true;
        }
    }
    m
}

/// The effect of an event on a forecast interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Effect {
    Scale(f64),
    Closed,
}

/// Resolve the effect of each event overlapping `[from, to)`: given multiplier, closed, or
/// learned from past occurrences (`None` when it could not be learned, or the event lies
/// outside the window: applied as 1.0; the caller warns about the former).
pub(crate) fn effects(
    events: &[Event],
    p: &Prepared,
    minutes: u32,
    from: NaiveDateTime,
    to: NaiveDateTime,
) -> Vec<Option<Effect>> {
    events
        .iter()
        .map(|e| {
            if e.end <= from || e.start >= to {
                return None;
            }
            if e.closed {
                return Some(Effect::Closed);
            }
            if let Some(m) = e.multiplier {
                return Some(Effect::Scale(m));
            }
            learn(e, events, p, minutes).map(Effect::Scale)
        })
        .collect()
}

/// Uplift of a repeating event from its occurrences before `e` that the history covers.
fn learn(e: &Event, events: &[Event], p: &Prepared, minutes: u32) -> Option<f64> {
    let per = p.per_day;
    let day0 = p.first_date.and_hms_opt(0, 0, 0)?;
    let (mut seen, mut base) = (0.0, 0.0);
    for past in events
        .iter()
        .filter(|o| o.name == e.name && o.end <= e.start)
    {
        let from = (past.start - day0).num_minutes();
        let to = (past.end - day0).num_minutes();
        if from < 0 {
            continue;
        }
        let (first, last) = (
            from as usize / minutes as usize,
            (to as usize).div_ceil(minutes as usize),
        );
        let (d0, d1) = (first / per, last.div_ceil(per));
        if d1 > p.full_days || d0 >= d1 {
            continue;
        }
        let mut b = vec![0.0; (d1 - d0) * per];
        weighted_average::predict(p, d0, d1 - d0, BASELINE_WEEKS, false, &mut b);
        for pos in first..last {
            if p.known.get(pos).copied().unwrap_or(false) {
                seen += p.y[pos];
                base += b.get(pos - d0 * per).copied().unwrap_or(0.0);
            }
        }
    }
    (base > 0.0).then(|| seen / base)
}

/// The combined effect of all events covering `t` (closed wins; multipliers multiply).
pub(crate) fn effect_at(events: &[Event], effects: &[Option<Effect>], t: NaiveDateTime) -> Effect {
    let mut m = 1.0;
    for (e, f) in events.iter().zip(effects) {
        if e.covers(t) {
            match f {
                Some(Effect::Closed) => return Effect::Closed,
                Some(Effect::Scale(x)) => m *= x,
                None => {}
            }
        }
    }
    Effect::Scale(m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_json_and_csv_alike() {
        let j = parse_events(
            r#"[{"name":"Double 11","start":"2024-11-11","end":"2024-11-11","multiplier":2.5},
                {"name":"National Day","start":"2024-10-01","end":"2024-10-07T12:00","closed":true}]"#,
        )
        .unwrap();
        let c = parse_events(
            "name,start,end,multiplier\nDouble 11,2024-11-11,2024-11-11,2.5\nNational Day,2024-10-01,2024-10-07T12:00,closed\n",
        )
        .unwrap();
        assert_eq!(j, c);
        assert_eq!(format_timestamp(j[0].end), "2024-11-12T00:00");
        assert!(j[1].closed && j[1].multiplier.is_none());
    }

    #[test]
    fn errors_name_the_place() {
        let e =
            parse_events("name,start,end,multiplier\nx,2024-11-11,2024-11-12,lots\n").unwrap_err();
        assert_eq!(e.path(), "events:2:multiplier");
        let e =
            parse_events(r#"[{"name":"x","start":"2024-11-11","end":"2024-11-11","uplift":2}]"#)
                .unwrap_err();
        assert_eq!(e.kind(), "json");
        let e =
            parse_events(r#"[{"name":"x","start":"2024-11-12","end":"2024-11-10"}]"#).unwrap_err();
        assert_eq!(e.path(), "events[0].end");
    }
}
