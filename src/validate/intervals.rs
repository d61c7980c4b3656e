//! Generic per-interval checks: achieved service level, ASA, abandonment and occupancy against
//! targets. They need no plan types, so the achieved figures can come from the Erlang formulas,
//! from a simulation ([`achieved_from_simulation`]) or from a hand-written file.

use super::report::{Report, Severity, Subject, Violation};
use crate::error::{self, Error, Result};
use crate::simulate::SimReport;
use serde::{Deserialize, Serialize};

/// Slack for floating-point comparisons: a value this close to its limit meets it.
const EPS: f64 = 1e-9;

/// The targets every interval must meet; an absent target is not checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalTargets {
    /// Minimum service level.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level: Option<ServiceLevelTarget>,
    /// Maximum average speed of answer, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_asa_seconds: Option<f64>,
    /// Maximum abandon rate, a fraction of offered contacts (0.05 = 5%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_abandon_rate: Option<f64>,
    /// Maximum occupancy, a fraction (0.85 = 85%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_occupancy: Option<f64>,
}

/// "`fraction` answered within `answer_seconds`".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServiceLevelTarget {
    /// Share of contacts to answer in time, 0..=1 (0.8 for 80/20).
    pub fraction: f64,
    /// The answer threshold T in seconds (20 for 80/20).
    pub answer_seconds: f64,
}

/// What one interval achieved; an absent figure (e.g. no contacts offered) is not checked.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IntervalAchieved {
    /// Local start of the interval, `YYYY-MM-DDTHH:MM`.
    pub timestamp: String,
    /// Service level achieved (fraction, at the target's answer threshold).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_level: Option<f64>,
    /// ASA achieved, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asa_seconds: Option<f64>,
    /// Abandon rate achieved (fraction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub abandon_rate: Option<f64>,
    /// Occupancy achieved (fraction).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub occupancy: Option<f64>,
}

/// `0.8` -> `"80%"`, `0.855` -> `"85.5%"`.
pub(crate) fn pct(x: f64) -> String {
    let p = format!("{:.1}", x * 100.0);
    format!("{}%", p.strip_suffix(".0").unwrap_or(&p))
}

/// `20.0` -> `"20 s"`, `7.84` -> `"7.8 s"`.
pub(crate) fn secs(x: f64) -> String {
    let p = format!("{x:.1}");
    format!("{} s", p.strip_suffix(".0").unwrap_or(&p))
}

/// The human-readable rule names of `targets`, as they appear in reports.
pub fn rule_names(targets: &IntervalTargets) -> Vec<String> {
    let mut v = Vec::new();
    if let Some(sl) = &targets.service_level {
        v.push(format!(
            "service level >= {} within {}",
            pct(sl.fraction),
            secs(sl.answer_seconds)
        ));
    }
    if let Some(x) = targets.max_asa_seconds {
        v.push(format!("ASA <= {}", secs(x)));
    }
    if let Some(x) = targets.max_abandon_rate {
        v.push(format!("abandon rate <= {}", pct(x)));
    }
    if let Some(x) = targets.max_occupancy {
        v.push(format!("occupancy <= {}", pct(x)));
    }
    v
}

fn validate_targets(t: &IntervalTargets) -> Result<()> {
    if let Some(sl) = &t.service_level {
        error::fraction("targets.service_level.fraction", sl.fraction, 0.0, 1.0)?;
        error::non_negative("targets.service_level.answer_seconds", sl.answer_seconds)?;
    }
    if let Some(x) = t.max_asa_seconds {
        error::non_negative("targets.max_asa_seconds", x)?;
    }
    if let Some(x) = t.max_abandon_rate {
        error::fraction("targets.max_abandon_rate", x, 0.0, 1.0)?;
    }
    if let Some(x) = t.max_occupancy {
        error::fraction("targets.max_occupancy", x, 0.0, 1.0)?;
    }
    Ok(())
}

/// One check: `get` picks the figure, `breaks(value, limit)` says whether it fails.
fn check(
    report: &mut Report,
    rule: String,
    achieved: &[IntervalAchieved],
    limit: f64,
    get: impl Fn(&IntervalAchieved) -> Option<f64>,
    breaks: impl Fn(f64, f64) -> bool,
    message: impl Fn(f64) -> String,
) {
    let mut checked = 0;
    let mut violations = Vec::new();
    for a in achieved {
        let Some(value) = get(a).filter(|x| !x.is_nan()) else {
            continue;
        };
        checked += 1;
        if breaks(value, limit) {
            violations.push(Violation {
                rule: rule.clone(),
                severity: Severity::Error,
                subject: Subject::Interval {
                    timestamp: a.timestamp.clone(),
                },
                value,
                limit,
                message: message(value),
            });
        }
    }
    report.record(rule, checked, violations);
}

/// Check every interval's achieved figures against `targets`: one check (one JUnit test case)
/// per target given, one violation per interval that misses it. Errors name the bad target.
pub fn check_intervals(targets: &IntervalTargets, achieved: &[IntervalAchieved]) -> Result<Report> {
    validate_targets(targets)?;
    for (i, a) in achieved.iter().enumerate() {
        for (name, x) in [
            ("service_level", a.service_level),
            ("abandon_rate", a.abandon_rate),
            ("occupancy", a.occupancy),
        ] {
            if let Some(x) = x {
                if x.is_finite() && !(0.0..=1.0 + EPS).contains(&x) {
                    return Err(Error::invalid(
                        format!("achieved[{i}].{name}"),
                        "a fraction between 0 and 1",
                        x,
                    ));
                }
            }
        }
    }
    let mut names = rule_names(targets).into_iter();
    let mut report = Report::new();
    let mut next = || names.next().unwrap_or_default();
    if let Some(sl) = &targets.service_level {
        let target = sl.fraction;
        let t = sl.answer_seconds;
        check(
            &mut report,
            next(),
            achieved,
            target,
            |a| a.service_level,
            |v, l| v < l - EPS,
            |v| {
                format!(
                    "service level {} within {} is below the target {}",
                    pct(v),
                    secs(t),
                    pct(target)
                )
            },
        );
    }
    if let Some(limit) = targets.max_asa_seconds {
        check(
            &mut report,
            next(),
            achieved,
            limit,
            |a| a.asa_seconds,
            |v, l| v > l + EPS,
            |v| format!("ASA {} is above the limit {}", secs(v), secs(limit)),
        );
    }
    if let Some(limit) = targets.max_abandon_rate {
        check(
            &mut report,
            next(),
            achieved,
            limit,
            |a| a.abandon_rate,
            |v, l| v > l + EPS,
            |v| format!("abandon rate {} is above the limit {}", pct(v), pct(limit)),
        );
    }
    if let Some(limit) = targets.max_occupancy {
        check(
            &mut report,
            next(),
            achieved,
            limit,
            |a| a.occupancy,
            |v, l| v > l + EPS,
            |v| format!("occupancy {} is above the limit {}", pct(v), pct(limit)),
        );
    }
    Ok(report)
}

/// The per-interval means of a simulation as achieved figures (service level on the offered
/// basis, ASA over all offered contacts). Use the simulation's `answer_seconds` equal to the
/// target's.
pub fn achieved_from_simulation(report: &SimReport) -> Vec<IntervalAchieved> {
    report
        .intervals
        .iter()
        .map(|iv| IntervalAchieved {
            timestamp: iv.timestamp.clone(),
            service_level: iv.stats.service_level.map(|e| e.mean),
            asa_seconds: iv.stats.asa_seconds.map(|e| e.mean),
            abandon_rate: iv.stats.abandon_rate.map(|e| e.mean),
            occupancy: iv.stats.occupancy.map(|e| e.mean),
        })
        .collect()
}

/// Check a simulation against `targets`, allowing for its sampling error: an interval whose
/// whole 95% confidence interval misses a target is an error; one whose mean misses it while
/// the interval still reaches the target is only a warning ("inconclusive: run more
/// replications"), so a CI pipeline does not fail on simulation noise.
pub fn check_simulation(targets: &IntervalTargets, report: &SimReport) -> Result<Report> {
    if let Some(sl) = &targets.service_level {
        if (sl.answer_seconds - report.answer_seconds).abs() > EPS {
            return Err(Error::Inconsistent {
                path: "targets.service_level.answer_seconds".into(),
                other: "simulation.answer_seconds".into(),
                message: format!(
                    "the target counts answers within {} but the simulation within {}",
                    secs(sl.answer_seconds),
                    secs(report.answer_seconds)
                ),
            });
        }
    }
    let means = achieved_from_simulation(report);
    // The most favourable end of each interval: high service level, low everything else.
    let fraction = |x: f64| x.clamp(0.0, 1.0);
    let best: Vec<IntervalAchieved> = report
        .intervals
        .iter()
        .map(|iv| IntervalAchieved {
            timestamp: iv.timestamp.clone(),
            service_level: iv
                .stats
                .service_level
                .map(|e| fraction(e.hi.unwrap_or(e.mean))),
            asa_seconds: iv
                .stats
                .asa_seconds
                .map(|e| e.lo.unwrap_or(e.mean).max(0.0)),
            abandon_rate: iv
                .stats
                .abandon_rate
                .map(|e| fraction(e.lo.unwrap_or(e.mean))),
            occupancy: iv.stats.occupancy.map(|e| fraction(e.lo.unwrap_or(e.mean))),
        })
        .collect();
    let mut out = check_intervals(targets, &means)?;
    let sure = check_intervals(targets, &best)?;
    for v in &mut out.violations {
        let confirmed = sure
            .violations
            .iter()
            .any(|w| w.rule == v.rule && w.subject == v.subject);
        if !confirmed {
            v.severity = Severity::Warning;
            v.message.push_str(
                " (but the target is inside the simulation's 95% confidence interval: \
                 inconclusive, run more replications)",
            );
        }
    }
    out.passed = out.violations.iter().all(|v| v.severity != Severity::Error);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn achieved(ts: &str, sl: f64, asa: f64, ab: f64, occ: f64) -> IntervalAchieved {
        IntervalAchieved {
            timestamp: ts.into(),
            service_level: Some(sl),
            asa_seconds: Some(asa),
            abandon_rate: Some(ab),
            occupancy: Some(occ),
        }
    }

    fn targets() -> IntervalTargets {
        IntervalTargets {
            service_level: Some(ServiceLevelTarget {
                fraction: 0.8,
                answer_seconds: 20.0,
            }),
            max_asa_seconds: Some(30.0),
            max_abandon_rate: Some(0.05),
            max_occupancy: Some(0.85),
        }
    }

    #[test]
    fn formats_read_naturally() {
        assert_eq!(pct(0.8), "80%");
        assert_eq!(pct(0.855), "85.5%");
        assert_eq!(secs(20.0), "20 s");
        assert_eq!(secs(7.836), "7.8 s");
    }

    #[test]
    fn service_level_check_flags_only_intervals_below_target() {
        let t = IntervalTargets {
            service_level: targets().service_level,
            max_asa_seconds: None,
            max_abandon_rate: None,
            max_occupancy: None,
        };
        let a = [
            achieved("2024-01-01T09:00", 0.79, 0.0, 0.0, 0.0),
            achieved("2024-01-01T09:30", 0.8, 0.0, 0.0, 0.0),
            IntervalAchieved {
                timestamp: "2024-01-01T10:00".into(),
                service_level: None,
                asa_seconds: None,
                abandon_rate: None,
                occupancy: None,
            },
        ];
        let r = check_intervals(&t, &a).unwrap();
        assert!(!r.passed);
        assert_eq!(r.exit_code(), 1);
        assert_eq!(r.checks_run.len(), 1);
        assert_eq!(r.checks_run[0].rule, "service level >= 80% within 20 s");
        assert_eq!(r.checks_run[0].checked, 2);
        assert_eq!(r.violations.len(), 1);
        let v = &r.violations[0];
        assert_eq!(
            v.subject,
            Subject::Interval {
                timestamp: "2024-01-01T09:00".into()
            }
        );
        assert_eq!((v.value, v.limit), (0.79, 0.8));
        assert_eq!(
            v.message,
            "service level 79% within 20 s is below the target 80%"
        );
    }

    #[test]
    fn asa_abandon_and_occupancy_checks_flag_values_above_their_limit() {
        let a = [
            achieved("2024-01-01T09:00", 0.9, 31.0, 0.02, 0.80),
            achieved("2024-01-01T09:30", 0.9, 10.0, 0.051, 0.80),
            achieved("2024-01-01T10:00", 0.9, 10.0, 0.02, 0.86),
            achieved("2024-01-01T10:30", 0.9, 30.0, 0.05, 0.85),
        ];
        let r = check_intervals(&targets(), &a).unwrap();
        let rules: Vec<&str> = r.violations.iter().map(|v| v.rule.as_str()).collect();
        assert_eq!(
            rules,
            ["ASA <= 30 s", "abandon rate <= 5%", "occupancy <= 85%"]
        );
        let ts: Vec<String> = r.violations.iter().map(|v| v.subject.to_string()).collect();
        assert_eq!(
            ts,
            [
                "interval 2024-01-01T09:00",
                "interval 2024-01-01T09:30",
                "interval 2024-01-01T10:00"
            ]
        );
        assert_eq!(r.checks_run.iter().map(|c| c.checked).sum::<usize>(), 16);
    }

    #[test]
    fn a_clean_plan_passes_with_exit_code_zero() {
        let a = [achieved("2024-01-01T09:00", 0.9, 5.0, 0.01, 0.7)];
        let r = check_intervals(&targets(), &a).unwrap();
        assert!(r.passed && r.violations.is_empty());
        assert_eq!(r.exit_code(), 0);
        assert_eq!(r.checks_run.len(), 4);
    }

    #[test]
    fn simulation_checks_fail_only_when_the_whole_interval_misses() {
        use crate::simulate::{simulate, HandleTime, SimInput, SimInterval};
        let input = SimInput {
            interval_minutes: 30,
            start: "2024-01-01T09:00".into(),
            answer_seconds: 20.0,
            handle_time: HandleTime::Exponential,
            patience_seconds: None,
            concurrency: None,
            overdispersion: None,
            warmup_intervals: 0,
            replications: None,
            seed: None,
            intervals: vec![
                // Clearly understaffed, clearly fine.
                SimInterval {
                    volume: 100.0,
                    aht_seconds: 180.0,
                    agents: 11,
                },
                SimInterval {
                    volume: 100.0,
                    aht_seconds: 180.0,
                    agents: 16,
                },
            ],
        };
        let sim = simulate(&input, 10, 3).unwrap();
        let mean_sl = sim.intervals[1].stats.service_level.unwrap();
        let mut t = targets();
        t.max_asa_seconds = None;
        t.max_abandon_rate = None;
        t.max_occupancy = None;
        let r = check_simulation(&t, &sim).unwrap();
        assert_eq!(r.violations.len(), 1);
        assert_eq!(r.violations[0].severity, Severity::Error);
        assert!(!r.passed);
        // A target just above the second interval's mean but inside its interval: a warning.
        t.service_level = Some(ServiceLevelTarget {
            fraction: (mean_sl.mean + mean_sl.half_width.unwrap() / 2.0).min(1.0),
            answer_seconds: 20.0,
        });
        let r = check_simulation(&t, &sim).unwrap();
        let second: Vec<_> = r
            .violations
            .iter()
            .filter(|v| v.subject.to_string() == "interval 2024-01-01T09:30")
            .collect();
        assert_eq!(second.len(), 1);
        assert_eq!(second[0].severity, Severity::Warning);
        assert!(second[0].message.contains("inconclusive"));
        t.service_level = Some(ServiceLevelTarget {
            fraction: 0.8,
            answer_seconds: 30.0,
        });
        assert_eq!(
            check_simulation(&t, &sim).unwrap_err().kind(),
            "inconsistent"
        );
    }

    #[test]
    fn bad_targets_and_figures_are_input_errors() {
        let mut t = targets();
        t.max_occupancy = Some(85.0);
        let e = check_intervals(&t, &[]).unwrap_err();
        assert_eq!(e.path(), "targets.max_occupancy");
        let a = [achieved("2024-01-01T09:00", 80.0, 5.0, 0.01, 0.7)];
        let e = check_intervals(&targets(), &a).unwrap_err();
        assert_eq!(e.path(), "achieved[0].service_level");
    }

    mod props {
        use super::*;
        use proptest::prelude::*;

        proptest! {
            #[test]
            fn stricter_targets_never_find_fewer_violations(
                sls in proptest::collection::vec(0.0f64..=1.0, 0..20),
                lo in 0.0f64..=1.0,
                step in 0.0f64..=0.5,
            ) {
                let achieved: Vec<IntervalAchieved> = sls
                    .iter()
                    .enumerate()
                    .map(|(i, &sl)| IntervalAchieved {
                        timestamp: format!("2024-01-01T{:02}:00", i),
                        service_level: Some(sl),
                        asa_seconds: None,
                        abandon_rate: None,
                        occupancy: Some(sl),
                    })
                    .collect();
                let t = |f: f64| IntervalTargets {
                    service_level: Some(ServiceLevelTarget { fraction: f, answer_seconds: 20.0 }),
                    max_asa_seconds: None,
                    max_abandon_rate: None,
                    max_occupancy: Some(1.0 - f),
                };
                let hi = (lo + step).min(1.0);
                let loose = check_intervals(&t(lo), &achieved).unwrap();
                let strict = check_intervals(&t(hi), &achieved).unwrap();
                prop_assert!(loose.violations.len() <= strict.violations.len());
                for r in [&loose, &strict] {
                    prop_assert_eq!(r.passed, r.violations.is_empty());
                    prop_assert_eq!(r.exit_code(), u8::from(!r.violations.is_empty()));
                    for c in &r.checks_run {
                        prop_assert!(c.violations <= c.checked);
                        prop_assert_eq!(c.checked, achieved.len());
                    }
                }
            }
        }
    }
}
