//! Sizing a client: a representative week of interval volumes per channel → agents per interval
//! by the staffing engine (Erlang C/A, chat concurrency, deferred e-mail) → production FTE →
//! headcount, cost and price, plus the tables a sales engineer needs (service level vs price,
//! volume sensitivity, daily per-agent targets).
//!
//! FTE are computed from interval-level requirements, not from averages: an average-based quote
//! (monthly volume × AHT ÷ hours) misses the peaks and the queueing safety margin and
//! underprices the client. Paid hours per FTE and shrinkage turn agent-hours on the phones into
//! people on the payroll:
//!
//! `FTE = Σ_week agents_i × interval_hours ÷ (1 − shrinkage) ÷ paid_hours_per_week_per_FTE`,
//! with `paid_hours_per_week = paid_hours_per_fte_month × 12 ÷ 52.1775`.
//!
//! The service-level table is priced by the same rules as the headline: a row replaces only
//! the "X% within T seconds" of each voice and chat channel and keeps the channel's other
//! targets (abandonment and ASA caps), so the 80/20 row of a client whose targets are 80/20 is
//! the headline bid. Each row lists the targets every channel is held to (`targets`), so a row
//! never silently drops a cap.

use super::cost::{Costs, Headcount, MonthlyPrice, SupportRatios};
use super::sharing::{Sharing, SharingReport};
use crate::error::{fraction, positive, Error, Result};
use crate::scenario::{check_opening_hours, check_unique_ids, OpeningHours};
use crate::staffing::horizon::{requirements, QueueForecast};
use crate::staffing::requirement::Target;
use crate::staffing::{Channel, Queue, Shrinkage};
use crate::time::{Grid, Weekday, PLANNING_INTERVALS};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Weeks in an average month (365.25 / 7 / 12).
pub const WEEKS_PER_MONTH: f64 = 365.25 / 7.0 / 12.0;
/// The service levels every proposal is priced at, besides the client's own.
pub const STANDARD_TARGETS: [(f64, f64); 4] = [(0.7, 20.0), (0.8, 20.0), (0.9, 10.0), (0.95, 15.0)];
/// The volume changes every proposal shows.
pub const VOLUME_CHANGES: [f64; 5] = [-0.2, -0.1, 0.0, 0.1, 0.2];

/// A proposal request: what the client sends and what the firm costs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Format version, 1.
    pub version: u32,
    /// Client name shown on the proposal.
    pub client: String,
    /// Interval length used for the Erlang calculation (15, 30 or 60).
    pub interval_minutes: u32,
    /// Opening hours of the service.
    pub opening_hours: OpeningHours,
    /// The client's channels (at least one).
    pub channels: Vec<ProposalChannel>,
    /// Shrinkage of production agents.
    pub shrinkage: Shrinkage,
    /// Paid hours of one FTE per month (e.g. 174 for 40 h a week).
    pub paid_hours_per_fte_month: f64,
    /// Paid hours of one agent's working day (e.g. 8), for the per-agent daily targets.
    pub paid_hours_per_day: f64,
    /// The firm's costs and target margin.
    pub costs: Costs,
    /// Support staff ratios.
    pub support: SupportRatios,
    /// Multi-shop bids: the cross-training assumption (see [`super::sharing`]); `null` = the
    /// defaults, listed in the report's `sharing.assumptions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sharing: Option<Sharing>,
}

/// One channel of a client: a queue (channel, AHT, target, patience, concurrency …) with its
/// volume and pattern.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProposalChannel {
    /// The queue settings (as in a scenario).
    pub queue: Queue,
    /// The client shop (brand, store) this channel serves, for bids covering several shops;
    /// every channel names one or none (see [`super::sharing`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shop: Option<String>,
    /// Contacts per month; give this or `daily_volume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub monthly_volume: Option<f64>,
    /// Contacts per open day on average; give this or `monthly_volume`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub daily_volume: Option<f64>,
    /// Relative volume Monday..Sunday (7 weights); `null` = equal on open days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weekday_pattern: Option<Vec<f64>>,
    /// Relative volume per interval of the day from 00:00 (1440 / interval_minutes weights;
    /// closed intervals are ignored); `null` = flat over the open hours.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub intraday_pattern: Option<Vec<f64>>,
    /// Sales: share of contacts that buy (pre-sales), for the daily sales target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub conversion_rate: Option<f64>,
    /// Sales: average order value in the proposal's currency.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub average_order_value: Option<f64>,
}

/// Sizing of one channel.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelSizing {
    /// Queue id.
    pub queue: String,
    /// Queue name.
    pub name: String,
    /// Channel.
    pub channel: Channel,
    /// Contacts per month.
    pub monthly_volume: f64,
    /// Agent-hours on the queue per week (before shrinkage).
    pub weekly_agent_hours: f64,
    /// Production FTE (after shrinkage, on paid hours).
    pub fte: f64,
    /// Highest agents needed in any interval of the week.
    pub peak_agents: u32,
    /// FTE an average-based calculation would give (volume × AHT ÷ hours ÷ (1 − shrinkage)),
    /// shown so a client sees why interval-level sizing costs more.
    pub naive_fte: f64,
    /// Contacts one agent handles on an average paid day.
    pub contacts_per_agent_day: f64,
    /// Sales per agent per day (when conversion and order value are given).
    pub sales_per_agent_day: Option<f64>,
    /// Agents per interval of the representative week (Monday 00:00 first).
    pub agents_per_interval: Vec<u32>,
}

/// The targets one channel is held to in a row of a what-if table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChannelTarget {
    /// Queue id.
    pub queue: String,
    /// The service target (voice and chat); `None` for e-mail, held to its response window.
    pub target: Option<Target>,
    /// The response window of deferred work (e-mail) in minutes.
    pub response_window_minutes: Option<f64>,
}

/// One row of a what-if table.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteRow {
    /// What changed ("80/20", "+10%").
    pub label: String,
    /// The service level and answer time the row prices (service-level rows only).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub service_level: Option<f64>,
    /// The "within T seconds" of `service_level`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer_seconds: Option<f64>,
    /// Whether every voice and chat channel of the client already has this row's target, so
    /// the row is the headline bid.
    pub is_headline: bool,
    /// The targets each channel is held to in this row.
    pub targets: Vec<ChannelTarget>,
    /// Production FTE.
    pub fte: f64,
    /// Total headcount (people, support included).
    pub headcount: u32,
    /// Monthly price.
    pub monthly_price: f64,
    /// Price per FTE-month.
    pub price_per_fte_month: f64,
    /// Price per contact.
    pub price_per_contact: Option<f64>,
}

/// The sized proposal.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QuoteReport {
    /// Client name.
    pub client: String,
    /// Currency of every amount.
    pub currency: String,
    /// Per channel.
    pub channels: Vec<ChannelSizing>,
    /// Production FTE over all channels.
    pub production_fte: f64,
    /// Production agents as people (FTE rounded up).
    pub production_agents: u32,
    /// Headcount by role.
    pub headcount: Headcount,
    /// Everyone: agents (rounded up) + leads + QA + trainers.
    pub total_headcount: u32,
    /// Contacts per month over all channels.
    pub monthly_contacts: f64,
    /// Cost and price of a month.
    pub monthly: MonthlyPrice,
    /// Service level target vs FTE vs price (voice and chat targets replaced; e-mail unchanged).
    pub service_level_table: Vec<QuoteRow>,
    /// Volume −20% .. +20%.
    pub volume_sensitivity: Vec<QuoteRow>,
    /// Shrinkage used (weighted over the week).
    pub shrinkage: f64,
    /// Bids covering two or more shops: dedicated teams per shop vs a shared team with
    /// cross-trained agents (`null` for one shop).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sharing: Option<SharingReport>,
}

struct Sized {
    channels: Vec<ChannelSizing>,
    fte: f64,
    contacts: f64,
}

/// A service level and answer time a what-if row prices.
#[derive(Debug, Clone, Copy, PartialEq)]
struct RowTarget {
    service_level: f64,
    answer_seconds: f64,
}

/// The queue as a row holds it: voice and chat get the row's service level and answer time and
/// keep their own abandonment and ASA caps; e-mail keeps its response window.
fn held_to(q: &Queue, row: Option<RowTarget>) -> Queue {
    let mut queue = q.clone();
    if let (Some(r), Some(t)) = (row, queue.target.as_mut()) {
        if queue.channel != Channel::Email {
            t.service_level = r.service_level;
            t.answer_seconds = r.answer_seconds;
        }
    }
    queue
}

/// What each channel is held to in a row.
fn row_targets(p: &Proposal, row: Option<RowTarget>) -> Vec<ChannelTarget> {
    p.channels
        .iter()
        .map(|c| {
            let q = held_to(&c.queue, row);
            let email = q.channel == Channel::Email;
            ChannelTarget {
                queue: q.id.clone(),
                target: if email { None } else { q.target.clone() },
                response_window_minutes: if email {
                    q.response_window_minutes
                } else {
                    None
                },
            }
        })
        .collect()
}

impl Proposal {
    /// Check the request, naming each bad field by JSON path.
    pub fn check(&self) -> Result<()> {
        crate::scenario::check_version(self.version)?;
        if !PLANNING_INTERVALS.contains(&self.interval_minutes) {
            return Err(Error::invalid(
                "interval_minutes",
                "15, 30 or 60",
                self.interval_minutes,
            ));
        }
        check_opening_hours("opening_hours", &self.opening_hours)?;
        if Weekday::ALL
            .iter()
            .all(|d| self.opening_hours.day(*d).is_empty())
        {
            return Err(Error::Empty {
                path: "opening_hours".into(),
                expected: "at least one open day".into(),
            });
        }
        if self.channels.is_empty() {
            return Err(Error::Empty {
                path: "channels".into(),
                expected: "at least one channel".into(),
            });
        }
        crate::scenario::check_len("channels", self.channels.len(), crate::limits::MAX_QUEUES)?;
        check_unique_ids(
            "channels[].queue",
            self.channels.iter().map(|c| c.queue.id.as_str()),
        )?;
        let per_day = (1440 / self.interval_minutes) as usize;
        for (i, c) in self.channels.iter().enumerate() {
            let p = format!("channels[{i}]");
            c.queue.validate(&format!("{p}.queue"))?;
            match (c.monthly_volume, c.daily_volume) {
                (Some(v), None) => {
                    crate::error::non_negative(&format!("{p}.monthly_volume"), v).map(|_| ())?
                }
                (None, Some(v)) => {
                    crate::error::non_negative(&format!("{p}.daily_volume"), v).map(|_| ())?
                }
                _ => {
                    return Err(Error::invalid(
                        format!("{p}.monthly_volume"),
                        "exactly one of monthly_volume and daily_volume",
                        "both or neither",
                    ))
                }
            }
            check_weights(&format!("{p}.weekday_pattern"), &c.weekday_pattern, 7)?;
            check_weights(
                &format!("{p}.intraday_pattern"),
                &c.intraday_pattern,
                per_day,
            )?;
            if let Some(r) = c.conversion_rate {
                fraction(&format!("{p}.conversion_rate"), r, 0.0, 1.0)?;
            }
            if let Some(v) = c.average_order_value {
                crate::error::non_negative(&format!("{p}.average_order_value"), v)?;
            }
        }
        self.shrinkage.validate("shrinkage")?;
        positive("paid_hours_per_fte_month", self.paid_hours_per_fte_month)?;
        fraction("paid_hours_per_day", self.paid_hours_per_day, 0.5, 24.0)?;
        self.costs.check("costs")?;
        self.support.check("support")?;
        super::sharing::check(self)?;
        Ok(())
    }
}

fn check_weights(path: &str, w: &Option<Vec<f64>>, len: usize) -> Result<()> {
    let Some(w) = w else { return Ok(()) };
    if w.len() != len {
        return Err(Error::invalid(
            path,
            format!("{len} weights"),
            format!("{} weights", w.len()),
        ));
    }
    for (i, x) in w.iter().enumerate() {
        crate::error::non_negative(&format!("{path}[{i}]"), *x)?;
    }
    if w.iter().sum::<f64>() <= 0.0 {
        return Err(Error::invalid(
            path,
            "weights with a positive sum",
            "all zero",
        ));
    }
    Ok(())
}

/// A Monday-first week on the proposal's grid.
fn week_grid(interval_minutes: u32) -> Result<Grid> {
    let monday = NaiveDate::from_ymd_opt(2024, 1, 1)
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .ok_or_else(|| Error::invalid("week", "a valid date", "2024-01-01"))?;
    Grid::new(
        monday,
        interval_minutes,
        7 * (1440 / interval_minutes) as usize,
    )
}

/// The representative week of one channel: volume per interval, `scale` × the given volume.
fn week_volume(c: &ProposalChannel, grid: &Grid, open: &[bool], scale: f64) -> Vec<f64> {
    let per_day = grid.per_day();
    let open_days: Vec<bool> = Weekday::ALL
        .iter()
        .map(|d| {
            open[d.index() * per_day..(d.index() + 1) * per_day]
                .iter()
                .any(|&o| o)
        })
        .collect();
    let day_w: Vec<f64> = (0..7)
        .map(|d| {
            if !open_days[d] {
                0.0
            } else {
                c.weekday_pattern.as_ref().map_or(1.0, |w| w[d])
            }
        })
        .collect();
    let day_sum: f64 = day_w.iter().sum();
    let n_open_days = open_days.iter().filter(|&&o| o).count().max(1) as f64;
    let weekly = match (c.monthly_volume, c.daily_volume) {
        (Some(m), _) => m / WEEKS_PER_MONTH,
        (None, Some(d)) => d * n_open_days,
        (None, None) => 0.0,
    } * scale;
    let mut out = vec![0.0; grid.len];
    if day_sum <= 0.0 {
        return out;
    }
    for d in 0..7 {
        let slots = &open[d * per_day..(d + 1) * per_day];
        let w: Vec<f64> = (0..per_day)
            .map(|s| {
                if slots[s] {
                    c.intraday_pattern.as_ref().map_or(1.0, |p| p[s])
                } else {
                    0.0
                }
            })
            .collect();
        let ws: f64 = w.iter().sum();
        if ws <= 0.0 {
            continue;
        }
        let day_volume = weekly * day_w[d] / day_sum;
        for s in 0..per_day {
            out[d * per_day + s] = day_volume * w[s] / ws;
        }
    }
    out
}

fn size(
    p: &Proposal,
    grid: &Grid,
    open: &[bool],
    scale: f64,
    target: Option<RowTarget>,
) -> Result<Sized> {
    let interval_h = f64::from(p.interval_minutes) / 60.0;
    let paid_per_week = p.paid_hours_per_fte_month / WEEKS_PER_MONTH;
    let shrink: Vec<f64> = (0..grid.len)
        .map(|i| p.shrinkage.total(Some(grid.weekday(i))))
        .collect();
    let mut channels = Vec::with_capacity(p.channels.len());
    let (mut fte_sum, mut contacts) = (0.0, 0.0);
    for c in &p.channels {
        let queue = held_to(&c.queue, target);
        let volume = week_volume(c, grid, open, scale);
        // Staff three identical weeks and keep the middle one: deferred work (e-mail) carries
        // backlog across the week boundary, so a steady week needs the weeks around it.
        let n = grid.len;
        let forecast = QueueForecast {
            queue: queue.id.clone(),
            volume: volume.repeat(3),
            aht_seconds: None,
        };
        let grid3 = Grid::new(grid.start, grid.interval_minutes, 3 * n)?;
        let open3 = open.repeat(3);
        let req = requirements(
            &grid3,
            std::slice::from_ref(&queue),
            &[forecast],
            None,
            Some(&open3),
        )?;
        let agents: Vec<u32> = req
            .queues
            .first()
            .and_then(|q| q.agents.get(n..2 * n))
            .map(<[u32]>::to_vec)
            .unwrap_or_default();
        let weekly_agent_hours: f64 = agents.iter().map(|&a| f64::from(a) * interval_h).sum();
        let paid_hours: f64 = agents
            .iter()
            .zip(&shrink)
            .map(|(&a, s)| f64::from(a) * interval_h / (1.0 - s))
            .sum();
        let fte = paid_hours / paid_per_week;
        let weekly_volume: f64 = volume.iter().sum();
        let workload_h: f64 = volume.iter().sum::<f64>() * queue.aht_seconds
            / 3600.0
            / f64::from(queue.concurrency.unwrap_or(1).max(1));
        let avg_shrink = if weekly_agent_hours > 0.0 {
            1.0 - weekly_agent_hours / paid_hours
        } else {
            p.shrinkage.total(None)
        };
        let naive_fte = workload_h / (1.0 - avg_shrink) / paid_per_week;
        let agent_days_per_week = fte * paid_per_week / p.paid_hours_per_day;
        let contacts_per_agent_day = if agent_days_per_week > 0.0 {
            weekly_volume / agent_days_per_week
        } else {
            0.0
        };
        let monthly_volume = weekly_volume * WEEKS_PER_MONTH;
        contacts += monthly_volume;
        fte_sum += fte;
        channels.push(ChannelSizing {
            queue: queue.id.clone(),
            name: queue.name.clone(),
            channel: queue.channel,
            monthly_volume,
            weekly_agent_hours,
            fte,
            peak_agents: agents.iter().copied().max().unwrap_or(0),
            naive_fte,
            contacts_per_agent_day,
            sales_per_agent_day: match (c.conversion_rate, c.average_order_value) {
                (Some(r), Some(v)) => Some(contacts_per_agent_day * r * v),
                _ => None,
            },
            agents_per_interval: agents,
        });
    }
    Ok(Sized {
        channels,
        fte: fte_sum,
        contacts,
    })
}

/// Whether every voice and chat channel of the client already has the row's target.
fn is_client_target(p: &Proposal, r: RowTarget) -> bool {
    p.channels.iter().all(|c| {
        c.queue.channel == Channel::Email
            || match &c.queue.target {
                None => true,
                Some(t) => {
                    t.service_level == r.service_level && t.answer_seconds == r.answer_seconds
                }
            }
    })
}

fn row(
    p: &Proposal,
    label: String,
    s: &Sized,
    target: Option<RowTarget>,
    is_headline: bool,
) -> QuoteRow {
    let heads = p.support.headcount(s.fte);
    let m = p.costs.price(&heads, Some(s.contacts));
    QuoteRow {
        label,
        service_level: target.map(|r| r.service_level),
        answer_seconds: target.map(|r| r.answer_seconds),
        is_headline,
        targets: row_targets(p, target),
        fte: s.fte,
        headcount: total_people(&heads),
        monthly_price: m.price,
        price_per_fte_month: m.price_per_fte_month,
        price_per_contact: m.price_per_contact,
    }
}

fn total_people(h: &Headcount) -> u32 {
    h.agents.ceil() as u32 + h.team_leads + h.qa + h.trainers
}

/// Contacts per interval of the representative week (Monday 00:00 first) of each channel, in
/// proposal order: what the sizing staffs (for checks such as a simulation of the bid).
pub fn week_volumes(p: &Proposal) -> Result<Vec<Vec<f64>>> {
    p.check()?;
    let grid = week_grid(p.interval_minutes)?;
    let open = open_flags(p, &grid);
    Ok(p.channels
        .iter()
        .map(|c| week_volume(c, &grid, &open, 1.0))
        .collect())
}

fn open_flags(p: &Proposal, grid: &Grid) -> Vec<bool> {
    (0..grid.len)
        .map(|i| {
            let t = grid.time(i);
            p.opening_hours
                .is_open(grid.weekday(i), crate::time::minute_of_day(t))
        })
        .collect()
}

/// Size a proposal.
pub fn quote(p: &Proposal) -> Result<QuoteReport> {
    p.check()?;
    let grid = week_grid(p.interval_minutes)?;
    let open = open_flags(p, &grid);
    let base = size(p, &grid, &open, 1.0, None)?;
    let heads = p.support.headcount(base.fte);
    let monthly = p.costs.price(&heads, Some(base.contacts));
    let mut service_level_table = Vec::new();
    for (sl, t) in STANDARD_TARGETS {
        let target = RowTarget {
            service_level: sl,
            answer_seconds: t,
        };
        let s = size(p, &grid, &open, 1.0, Some(target))?;
        service_level_table.push(row(
            p,
            format!("{:.0}/{:.0}", sl * 100.0, t),
            &s,
            Some(target),
            is_client_target(p, target),
        ));
    }
    let mut volume_sensitivity = Vec::new();
    for dv in VOLUME_CHANGES {
        let s = if dv == 0.0 {
            Sized {
                channels: Vec::new(),
                fte: base.fte,
                contacts: base.contacts,
            }
        } else {
            size(p, &grid, &open, 1.0 + dv, None)?
        };
        volume_sensitivity.push(row(p, format!("{:+.0}%", dv * 100.0), &s, None, dv == 0.0));
    }
    let paid: f64 = base.channels.iter().map(|c| c.fte).sum::<f64>();
    let on_phone: f64 = base
        .channels
        .iter()
        .map(|c| c.weekly_agent_hours)
        .sum::<f64>();
    let paid_per_week = p.paid_hours_per_fte_month / WEEKS_PER_MONTH;
    let shrinkage = if paid > 0.0 {
        1.0 - on_phone / (paid * paid_per_week)
    } else {
        p.shrinkage.total(None)
    };
    let volumes: Vec<Vec<f64>> = p
        .channels
        .iter()
        .map(|c| week_volume(c, &grid, &open, 1.0))
        .collect();
    let sharing = super::sharing::share(
        p,
        &super::sharing::Week {
            grid: &grid,
            volumes: &volumes,
            channels: &base.channels,
            fte: base.fte,
            contacts: base.contacts,
        },
    )?;
    Ok(QuoteReport {
        sharing,
        client: p.client.clone(),
        currency: p.costs.currency.clone(),
        production_fte: base.fte,
        production_agents: base.fte.ceil() as u32,
        total_headcount: total_people(&heads),
        headcount: heads,
        monthly_contacts: base.contacts,
        monthly,
        service_level_table,
        volume_sensitivity,
        shrinkage,
        channels: base.channels,
    })
}

/// Columns a string takes in a terminal: CJK and full-width characters take two.
fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `width` terminal columns.
pub(super) fn pad(s: &str, width: usize) -> String {
    format!("{s}{}", " ".repeat(width.saturating_sub(display_width(s))))
}

/// A readable one-page summary (`paiban quote --format text`).
pub fn render_text(r: &QuoteReport) -> String {
    use std::fmt::Write;
    let mut s = String::new();
    let cur = &r.currency;
    let _ = writeln!(s, "Proposal sizing: {}", r.client);
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{} {:>8} {:>12} {:>8} {:>10} {:>10} {:>12}",
        pad("channel", 28),
        "type",
        "contacts/mo",
        "peak",
        "FTE",
        "avg-FTE",
        "contacts/day"
    );
    for c in &r.channels {
        let _ = writeln!(
            s,
            "{} {:>8} {:>12.0} {:>8} {:>10.1} {:>10.1} {:>12.1}",
            pad(&c.name, 28),
            format!("{:?}", c.channel).to_lowercase(),
            c.monthly_volume,
            c.peak_agents,
            c.fte,
            c.naive_fte,
            c.contacts_per_agent_day
        );
        if let Some(v) = c.sales_per_agent_day {
            let _ = writeln!(s, "{} sales per agent per day: {v:.0} {cur}", pad("", 28));
        }
    }
    let h = &r.headcount;
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Production FTE {:.1} ({} agents) + {} team leads + {} QA + {} trainers = {} people",
        r.production_fte, r.production_agents, h.team_leads, h.qa, h.trainers, r.total_headcount
    );
    let m = &r.monthly;
    let _ = writeln!(
        s,
        "Monthly cost {:.0} {cur} (direct {:.0} + overhead {:.0}); price {:.0} {cur}, margin {:.0} {cur}",
        m.total_cost, m.direct_cost, m.overhead_cost, m.price, m.margin
    );
    let _ = writeln!(
        s,
        "Price per FTE-month {:.0} {cur}; per contact {:.2} {cur}",
        m.price_per_fte_month,
        m.price_per_contact.unwrap_or(0.0)
    );
    for (title, rows) in [
        ("Service level vs price", &r.service_level_table),
        ("Volume sensitivity", &r.volume_sensitivity),
    ] {
        let _ = writeln!(s);
        let _ = writeln!(s, "{title}");
        let _ = writeln!(
            s,
            "  {:<8} {:>8} {:>8} {:>14} {:>12} {:>10}",
            "", "FTE", "people", "price/month", "price/FTE", "per contact"
        );
        for q in rows.iter() {
            let _ = writeln!(
                s,
                "  {:<8} {:>8.1} {:>8} {:>14.0} {:>12.0} {:>10.2}",
                q.label,
                q.fte,
                q.headcount,
                q.monthly_price,
                q.price_per_fte_month,
                q.price_per_contact.unwrap_or(0.0)
            );
        }
    }
    if let Some(sh) = &r.sharing {
        super::sharing::render_text(&mut s, sh, cur);
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::from_json;

    fn flat_voice(daily_volume: f64) -> Proposal {
        from_json(
            "proposal",
            &format!(
                r#"{{
              "version": 1, "client": "Flat Co", "interval_minutes": 30,
              "opening_hours": {{"mon": [{{"open": "00:00", "close": "24:00"}}],
                "tue": [{{"open": "00:00", "close": "24:00"}}], "wed": [{{"open": "00:00", "close": "24:00"}}],
                "thu": [{{"open": "00:00", "close": "24:00"}}], "fri": [{{"open": "00:00", "close": "24:00"}}],
                "sat": [{{"open": "00:00", "close": "24:00"}}], "sun": [{{"open": "00:00", "close": "24:00"}}]}},
              "channels": [{{"queue": {{"id": "hotline", "name": "Hotline", "channel": "voice", "aht_seconds": 180,
                 "target": {{"service_level": 0.8, "answer_seconds": 20}}}}, "daily_volume": {daily_volume}}}],
              "shrinkage": {{"combine": "additive", "components": {{"other": 0.3}}}},
              "paid_hours_per_fte_month": 174, "paid_hours_per_day": 8,
              "costs": {{"currency": "CNY", "agent_monthly_wage": 6000, "on_costs": 0.35,
                 "seat_monthly": 900, "overhead": 0.1, "target_margin": 0.2}},
              "support": {{"agents_per_team_lead": 13, "agents_per_qa": 22}}
            }}"#
            ),
        )
        .unwrap()
    }

    #[test]
    fn a_flat_steady_client_is_sized_by_erlang_per_interval() {
        // 100 contacts per 30 minutes around the clock: `paiban erlang` says 14 agents.
        let r = quote(&flat_voice(4800.0)).unwrap();
        let c = &r.channels[0];
        assert!(c.agents_per_interval.iter().all(|&a| a == 14));
        assert_eq!(c.peak_agents, 14);
        assert!((c.weekly_agent_hours - 14.0 * 168.0).abs() < 1e-9);
        let paid_per_week = 174.0 / WEEKS_PER_MONTH;
        let want_fte = 14.0 * 168.0 / 0.7 / paid_per_week;
        assert!(
            (r.production_fte - want_fte).abs() < 1e-9,
            "{}",
            r.production_fte
        );
        // Average-based sizing (10 Erlangs) misses the queueing margin.
        assert!((c.naive_fte - 10.0 * 168.0 / 0.7 / paid_per_week).abs() < 1e-9);
        assert!((r.monthly_contacts - 4800.0 * 7.0 * WEEKS_PER_MONTH).abs() < 1e-6);
        assert!((r.shrinkage - 0.3).abs() < 1e-12);
        let h = r.headcount;
        assert_eq!(r.production_agents, want_fte.ceil() as u32);
        assert_eq!(h.team_leads, (want_fte.ceil() / 13.0).ceil() as u32);
        assert_eq!(h.qa, (want_fte.ceil() / 22.0).ceil() as u32);
    }

    #[test]
    fn stricter_service_and_more_volume_cost_more() {
        let r = quote(&flat_voice(2000.0)).unwrap();
        let sl: Vec<f64> = r.service_level_table.iter().map(|q| q.fte).collect();
        assert_eq!(r.service_level_table[1].label, "80/20");
        assert!(sl.windows(2).all(|w| w[0] <= w[1]), "{sl:?}");
        assert!((r.service_level_table[1].fte - r.production_fte).abs() < 1e-9);
        let vol: Vec<f64> = r
            .volume_sensitivity
            .iter()
            .map(|q| q.monthly_price)
            .collect();
        // Agents are whole people per interval, so nearby volumes can cost the same.
        assert!(vol.windows(2).all(|w| w[0] <= w[1]), "{vol:?}");
        assert!(vol[0] < vol[4], "{vol:?}");
        assert_eq!(r.volume_sensitivity[2].label, "+0%");
        assert!(render_text(&r).contains("Production FTE"));
    }

    #[test]
    fn the_service_level_rows_keep_each_channels_other_caps() {
        // A tight abandonment cap (1% with 60 s patience) binds above 80/20: a row that dropped
        // it would be cheaper than the headline at the same 80/20.
        let mut p = flat_voice(4800.0);
        let q = &mut p.channels[0].queue;
        q.patience_seconds = Some(60.0);
        q.target.as_mut().unwrap().max_abandon_rate = Some(0.01);
        let r = quote(&p).unwrap();
        let row = &r.service_level_table[1];
        assert_eq!(row.label, "80/20");
        assert!(row.is_headline);
        assert_eq!(row.fte, r.production_fte);
        assert_eq!(row.headcount, r.total_headcount);
        assert_eq!(row.monthly_price, r.monthly.price);
        assert_eq!(
            row.targets[0].target.as_ref().unwrap().max_abandon_rate,
            Some(0.01)
        );
        let mut loose = p.clone();
        loose.channels[0]
            .queue
            .target
            .as_mut()
            .unwrap()
            .max_abandon_rate = None;
        assert!(quote(&loose).unwrap().production_fte < r.production_fte);
        // The other rows are not the client's target and say what they hold each channel to.
        assert!(!r.service_level_table[2].is_headline);
        let t = r.service_level_table[2].targets[0].target.as_ref().unwrap();
        assert_eq!((t.service_level, t.answer_seconds), (0.9, 10.0));
        assert_eq!(t.max_abandon_rate, Some(0.01));
        assert!(r.volume_sensitivity[2].is_headline);
        assert!(!r.volume_sensitivity[0].is_headline);
    }

    #[test]
    fn patterns_shape_the_week_and_bad_fields_are_named() {
        let mut p = flat_voice(4800.0);
        p.channels[0].weekday_pattern = Some(vec![1.0, 1.0, 1.0, 1.0, 1.0, 0.0, 0.0]);
        let r = quote(&p).unwrap();
        let per_day = 48;
        assert!(r.channels[0].agents_per_interval[5 * per_day..]
            .iter()
            .all(|&a| a == 0));
        p.channels[0].weekday_pattern = Some(vec![1.0; 6]);
        assert_eq!(quote(&p).unwrap_err().path(), "channels[0].weekday_pattern");
        let mut p = flat_voice(4800.0);
        p.channels[0].monthly_volume = Some(1.0);
        assert_eq!(quote(&p).unwrap_err().path(), "channels[0].monthly_volume");
        let mut p = flat_voice(4800.0);
        p.costs.on_costs = -1.0;
        assert_eq!(quote(&p).unwrap_err().path(), "costs.on_costs");
    }
}
