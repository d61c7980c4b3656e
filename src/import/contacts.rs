//! Per-contact records (one row per call or chat: arrival, queue, wait, outcome, handle time,
//! agent) aggregated to what planning needs: volume and AHT per interval, the observed service
//! level, ASA and abandonment per interval, and each queue's patience.
//!
//! **Patience.** A caller who abandons after waiting `w` shows their patience; a caller served
//! after waiting `w` shows only that their patience was longer than `w` (a censored
//! observation). With exponential patience of rate θ the likelihood of `d` abandonments among
//! waits `w₁…wₙ` is `θᵈ·exp(−θ·Σwᵢ)`, so the maximum-likelihood estimate is
//! **θ̂ = abandoned / total waiting time** (of everyone, served or not) and the mean patience
//! `Σwᵢ / d`. This is the standard estimator of call-centre practice and research: Brown,
//! Gans, Mandelbaum, Sakov, Shen, Zeltyn & Zhao (2005), "Statistical analysis of a telephone
//! call center: a queueing-science perspective", JASA 100(469), 36–50; Mandelbaum & Zeltyn
//! (2013), "Data-stories about (im)patient customers in tele-queues", Queueing Systems 75,
//! 115–146 (who also show that the ratio P(abandon) / E[wait] estimates θ robustly). The 95%
//! interval uses the asymptotic normality of `ln θ̂` (standard error `1/√d`).

use super::cells::Cell;
use super::observed::Observed;
use crate::error::{Error, Result};
use crate::history::History;
use crate::limits::MAX_HISTORY_INTERVALS;
use crate::time::{minute_of_day, Grid};
use chrono::{Duration, NaiveDateTime};
use serde::Serialize;
use std::collections::BTreeSet;

/// What happened to a contact.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Served by an agent.
    Answered,
    /// The customer hung up (or left the chat) while waiting.
    Abandoned,
    /// Neither (e.g. an IVR-only call): counted as offered, not as answered or abandoned.
    Other,
}

/// What an outcome cell may say.
pub const EXPECT_OUTCOME: &str =
    "an outcome such as 接通 / answered or 放弃 / abandoned (or 1 / 0)";

/// Read an outcome cell: Chinese and English words of ACD and chat exports, `1`/`0`, TRUE/FALSE.
pub fn outcome(cell: &Cell) -> Option<Outcome> {
    match cell {
        Cell::Bool(b) => {
            return Some(if *b {
                Outcome::Answered
            } else {
                Outcome::Abandoned
            })
        }
        Cell::Number(x) if *x == 1.0 => return Some(Outcome::Answered),
        Cell::Number(x) if *x == 0.0 => return Some(Outcome::Abandoned),
        _ => {}
    }
    let s = cell.display().to_lowercase();
    let s = s.trim();
    const ABANDONED: &[&str] = &[
        "放弃",
        "呼损",
        "未接",
        "挂断",
        "未应答",
        "排队放弃",
        "振铃放弃",
        "abandon",
        "lost",
        "missed",
        "hung up",
        "hangup",
        "no answer",
        "unanswered",
        "否",
        "no",
        "false",
        "0",
        "n",
    ];
    const ANSWERED: &[&str] = &[
        "接通",
        "已接",
        "接听",
        "应答",
        "人工接听",
        "成功",
        "已服务",
        "转接",
        "answered",
        "answer",
        "handled",
        "connected",
        "served",
        "accepted",
        "completed",
        "transferred",
        "是",
        "yes",
        "true",
        "1",
        "y",
    ];
    const OTHER: &[&str] = &[
        "ivr",
        "自助",
        "overflow",
        "溢出",
        "other",
        "其他",
        "留言",
        "voicemail",
        "callback",
        "回呼",
    ];
    // Abandonment words first: "未接通" contains "接通".
    if ABANDONED
        .iter()
        .any(|w| s == *w || (w.chars().count() > 1 && s.contains(w)))
    {
        Some(Outcome::Abandoned)
    } else if ANSWERED
        .iter()
        .any(|w| s == *w || (w.chars().count() > 1 && s.contains(w)))
    {
        Some(Outcome::Answered)
    } else if OTHER.iter().any(|w| s.contains(w)) {
        Some(Outcome::Other)
    } else {
        None
    }
}

/// The outcome of a record without an outcome column: a handle time means it was served, a
/// wait without one that it was abandoned.
pub fn infer_outcome(wait: Option<f64>, handle: Option<f64>) -> Outcome {
    match (wait, handle) {
        (_, Some(h)) if h > 0.0 => Outcome::Answered,
        (Some(_), _) => Outcome::Abandoned,
        _ => Outcome::Other,
    }
}

/// One contact record.
#[derive(Debug, Clone, PartialEq)]
pub struct Contact {
    /// 1-based row of the file.
    pub row: usize,
    /// Arrival (local time).
    pub arrival: NaiveDateTime,
    /// Time waited in the queue, seconds.
    pub wait_seconds: Option<f64>,
    /// What happened.
    pub outcome: Outcome,
    /// Handle (talk + wrap-up) time, seconds.
    pub handle_seconds: Option<f64>,
    /// The agent who served it.
    pub agent: Option<String>,
}

/// A queue's patience estimated from its contacts (see the module docs).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Patience {
    /// Mean patience in seconds (`total wait / abandoned`); `None` without abandonments.
    pub mean_seconds: Option<f64>,
    /// Lower end of the 95% interval.
    pub lo95_seconds: Option<f64>,
    /// Upper end of the 95% interval.
    pub hi95_seconds: Option<f64>,
    /// Abandoned contacts (uncensored patience observations).
    pub abandoned: usize,
    /// Contacts with a known wait, served or abandoned.
    pub contacts: usize,
    /// Total waiting time of those contacts, seconds.
    pub total_wait_seconds: f64,
    /// How it was estimated.
    pub method: &'static str,
}

/// What [`aggregate`] produces for one queue.
pub struct Aggregate {
    /// Volume (and AHT of answered contacts) per interval.
    pub history: History,
    /// Observed service per interval on the history's grid.
    pub observed: Observed,
    /// The queue's patience, when waits are known.
    pub patience: Option<Patience>,
}

/// The patience estimate of contacts with known waits (served or abandoned).
pub fn patience(contacts: &[Contact]) -> Option<Patience> {
    let known: Vec<&Contact> = contacts
        .iter()
        .filter(|c| c.outcome != Outcome::Other && c.wait_seconds.is_some())
        .collect();
    if known.is_empty() {
        return None;
    }
    let total: f64 = known.iter().filter_map(|c| c.wait_seconds).sum();
    let d = known
        .iter()
        .filter(|c| c.outcome == Outcome::Abandoned)
        .count();
    let mean = (d > 0 && total > 0.0).then(|| total / d as f64);
    let half = 1.96 / (d as f64).sqrt();
    Some(Patience {
        mean_seconds: mean,
        lo95_seconds: mean.map(|m| m * crate::math::exp(-half)),
        hi95_seconds: mean.map(|m| m * crate::math::exp(half)),
        abandoned: d,
        contacts: known.len(),
        total_wait_seconds: total,
        method: "maximum likelihood for exponential patience: abandoned / total waiting time (Brown et al. 2005; Mandelbaum & Zeltyn 2013)",
    })
}

/// Count one queue's contacts in intervals of `minutes` (aligned to midnight): offered,
/// answered, abandoned, answered within `answer_seconds`, mean handle time of the answered,
/// ASA (mean wait of the answered), agents seen serving, and the patience.
pub fn aggregate(
    contacts: &[Contact],
    minutes: u32,
    answer_seconds: Option<f64>,
) -> Result<Aggregate> {
    let floor = |t: NaiveDateTime| {
        let m = minute_of_day(t);
        let day = t.date().and_time(chrono::NaiveTime::MIN);
        day + Duration::minutes(i64::from(m / minutes * minutes))
    };
    let (Some(first), Some(last)) = (
        contacts.iter().map(|c| c.arrival).min(),
        contacts.iter().map(|c| c.arrival).max(),
    ) else {
        return Err(Error::Empty {
            path: "contacts".into(),
            expected: "contact rows".into(),
        });
    };
    let start = floor(first);
    let len = ((floor(last) - start).num_minutes() / i64::from(minutes) + 1) as usize;
    if len > MAX_HISTORY_INTERVALS {
        return Err(Error::TooLarge {
            path: "contacts intervals".into(),
            limit: MAX_HISTORY_INTERVALS,
            found: len,
        });
    }
    if len < 2 {
        return Err(Error::Empty {
            path: "contacts".into(),
            expected: format!("contacts in at least two {minutes}-minute intervals"),
        });
    }
    let grid = Grid::new(start, minutes, len)?;
    let mut offered = vec![0.0; len];
    let mut answered = vec![0.0; len];
    let mut abandoned = vec![0.0; len];
    let mut in_target = vec![0.0; len];
    let mut handle = vec![(0.0, 0usize); len];
    let mut wait_ans = vec![(0.0, 0usize); len];
    let mut agents: Vec<BTreeSet<&str>> = vec![BTreeSet::new(); len];
    let has_wait = contacts.iter().any(|c| c.wait_seconds.is_some());
    let has_handle = contacts.iter().any(|c| c.handle_seconds.is_some());
    let has_agent = contacts.iter().any(|c| c.agent.is_some());
    for c in contacts {
        let Some(i) = grid.index_of(floor(c.arrival)) else {
            continue;
        };
        offered[i] += 1.0;
        match c.outcome {
            Outcome::Answered => {
                answered[i] += 1.0;
                if let Some(h) = c.handle_seconds.filter(|h| *h > 0.0) {
                    handle[i].0 += h;
                    handle[i].1 += 1;
                }
                if let Some(w) = c.wait_seconds {
                    wait_ans[i].0 += w;
                    wait_ans[i].1 += 1;
                    if answer_seconds.is_some_and(|t| w <= t) {
                        in_target[i] += 1.0;
                    }
                }
                if let Some(a) = &c.agent {
                    agents[i].insert(a);
                }
            }
            Outcome::Abandoned => abandoned[i] += 1.0,
            Outcome::Other => {}
        }
    }
    let aht: Vec<Option<f64>> = handle
        .iter()
        .map(|&(s, n)| (n > 0).then(|| s / n as f64))
        .collect();
    let history = History {
        grid,
        volume: offered.iter().map(|&v| Some(v)).collect(),
        aht_seconds: has_handle.then_some(aht),
        rows: contacts.len(),
        warnings: Vec::new(),
    };
    let ratio = |num: &[f64]| -> Vec<Option<f64>> {
        num.iter()
            .zip(&offered)
            .map(|(&a, &o)| (o > 0.0).then(|| a / o))
            .collect()
    };
    let some = |v: &[f64]| v.iter().map(|&x| Some(x)).collect::<Vec<_>>();
    let sl_known = has_wait && answer_seconds.is_some();
    let observed = Observed {
        answer_seconds,
        answered: Some(some(&answered)),
        abandoned: Some(some(&abandoned)),
        answered_in_target: sl_known.then(|| some(&in_target)),
        agents: has_agent.then(|| agents.iter().map(|s| Some(s.len() as f64)).collect()),
        service_level: sl_known.then(|| ratio(&in_target)),
        asa_seconds: has_wait.then(|| {
            wait_ans
                .iter()
                .map(|&(s, n)| (n > 0).then(|| s / n as f64))
                .collect()
        }),
        abandon_rate: Some(ratio(&abandoned)),
    };
    Ok(Aggregate {
        history,
        observed,
        patience: patience(contacts),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(t: &str, wait: f64, out: Outcome, handle: f64, agent: &str) -> Contact {
        Contact {
            row: 2,
            arrival: crate::time::parse_timestamp(t).unwrap(),
            wait_seconds: Some(wait),
            outcome: out,
            handle_seconds: Some(handle),
            agent: Some(agent.into()),
        }
    }

    #[test]
    fn outcomes_in_chinese_and_english() {
        let t = |s: &str| Cell::Text(s.into());
        assert_eq!(outcome(&t("接通")), Some(Outcome::Answered));
        assert_eq!(outcome(&t("未接通")), Some(Outcome::Abandoned));
        assert_eq!(outcome(&t("排队放弃")), Some(Outcome::Abandoned));
        assert_eq!(outcome(&t("Answered")), Some(Outcome::Answered));
        assert_eq!(outcome(&t("ABANDONED")), Some(Outcome::Abandoned));
        assert_eq!(outcome(&Cell::Number(1.0)), Some(Outcome::Answered));
        assert_eq!(outcome(&t("IVR")), Some(Outcome::Other));
        assert_eq!(outcome(&t("banana")), None);
    }

    #[test]
    fn aggregates_to_intervals_with_patience() {
        let list = vec![
            c("2024-01-01T09:05", 10.0, Outcome::Answered, 200.0, "A"),
            c("2024-01-01T09:20", 30.0, Outcome::Answered, 100.0, "B"),
            c("2024-01-01T09:25", 60.0, Outcome::Abandoned, 0.0, ""),
            c("2024-01-01T10:10", 0.0, Outcome::Answered, 300.0, "A"),
        ];
        let a = aggregate(&list, 30, Some(20.0)).unwrap();
        assert_eq!(a.history.grid.len, 3);
        assert_eq!(a.history.volume, vec![Some(3.0), Some(0.0), Some(1.0)]);
        assert_eq!(a.history.aht_seconds.as_ref().unwrap()[0], Some(150.0));
        let o = &a.observed;
        assert_eq!(o.service_level.as_ref().unwrap()[0], Some(1.0 / 3.0));
        assert_eq!(o.asa_seconds.as_ref().unwrap()[0], Some(20.0));
        assert_eq!(o.abandon_rate.as_ref().unwrap()[0], Some(1.0 / 3.0));
        assert_eq!(o.agents.as_ref().unwrap()[0], Some(2.0));
        let p = a.patience.unwrap();
        // Total wait 100 s over 4 contacts, one abandonment: mean patience 100 s.
        assert_eq!(
            (p.abandoned, p.contacts, p.total_wait_seconds),
            (1, 4, 100.0)
        );
        assert_eq!(p.mean_seconds, Some(100.0));
        assert!(p.lo95_seconds.unwrap() < 100.0 && p.hi95_seconds.unwrap() > 100.0);
    }
}
