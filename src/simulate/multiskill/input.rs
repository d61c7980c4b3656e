//! The multi-skill simulation input (queues, agents with skills and on-duty spans) and its
//! validation into a [`Model`] the engine runs.

use crate::error::{self, Error, Result};
use crate::limits::MAX_QUEUES;
use crate::simulate::input::{
    Concurrency, HandleTime, MAX_AHT_SECONDS, MAX_CONCURRENCY, MAX_SIM_AGENTS, MAX_SIM_INTERVALS,
};
use crate::simulate::rng::ln;
use crate::time::{parse_timestamp, Grid};
use chrono::Timelike;
use serde::{Deserialize, Serialize};

/// Most minutes an on-duty span may run past the end of the horizon (a night shift that starts
/// on the last evening): such agents keep answering what is still waiting.
pub const MAX_OVERRUN_MINUTES: u32 = 2 * 1440;
/// Most on-duty spans over all agents (a month of 2,000 agents with two breaks a day).
pub const MAX_DUTY_SPANS: usize = 500_000;
/// Most queues x intervals reported (each carries a full set of figures).
pub const MAX_QUEUE_INTERVALS: usize = 60_000;
/// Most agent groups (distinct skill sets) x intervals reported.
pub const MAX_GROUP_INTERVALS: usize = 400_000;

/// A multi-skill centre over a run of planned intervals: what to simulate.
///
/// The simulation starts empty at `start` (minute 0 of the spans). Arrivals stop at the end of
/// the last interval; agents whose spans run past it keep answering what is still waiting.
///
/// ```json
/// {
///   "interval_minutes": 30, "intervals": 2, "start": "2024-01-01T09:00",
///   "queues": [
///     { "id": "presales", "answer_seconds": 20, "handle_time": { "distribution": "exponential" },
///       "patience_seconds": 300, "volume": [100, 120], "aht_seconds": [180, 180] },
///     { "id": "vip", "answer_seconds": 15, "handle_time": { "distribution": "lognormal", "cv": 0.8 },
///       "volume": [10, 12], "aht_seconds": [300, 300] }
///   ],
///   "agents": [
///     { "skills": [0], "on_duty": [ { "start": 0, "end": 60 } ] },
///     { "skills": [1, 0], "priorities": [1, 2], "on_duty": [ { "start": 0, "end": 25 }, { "start": 35, "end": 60 } ] }
///   ],
///   "replications": 10, "seed": 1
/// }
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MultiSkillInput {
    /// Interval length in minutes; must divide a day (15, 30, 60, ...).
    pub interval_minutes: u32,
    /// Number of intervals of the horizon; every queue's `volume` and `aht_seconds` has this
    /// many entries.
    pub intervals: usize,
    /// Local start of the first interval, `YYYY-MM-DDTHH:MM` (for the report's timestamps).
    pub start: String,
    /// The queues (skills); agents name them by index.
    pub queues: Vec<QueueInput>,
    /// The agents.
    pub agents: Vec<AgentInput>,
    /// Leading intervals simulated but left out of the overall figures (they still appear per
    /// interval). 0 when absent: a real day starts empty too.
    #[serde(default)]
    pub warmup_intervals: usize,
    /// Replications (independent runs of the same plan).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replications: Option<u32>,
    /// Seed of the random streams.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
}

/// One queue (skill): its contacts, handle times, patience and service threshold.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QueueInput {
    /// Identifier echoed in the report (`"presales"`).
    pub id: String,
    /// Answer threshold T of this queue's service level "X% answered within T seconds".
    pub answer_seconds: f64,
    /// How handle times vary around each interval's AHT.
    pub handle_time: HandleTime,
    /// Mean patience in seconds (exponential) of a waiting contact; absent: nobody abandons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// Chat concurrency: an agent serves up to `max` contacts of this queue at once (see the
    /// module docs for agents who mix queues); absent: one at a time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<Concurrency>,
    /// Expected offered contacts per interval (mean of the Poisson arrivals).
    pub volume: Vec<f64>,
    /// Mean handle time in seconds of contacts offered in each interval.
    pub aht_seconds: Vec<f64>,
}

/// One agent: what they can answer and when they are on duty.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AgentInput {
    /// Queues this agent answers (indices into `queues`), at least one, no repeats.
    pub skills: Vec<usize>,
    /// Optional priority of each skill, parallel to `skills`: 1 = primary, 2 = secondary, ...;
    /// equal numbers are equal priority. Absent: every skill has the same priority.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priorities: Option<Vec<u32>>,
    /// On-duty spans (a shift minus its breaks), in minutes from the horizon start.
    /// Overlapping or touching spans are merged.
    pub on_duty: Vec<DutySpan>,
}

/// An on-duty span `[start, end)` in minutes from the horizon start.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DutySpan {
    /// First minute on duty.
    pub start: u32,
    /// First minute off duty again (> `start`).
    pub end: u32,
}

impl MultiSkillInput {
    /// Parse the JSON input; errors carry the JSON path of the offending value.
    pub fn from_json(text: &str) -> Result<MultiSkillInput> {
        crate::json::from_json("multi-skill simulation", text)
    }

    /// A stationary test bench: `intervals` identical intervals of one planned interval,
    /// `agents[i]` agents with skill set `groups[i]` on duty throughout (and past the end until
    /// the queues drain). This is how a staffing per group is checked by simulation; use
    /// `warmup_intervals` to drop the empty start.
    pub fn stationary(
        interval_minutes: u32,
        intervals: usize,
        queues: Vec<QueueInput>,
        groups: &[(Vec<usize>, u32)],
    ) -> MultiSkillInput {
        let end = (interval_minutes as usize * intervals).min(u32::MAX as usize) as u32;
        let end = end.saturating_add(MAX_OVERRUN_MINUTES);
        let agents = groups
            .iter()
            .flat_map(|(skills, n)| {
                (0..*n).map(move |_| AgentInput {
                    skills: skills.clone(),
                    priorities: None,
                    on_duty: vec![DutySpan { start: 0, end }],
                })
            })
            .collect();
        MultiSkillInput {
            interval_minutes,
            intervals,
            start: "2024-01-01T00:00".into(),
            queues,
            agents,
            warmup_intervals: 0,
            replications: None,
            seed: None,
        }
    }
}

/// Handle-time sampler parameters.
#[derive(Debug, Clone, Copy)]
pub(super) enum Handle {
    Exponential,
    /// Unit-mean lognormal `exp(sigma Z - sigma²/2)`.
    Lognormal {
        sigma: f64,
        shift: f64,
    },
}

/// A validated queue, in seconds.
#[derive(Debug, Clone)]
pub(super) struct QueueModel {
    /// Arrivals per second in each interval.
    pub rate: Vec<f64>,
    pub aht: Vec<f64>,
    pub answer_seconds: f64,
    pub patience: Option<f64>,
    pub handle: Handle,
    /// Capacity units one contact takes of an agent's `CAPACITY` (`CAPACITY / concurrency`).
    pub unit: u32,
    /// Concurrency `k`.
    pub k: u32,
    /// Handle-time factor by the agent's number of contacts in service (1-based level - 1).
    pub factors: Vec<f64>,
}

/// A validated agent.
#[derive(Debug, Clone)]
pub(super) struct AgentModel {
    /// (queue, priority) pairs.
    pub skills: Vec<(u32, u32)>,
    pub group: u32,
}

/// A span boundary of one agent.
#[derive(Debug, Clone, Copy)]
pub(super) struct SpanEvent {
    pub time: f64,
    pub agent: u32,
    pub start: bool,
}

/// A validated input.
#[derive(Debug, Clone)]
pub(super) struct Model {
    pub grid: Grid,
    pub n: usize,
    pub interval_seconds: f64,
    pub queues: Vec<QueueModel>,
    pub ids: Vec<String>,
    /// An agent's full capacity in units (the lcm of the queues' concurrencies).
    pub capacity: u32,
    pub agents: Vec<AgentModel>,
    /// Span boundaries sorted by time (ends before starts at equal times), then agent.
    pub events: Vec<SpanEvent>,
    /// Distinct skill sets (sorted), in order of first appearance, with their agents.
    pub groups: Vec<(Vec<usize>, Vec<usize>)>,
    /// Scheduled on-duty seconds per group per interval (`[g * n + i]`).
    pub on_duty: Vec<f64>,
    /// Agents with each skill.
    pub skill_agents: Vec<u32>,
    pub warmup: usize,
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

impl Model {
    pub fn new(input: &MultiSkillInput) -> Result<Model> {
        let start = parse_timestamp(&input.start).ok_or_else(|| {
            Error::invalid("start", "a local timestamp YYYY-MM-DDTHH:MM", &input.start)
        })?;
        if start.second() != 0 || start.nanosecond() != 0 {
            return Err(Error::invalid(
                "start",
                "a timestamp on a whole minute",
                &input.start,
            ));
        }
        let n = input.intervals;
        if n == 0 {
            return Err(Error::invalid("intervals", "at least one interval", 0));
        }
        if n > MAX_SIM_INTERVALS {
            return Err(Error::TooLarge {
                path: "intervals".into(),
                limit: MAX_SIM_INTERVALS,
                found: n,
            });
        }
        let grid = Grid::new(start, input.interval_minutes, n)?;
        if input.warmup_intervals >= n {
            return Err(Error::Inconsistent {
                path: "warmup_intervals".into(),
                other: "intervals".into(),
                message: format!(
                    "{} warm-up intervals leave none of the {n} intervals to report",
                    input.warmup_intervals
                ),
            });
        }
        if input.queues.is_empty() {
            return Err(Error::Empty {
                path: "queues".into(),
                expected: "at least one queue".into(),
            });
        }
        if input.queues.len() > MAX_QUEUES {
            return Err(Error::TooLarge {
                path: "queues".into(),
                limit: MAX_QUEUES,
                found: input.queues.len(),
            });
        }
        if input.queues.len() * n > MAX_QUEUE_INTERVALS {
            return Err(Error::TooLarge {
                path: "queues x intervals".into(),
                limit: MAX_QUEUE_INTERVALS,
                found: input.queues.len() * n,
            });
        }
        let interval_seconds = f64::from(input.interval_minutes) * 60.0;
        let mut capacity = 1u32;
        for (qi, q) in input.queues.iter().enumerate() {
            if let Some(c) = &q.concurrency {
                if c.max == 0 || c.max > MAX_CONCURRENCY {
                    return Err(Error::invalid(
                        format!("queues[{qi}].concurrency.max"),
                        format!("a whole number between 1 and {MAX_CONCURRENCY}"),
                        c.max,
                    ));
                }
                capacity = capacity / gcd(capacity, c.max) * c.max;
            }
        }
        let mut queues = Vec::with_capacity(input.queues.len());
        for (qi, q) in input.queues.iter().enumerate() {
            queues.push(queue_model(qi, q, n, interval_seconds, capacity)?);
        }
        let nq = queues.len();
        if input.agents.len() > MAX_SIM_AGENTS as usize {
            return Err(Error::TooLarge {
                path: "agents".into(),
                limit: MAX_SIM_AGENTS as usize,
                found: input.agents.len(),
            });
        }
        let horizon_minutes = u64::from(input.interval_minutes) * n as u64;
        let latest_end = horizon_minutes + u64::from(MAX_OVERRUN_MINUTES);
        let mut agents = Vec::with_capacity(input.agents.len());
        let mut events = Vec::new();
        let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        let mut spans_total = 0usize;
        let mut merged_spans: Vec<Vec<(u32, u32)>> = Vec::with_capacity(input.agents.len());
        let mut skill_agents = vec![0u32; nq];
        for (ai, a) in input.agents.iter().enumerate() {
            let p = format!("agents[{ai}]");
            if a.skills.is_empty() {
                return Err(Error::Empty {
                    path: format!("{p}.skills"),
                    expected: "at least one queue index".into(),
                });
            }
            for (si, &s) in a.skills.iter().enumerate() {
                if s >= nq {
                    return Err(Error::invalid(
                        format!("{p}.skills[{si}]"),
                        format!("a queue index below {nq}"),
                        s,
                    ));
                }
                if a.skills[..si].contains(&s) {
                    return Err(Error::invalid(
                        format!("{p}.skills[{si}]"),
                        "a queue not listed earlier in the agent's skills",
                        s,
                    ));
                }
            }
            let prio: Vec<u32> = match &a.priorities {
                None => vec![1; a.skills.len()],
                Some(v) => {
                    if v.len() != a.skills.len() {
                        return Err(Error::Inconsistent {
                            path: format!("{p}.priorities"),
                            other: format!("{p}.skills"),
                            message: format!(
                                "{} priorities for {} skills",
                                v.len(),
                                a.skills.len()
                            ),
                        });
                    }
                    v.clone()
                }
            };
            let mut set = a.skills.clone();
            set.sort_unstable();
            let group = match groups.iter().position(|(s, _)| *s == set) {
                Some(g) => g,
                None => {
                    groups.push((set, Vec::new()));
                    groups.len() - 1
                }
            };
            if let Some(g) = groups.get_mut(group) {
                g.1.push(ai);
            }
            for &s in &a.skills {
                skill_agents[s] += 1;
            }
            agents.push(AgentModel {
                skills: a
                    .skills
                    .iter()
                    .zip(&prio)
                    .map(|(&s, &pr)| (s as u32, pr))
                    .collect(),
                group: group as u32,
            });
            spans_total += a.on_duty.len();
            if spans_total > MAX_DUTY_SPANS {
                return Err(Error::TooLarge {
                    path: "agents[].on_duty".into(),
                    limit: MAX_DUTY_SPANS,
                    found: spans_total,
                });
            }
            let mut spans: Vec<(u32, u32)> = Vec::with_capacity(a.on_duty.len());
            for (si, s) in a.on_duty.iter().enumerate() {
                if s.end <= s.start {
                    return Err(Error::Inconsistent {
                        path: format!("{p}.on_duty[{si}].end"),
                        other: format!("{p}.on_duty[{si}].start"),
                        message: format!(
                            "a span must end after it starts ({}..{})",
                            s.start, s.end
                        ),
                    });
                }
                if u64::from(s.end) > latest_end {
                    return Err(Error::invalid(
                        format!("{p}.on_duty[{si}].end"),
                        format!(
                            "at most {latest_end} (the horizon's {horizon_minutes} minutes plus \
                             {MAX_OVERRUN_MINUTES})"
                        ),
                        s.end,
                    ));
                }
                spans.push((s.start, s.end));
            }
            spans.sort_unstable();
            let mut merged: Vec<(u32, u32)> = Vec::with_capacity(spans.len());
            for (s, e) in spans {
                match merged.last_mut() {
                    Some(last) if s <= last.1 => last.1 = last.1.max(e),
                    _ => merged.push((s, e)),
                }
            }
            for &(s, e) in &merged {
                events.push(SpanEvent {
                    time: f64::from(s) * 60.0,
                    agent: ai as u32,
                    start: true,
                });
                events.push(SpanEvent {
                    time: f64::from(e) * 60.0,
                    agent: ai as u32,
                    start: false,
                });
            }
            merged_spans.push(merged);
        }
        if groups.len() * n > MAX_GROUP_INTERVALS {
            return Err(Error::TooLarge {
                path: "agents[].skills (distinct skill sets x intervals)".into(),
                limit: MAX_GROUP_INTERVALS,
                found: groups.len() * n,
            });
        }
        events.sort_by(|a, b| {
            a.time
                .total_cmp(&b.time)
                .then(a.start.cmp(&b.start))
                .then(a.agent.cmp(&b.agent))
        });
        // Scheduled on-duty time per group and interval.
        let mut on_duty = vec![0.0; groups.len() * n];
        let im = input.interval_minutes;
        for (a, spans) in agents.iter().zip(&merged_spans) {
            let base = a.group as usize * n;
            for &(s, e) in spans {
                let mut t = s;
                while t < e {
                    let i = (t / im) as usize;
                    if i >= n {
                        break;
                    }
                    let b = ((i as u32) + 1) * im;
                    let stop = e.min(b);
                    if let Some(x) = on_duty.get_mut(base + i) {
                        *x += f64::from(stop - t) * 60.0;
                    }
                    t = stop;
                }
            }
        }
        Ok(Model {
            grid,
            n,
            interval_seconds,
            queues,
            ids: input.queues.iter().map(|q| q.id.clone()).collect(),
            capacity,
            agents,
            events,
            groups,
            on_duty,
            skill_agents,
            warmup: input.warmup_intervals,
        })
    }

    /// Expected offered contacts over the horizon.
    pub fn expected_contacts(&self) -> f64 {
        self.queues
            .iter()
            .map(|q| q.rate.iter().sum::<f64>() * self.interval_seconds)
            .sum()
    }
}

fn queue_model(
    qi: usize,
    q: &QueueInput,
    n: usize,
    interval_seconds: f64,
    capacity: u32,
) -> Result<QueueModel> {
    let p = |f: &str| format!("queues[{qi}].{f}");
    let answer_seconds = error::non_negative(&p("answer_seconds"), q.answer_seconds)?;
    let patience = match q.patience_seconds {
        Some(v) => Some(error::positive(&p("patience_seconds"), v)?),
        None => None,
    };
    let handle = match q.handle_time {
        HandleTime::Exponential => Handle::Exponential,
        HandleTime::Lognormal { cv } => {
            let cv = error::positive(&p("handle_time.cv"), cv)?;
            if cv > 20.0 {
                return Err(Error::invalid(p("handle_time.cv"), "a number <= 20", cv));
            }
            let s2 = ln(1.0 + cv * cv);
            Handle::Lognormal {
                sigma: s2.sqrt(),
                shift: -0.5 * s2,
            }
        }
    };
    let (k, factors) = match &q.concurrency {
        None => (1, vec![1.0]),
        Some(c) => {
            let factors = match &c.aht_factors {
                None => vec![1.0; c.max as usize],
                Some(f) => {
                    if f.len() != c.max as usize {
                        return Err(Error::Inconsistent {
                            path: p("concurrency.aht_factors"),
                            other: p("concurrency.max"),
                            message: format!(
                                "{} factors given for up to {} concurrent contacts",
                                f.len(),
                                c.max
                            ),
                        });
                    }
                    for (i, &x) in f.iter().enumerate() {
                        error::positive(&p(&format!("concurrency.aht_factors[{i}]")), x)?;
                    }
                    f.clone()
                }
            };
            (c.max, factors)
        }
    };
    for (name, len) in [
        ("volume", q.volume.len()),
        ("aht_seconds", q.aht_seconds.len()),
    ] {
        if len != n {
            return Err(Error::Inconsistent {
                path: p(name),
                other: "intervals".into(),
                message: format!("{len} values for {n} intervals"),
            });
        }
    }
    let mut rate = Vec::with_capacity(n);
    for (i, &v) in q.volume.iter().enumerate() {
        rate.push(error::non_negative(&p(&format!("volume[{i}]")), v)? / interval_seconds);
    }
    let mut aht = Vec::with_capacity(n);
    for (i, &a) in q.aht_seconds.iter().enumerate() {
        let a = error::positive(&p(&format!("aht_seconds[{i}]")), a)?;
        if a > MAX_AHT_SECONDS {
            return Err(Error::invalid(
                p(&format!("aht_seconds[{i}]")),
                format!("at most {MAX_AHT_SECONDS} seconds (a live contact, not a ticket)"),
                a,
            ));
        }
        aht.push(a);
    }
    Ok(QueueModel {
        rate,
        aht,
        answer_seconds,
        patience,
        handle,
        unit: capacity / k,
        k,
        factors,
    })
}
