//! The queue configuration a scenario embeds: one entry per contact type a team answers
//! (pre-sales hotline, after-sales chat, complaint e-mail), with its channel, handle time and
//! service target. Plain serde data; [`Queue::validate`] names bad fields by JSON path.

use super::deferred::WindowClock;
use super::model::ServiceModel;
use super::requirement::Target;
use crate::error::{fraction, positive};
use crate::{Error, Result};
use serde::{Deserialize, Serialize};

/// How contacts of a queue are served.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// Phone calls: one at a time, Erlang C (Erlang A with `patience_seconds`).
    Voice,
    /// Chat: up to `concurrency` at once per agent.
    Chat,
    /// E-mail / tickets: deferred work finished within `response_window_minutes`.
    Email,
}

/// One queue (contact type) of a scenario.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Queue {
    /// Stable identifier used to match forecast volumes (`"presales"`).
    pub id: String,
    /// Name shown to planners (`"售前热线"`).
    pub name: String,
    /// Channel: `voice`, `chat` or `email`.
    pub channel: Channel,
    /// Average handle time in seconds when no per-interval AHT is forecast (chat: at
    /// concurrency 1 unless `aht_seconds_by_concurrency` is given).
    pub aht_seconds: f64,
    /// Service target (required for voice and chat; ignored for e-mail, which has a window).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<Target>,
    /// Mean patience in seconds: contacts abandon after an exponential time with this mean
    /// (voice: Erlang A; chat: abandoning chats). `null` = nobody abandons.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patience_seconds: Option<f64>,
    /// Chat: most chats one agent holds at once (1..=10). Required for chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub concurrency: Option<u32>,
    /// Chat: handle time per chat (seconds) when the agent has 1, 2, ... chats open; one entry per
    /// level up to `concurrency`. `null` = `aht_seconds` at every level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub aht_seconds_by_concurrency: Option<Vec<f64>>,
    /// Highest occupancy allowed, in `(0, 1]` (e.g. 0.85); `null` = no cap.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
    /// E-mail: every item must be finished within this many minutes. Required for e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_window_minutes: Option<f64>,
    /// E-mail: whether the window counts `open_hours` only or `calendar` time. Required for
    /// e-mail.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_window_clock: Option<WindowClock>,
}

impl Queue {
    /// Check every field; `prefix` is the queue's JSON path (`queues[0]`).
    pub fn validate(&self, prefix: &str) -> Result<()> {
        let p = |f: &str| format!("{prefix}.{f}");
        positive(&p("aht_seconds"), self.aht_seconds)?;
        if let Some(v) = self.patience_seconds {
            positive(&p("patience_seconds"), v)?;
        }
        if let Some(m) = self.max_occupancy {
            positive(&p("max_occupancy"), m)?;
            fraction(&p("max_occupancy"), m, 0.0, 1.0)?;
        }
        match self.channel {
            Channel::Voice | Channel::Chat => match &self.target {
                Some(t) => t.validate(&p("target"))?,
                None => {
                    return Err(Error::invalid(
                        p("target"),
                        "a service target {service_level, answer_seconds}",
                        "nothing",
                    ))
                }
            },
            Channel::Email => {
                let w = self.response_window_minutes.ok_or_else(|| {
                    Error::invalid(
                        p("response_window_minutes"),
                        "a response window in minutes for e-mail",
                        "nothing",
                    )
                })?;
                positive(&p("response_window_minutes"), w)?;
                if self.response_window_clock.is_none() {
                    return Err(Error::invalid(
                        p("response_window_clock"),
                        "\"open_hours\" or \"calendar\"",
                        "nothing",
                    ));
                }
            }
        }
        if self.channel == Channel::Chat {
            let k = self.concurrency.ok_or_else(|| {
                Error::invalid(
                    p("concurrency"),
                    "the most chats per agent (1..=10)",
                    "nothing",
                )
            })?;
            if k == 0 || k as usize > super::chat::MAX_CONCURRENCY {
                return Err(Error::invalid(p("concurrency"), "1..=10", k));
            }
            if let Some(levels) = &self.aht_seconds_by_concurrency {
                if levels.len() != k as usize {
                    return Err(Error::Inconsistent {
                        path: p("aht_seconds_by_concurrency"),
                        other: p("concurrency"),
                        message: format!("{} handle times for concurrency {k}", levels.len()),
                    });
                }
                for (i, v) in levels.iter().enumerate() {
                    positive(&p(&format!("aht_seconds_by_concurrency[{i}]")), *v)?;
                }
            }
        }
        Ok(())
    }

    /// The service model with handle time `aht_seconds` (an interval's forecast AHT; chat
    /// levels are scaled by `aht_seconds / self.aht_seconds`). `None` for e-mail.
    pub fn service_model(&self, aht_seconds: f64) -> Option<ServiceModel> {
        match self.channel {
            Channel::Voice => Some(ServiceModel::Voice {
                aht_seconds,
                patience_seconds: self.patience_seconds,
            }),
            Channel::Chat => {
                let k = self.concurrency.unwrap_or(1).max(1) as usize;
                let scale = aht_seconds / self.aht_seconds;
                let levels = match &self.aht_seconds_by_concurrency {
                    Some(l) => l.iter().map(|v| v * scale).collect(),
                    None => vec![aht_seconds; k],
                };
                Some(ServiceModel::Chat {
                    aht_seconds_by_concurrency: levels,
                    patience_seconds: self.patience_seconds,
                })
            }
            Channel::Email => None,
        }
    }
}
