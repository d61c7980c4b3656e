//! Stage 2: agents per queue and interval, and positions in total, from the forecast (the
//! staffing engine's horizon loop on the frame's grid, with the scenario's queues, shrinkage
//! and the forecast's opening).

use super::forecast::ForecastStage;
use super::frame::{Checked, Frame};
use crate::error::Result;
use crate::staffing::horizon::{requirements, HorizonRequirements, QueueForecast};

/// Agents per queue and interval, and positions in total, from a checked forecast.
pub fn requirements_stage(
    frame: &Frame,
    f: &Checked<ForecastStage>,
) -> Result<Checked<HorizonRequirements>> {
    let s = frame.scenario();
    let qf: Vec<QueueForecast> = f
        .forecast
        .iter()
        .map(|q| QueueForecast {
            queue: q.queue.clone(),
            volume: q.volume.clone(),
            aht_seconds: Some(q.aht_seconds.clone()),
        })
        .collect();
    requirements(
        frame.grid(),
        &s.queues,
        &qf,
        Some(&s.shrinkage),
        Some(&f.open),
    )
    .and_then(|r| frame.requirements("requirements", r))
}
