//! The forecaster on synthetic centres whose truth is known: a weekday-only office exported
//! without closed hours, a short history, an intraday reforecast, events, AHT and bad input.

use paiban::forecast::{
    backtest, forecast, BacktestOptions, DayFlag, Event, ForecastOptions, ForecastWarning, Method,
};
use paiban::history::History;
use paiban::time::{format_timestamp, parse_timestamp, Grid};
use proptest::prelude::*;

/// Deterministic pseudo-random numbers (a 64-bit LCG, Knuth MMIX constants).
struct Lcg(u64);
impl Lcg {
    fn uniform(&mut self) -> f64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        ((self.0 >> 11) as f64 + 0.5) / (1u64 << 53) as f64
    }
    /// Poisson by inversion (fine for the small means used here).
    fn poisson(&mut self, mean: f64) -> f64 {
        let (mut k, mut p, mut s) = (0.0, (-mean).exp(), (-mean).exp());
        let u = self.uniform();
        while u > s && k < 10_000.0 {
            k += 1.0;
            p *= mean / k;
            s += p;
        }
        k
    }
}

/// Mean volume of a weekday office, Mon-Fri 08:00-18:00, peaking late morning.
fn office_mean(weekday: usize, hour: usize) -> f64 {
    if weekday >= 5 || !(8..18).contains(&hour) {
        return 0.0;
    }
    let shape = [30.0, 55.0, 70.0, 65.0, 45.0, 50.0, 60.0, 55.0, 40.0, 25.0][hour - 8];
    shape * [1.2, 1.0, 1.0, 0.95, 0.8][weekday]
}

/// `days` days from Monday 2024-01-01, rows only for open hours (as many ACD exports do);
/// `holiday` days have almost no calls.
fn office(days: usize, holiday: &[usize], seed: u64) -> History {
    let mut rng = Lcg(seed);
    let mut csv = String::from("timestamp,volume,aht_seconds\n");
    let start = parse_timestamp("2024-01-01T00:00").unwrap();
    for d in 0..days {
        for h in 0..24 {
            let m = office_mean(d % 7, h);
            if m == 0.0 {
                continue;
            }
            let m = if holiday.contains(&d) { 1.0 } else { m };
            let t = start + chrono::Duration::hours((d * 24 + h) as i64);
            let aht = 200.0 + 10.0 * h as f64;
            csv += &format!("{},{},{aht}\n", format_timestamp(t), rng.poisson(m));
        }
    }
    History::from_csv(&csv).unwrap()
}

fn until(s: &str) -> chrono::NaiveDateTime {
    parse_timestamp(s).unwrap()
}

#[test]
fn weekday_only_office_is_learned_with_its_calendar() {
    let h = office(70, &[30], 7); // day 30 is a Wednesday holiday
    let f = forecast(&h, until("2024-03-18T00:00"), &ForecastOptions::default()).unwrap();
    // No weekend rows: the history ends Friday 2024-03-08 17:00 and the forecast starts after.
    assert_eq!(format_timestamp(f.grid.start), "2024-03-08T18:00");
    let mut err = 0.0;
    let mut tot = 0.0;
    for (j, v) in f.volume.iter().enumerate() {
        let t = f.grid.time(j);
        let wd = f.grid.weekday(j).index();
        let hour = t.format("%H").to_string().parse::<usize>().unwrap();
        let truth = office_mean(wd, hour);
        assert_eq!(f.open[j], truth > 0.0, "{}", format_timestamp(t));
        if truth == 0.0 {
            assert_eq!(*v, 0.0);
        }
        err += (v - truth).abs();
        tot += truth;
        assert!(f.lo80[j] <= *v && *v <= f.hi80[j]);
        assert!(f.lo95[j] <= f.lo80[j] && f.hi80[j] <= f.hi95[j]);
    }
    // Against the true mean the forecast is within a few percent.
    assert!(err / tot < 0.08, "WAPE vs truth {}", err / tot);
    assert!(f
        .excluded_days
        .iter()
        .any(|d| d.date == "2024-01-31" && d.reason == DayFlag::Low));
    assert!(f.members.iter().map(|m| m.weight).sum::<f64>() > 0.999);
    // The export ends at Friday's closing time: Friday is a complete day, not "today".
    assert_eq!(f.intraday_factor, None);
    assert!(!f.excluded_days.iter().any(|d| d.date == "2024-03-08"));
    // AHT follows the hour-of-day pattern.
    let aht = f.aht_seconds.as_ref().unwrap();
    let j = (0..f.volume.len())
        .find(|&j| format_timestamp(f.grid.time(j)) == "2024-03-11T12:00")
        .unwrap();
    assert!((aht[j] - 320.0).abs() < 1.0, "{}", aht[j]);
}

#[test]
fn short_history_still_forecasts_with_a_warning() {
    let h = office(10, &[], 3);
    let f = forecast(&h, until("2024-01-15T00:00"), &ForecastOptions::default()).unwrap();
    assert!(f
        .warnings
        .iter()
        .any(|w| matches!(w, ForecastWarning::ShortHistory { .. })));
    assert!(f.volume.iter().sum::<f64>() > 0.0);
}

#[test]
fn intraday_reforecast_follows_a_hot_morning() {
    // Six weeks whose days vary ±20% in level, then a Monday whose morning runs 40% hot;
    // the history ends at 12:00.
    let mut rng = Lcg(5);
    let mut csv = String::from("timestamp,volume\n");
    let start = parse_timestamp("2024-01-01T00:00").unwrap();
    for d in 0..43 {
        let level = 0.8 + 0.4 * rng.uniform();
        for h in 0..24 {
            let t = start + chrono::Duration::hours((d * 24 + h) as i64);
            if d == 42 && h >= 12 {
                break;
            }
            let m = office_mean(d % 7, h) * if d == 42 { 1.4 } else { level };
            if m > 0.0 {
                csv += &format!("{},{}\n", format_timestamp(t), rng.poisson(m));
            }
        }
    }
    let h = History::from_csv(&csv).unwrap();
    let f = forecast(&h, until("2024-02-13T00:00"), &ForecastOptions::default()).unwrap();
    let factor = f.intraday_factor.unwrap();
    assert!(factor > 1.0 && factor < 1.55, "{factor}");
    assert_eq!(format_timestamp(f.grid.start), "2024-02-12T12:00");
    assert!(factor > 1.15, "{factor}");
}

fn flat_history(weeks: usize, bump: Option<(usize, f64)>) -> History {
    // 24/7 hotline, 10 calls an hour; `bump` multiplies one day.
    let mut csv = String::from("timestamp,volume\n");
    let start = parse_timestamp("2024-01-01T00:00").unwrap();
    for d in 0..weeks * 7 {
        let k = match bump {
            Some((b, m)) if b == d => m,
            _ => 1.0,
        };
        for h in 0..24 {
            let t = start + chrono::Duration::hours((d * 24 + h) as i64);
            csv += &format!("{},{}\n", format_timestamp(t), 10.0 * k);
        }
    }
    History::from_csv(&csv).unwrap()
}

fn event(name: &str, start: &str, end: &str, multiplier: Option<f64>, closed: bool) -> Event {
    Event {
        name: name.into(),
        start: parse_timestamp(start).unwrap(),
        end: parse_timestamp(end).unwrap(),
        multiplier,
        closed,
    }
}

#[test]
fn events_scale_close_and_learn_their_uplift() {
    // A promotion on 2024-01-17 (day 16) tripled volume; it repeats on 2024-02-13.
    let h = flat_history(6, Some((16, 3.0)));
    let events = vec![
        event("promo", "2024-01-17T00:00", "2024-01-18T00:00", None, false),
        event("promo", "2024-02-13T00:00", "2024-02-14T00:00", None, false),
        event(
            "holiday",
            "2024-02-14T00:00",
            "2024-02-15T00:00",
            None,
            true,
        ),
        event(
            "sale",
            "2024-02-15T09:00",
            "2024-02-15T12:00",
            Some(2.0),
            false,
        ),
    ];
    let opts = ForecastOptions {
        events,
        ..ForecastOptions::default()
    };
    let f = forecast(&h, until("2024-02-16T00:00"), &opts).unwrap();
    let at = |s: &str| {
        let j = (0..f.volume.len())
            .find(|&j| format_timestamp(f.grid.time(j)) == s)
            .unwrap();
        (f.volume[j], f.open[j])
    };
    assert!((at("2024-02-12T10:00").0 - 10.0).abs() < 0.5);
    // Learned uplift ~3 (and the promo day itself was kept out of the fit).
    assert!(
        (at("2024-02-13T10:00").0 - 30.0).abs() < 1.5,
        "{:?}",
        at("2024-02-13T10:00")
    );
    assert_eq!(at("2024-02-14T10:00"), (0.0, false));
    assert!((at("2024-02-15T10:00").0 - 20.0).abs() < 1.0);
    assert!((at("2024-02-15T13:00").0 - 10.0).abs() < 0.5);
    assert!(f
        .excluded_days
        .iter()
        .any(|d| d.date == "2024-01-17" && d.reason == DayFlag::Event));
    assert!(!f
        .warnings
        .iter()
        .any(|w| matches!(w, ForecastWarning::EventNotLearned { .. })));
}

#[test]
fn an_unlearnable_event_is_flagged() {
    let h = flat_history(3, None);
    let opts = ForecastOptions {
        events: vec![event(
            "launch",
            "2024-01-23T00:00",
            "2024-01-24T00:00",
            None,
            false,
        )],
        ..ForecastOptions::default()
    };
    let f = forecast(&h, until("2024-01-25T00:00"), &opts).unwrap();
    assert!(f.warnings.contains(&ForecastWarning::EventNotLearned {
        name: "launch".into()
    }));
}

#[test]
fn aggregating_to_a_coarser_interval_keeps_the_totals() {
    let h = flat_history(4, None);
    let half = {
        let mut csv = String::from("timestamp,volume\n");
        for i in 0..h.grid.len * 2 {
            let t = h.grid.start + chrono::Duration::minutes(30 * i as i64);
            csv += &format!("{},5\n", format_timestamp(t));
        }
        History::from_csv(&csv).unwrap()
    };
    let opts = ForecastOptions {
        interval_minutes: Some(60),
        ..ForecastOptions::default()
    };
    let f = forecast(&half, until("2024-01-30T00:00"), &opts).unwrap();
    assert_eq!(f.grid.interval_minutes, 60);
    assert!(f.volume.iter().all(|v| (v - 10.0).abs() < 1e-6));
}

#[test]
fn every_method_can_be_pinned() {
    let h = office(35, &[], 11);
    for m in Method::ALL {
        let opts = ForecastOptions {
            method: m,
            ..ForecastOptions::default()
        };
        let f = forecast(&h, until("2024-02-12T00:00"), &opts).unwrap();
        assert_eq!(f.method, m);
        assert!(f.volume.iter().sum::<f64>() > 1000.0, "{m}");
        if m != Method::Auto {
            assert_eq!(f.members.len(), 1, "{m}");
            assert!(f.members[0].method.starts_with(m.name()), "{m}");
        }
    }
}

#[test]
fn bad_requests_name_the_field() {
    let h = flat_history(2, None);
    let e = forecast(&h, until("2024-01-10T00:00"), &ForecastOptions::default()).unwrap_err();
    assert_eq!(e.path(), "until");
    let e = forecast(&h, until("2024-01-20T00:30"), &ForecastOptions::default()).unwrap_err();
    assert_eq!(e.path(), "until");
    let e = forecast(&h, until("2024-12-20T00:00"), &ForecastOptions::default()).unwrap_err();
    assert_eq!(e.kind(), "too_large");
    let opts = ForecastOptions {
        interval_minutes: Some(45),
        ..ForecastOptions::default()
    };
    let e = forecast(&h, until("2024-01-16T00:00"), &opts).unwrap_err();
    assert_eq!(e.path(), "interval_minutes");
    let bad: Result<ForecastOptions, _> = serde_json::from_str(r#"{"methd":"auto"}"#);
    assert!(bad.is_err());
    let ok: ForecastOptions =
        serde_json::from_str(r#"{"method":"smoothing","events":[]}"#).unwrap();
    assert_eq!(ok.method, Method::Smoothing);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]
    /// Whatever the history (gaps, zeros, spikes, start time), the forecast is finite,
    /// non-negative, zero when closed, and the intervals nest around it.
    #[test]
    fn forecasts_are_sane_for_any_history(
        vals in prop::collection::vec(prop::option::weighted(0.9, 0.0f64..500.0), 24 * 9..24 * 30),
        start_hour in 0u32..24,
        horizon in 1usize..100,
    ) {
        let start = parse_timestamp("2024-03-01T00:00").unwrap()
            + chrono::Duration::hours(start_hour as i64);
        let h = History {
            grid: Grid::new(start, 60, vals.len()).unwrap(),
            volume: vals.clone(),
            aht_seconds: None,
            rows: vals.len(),
            warnings: vec![],
        };
        let end = h.grid.time(vals.len() + horizon);
        match forecast(&h, end, &ForecastOptions::default()) {
            Ok(f) => {
                prop_assert_eq!(f.volume.len(), horizon);
                for j in 0..horizon {
                    let v = f.volume[j];
                    prop_assert!(v.is_finite() && v >= 0.0);
                    prop_assert!(f.open[j] || v == 0.0);
                    prop_assert!(f.lo95[j] <= f.lo80[j] && f.lo80[j] <= v);
                    prop_assert!(v <= f.hi80[j] && f.hi80[j] <= f.hi95[j]);
                    prop_assert!(f.lo95[j] >= 0.0 && f.hi95[j].is_finite());
                }
            }
            // Only acceptable failure: no complete day to learn from.
            Err(e) => prop_assert_eq!(e.kind(), "empty"),
        }
    }
}

#[test]
fn fixed_date_holidays_recur_from_last_year() {
    // A 24/7 line through 2023 with New Year's Day at a fifth of its norm.
    let mut csv = String::from("timestamp,volume\n");
    let start = parse_timestamp("2023-01-01T00:00").unwrap();
    for d in 0..364 {
        for h in 0..24 {
            let t = start + chrono::Duration::hours((d * 24 + h) as i64);
            let v = if d == 0 { 4.0 } else { 20.0 };
            csv += &format!("{},{v}\n", format_timestamp(t));
        }
    }
    let h = History::from_csv(&csv).unwrap();
    let f = forecast(&h, until("2024-01-03T00:00"), &ForecastOptions::default()).unwrap();
    assert_eq!(format_timestamp(f.grid.start), "2023-12-31T00:00");
    let day = |k: usize| f.volume[k * 24..(k + 1) * 24].iter().sum::<f64>();
    assert!((day(0) - 480.0).abs() < 10.0, "{}", day(0));
    assert!((day(1) - 96.0).abs() < 10.0, "{}", day(1));
    assert!((day(2) - 480.0).abs() < 10.0, "{}", day(2));
    assert!(f.warnings.iter().any(|w| matches!(
        w,
        ForecastWarning::RecurringHoliday { date, .. } if date == "2024-01-01"
    )));
    // A user event on that day takes precedence over the learned holiday.
    let opts = ForecastOptions {
        events: vec![event(
            "open day",
            "2024-01-01T00:00",
            "2024-01-02T00:00",
            Some(1.0),
            false,
        )],
        ..ForecastOptions::default()
    };
    let g = forecast(&h, until("2024-01-03T00:00"), &opts).unwrap();
    assert!((g.volume[24..48].iter().sum::<f64>() - 480.0).abs() < 10.0);
}

#[test]
fn backtest_of_an_export_without_closed_hours_ends_on_its_last_day() {
    let h = office(70, &[], 9); // last row: Friday 2024-03-08 17:00
    let r = backtest(
        &h,
        &BacktestOptions {
            origins: 3,
            horizon_days: 5,
            methods: vec![Method::Auto],
            interval_minutes: None,
            events: vec![],
        },
    )
    .unwrap();
    assert_eq!(
        r.origins.last().map(String::as_str),
        Some("2024-03-04T00:00")
    );
    let m = &r.methods[0];
    assert!(m.wape_nd > 0.0 && m.wape_nd < 0.2, "{}", m.wape_nd);
    assert!(m.mase_nd > 0.0 && m.mase_nd < 1.0, "{}", m.mase_nd);
}
