//! Intraday reforecast on the bank data: at 10:00 and 14:00 of each of the last 20 days, the
//! rest of the day forecast from the actuals so far against the forecast made at midnight.
//! Since the midnight forecast corrects its level from yesterday (select.rs), the morning adds
//! little on this bank: the reforecast learns a small weight and must not do worse than 1%
//! (relative) of the midnight forecast, which itself must stay below the 15.2% the reforecast
//! reached before the level correction.

use paiban::forecast::{forecast, ForecastOptions};
use paiban::history::History;
use paiban::time::Grid;

fn truncate(h: &History, idx: usize) -> History {
    History {
        grid: Grid { len: idx, ..h.grid },
        volume: h.volume[..idx].to_vec(),
        aht_seconds: None,
        rows: idx,
        warnings: vec![],
    }
}

#[test]
fn reforecast_at_10_and_14_is_no_worse_than_the_midnight_forecast() {
    let path = format!(
        "{}/../shared/data/israel_bank_1999_60min.csv",
        env!("CARGO_MANIFEST_DIR")
    );
    let h = History::from_csv(&std::fs::read_to_string(path).unwrap()).unwrap();
    let per = 24;
    let days = h.grid.len / per;
    let opts = ForecastOptions::default();
    let (mut err_mid, mut err_re, mut act) = (0.0, 0.0, 0.0);
    for d in days - 20..days {
        let midnight = d * per;
        let end = midnight + per;
        let f0 = forecast(&truncate(&h, midnight), h.grid.time(end), &opts).unwrap();
        for cut in [10, 14] {
            let at = midnight + cut;
            let f1 = forecast(&truncate(&h, at), h.grid.time(end), &opts).unwrap();
            assert!(f1.intraday_factor.is_some());
            for i in at..end {
                let a = h.volume[i].unwrap();
                err_mid += (f0.volume[i - midnight] - a).abs();
                err_re += (f1.volume[i - at] - a).abs();
                act += a;
            }
        }
    }
    let (w0, w1) = (err_mid / act, err_re / act);
    eprintln!(
        "rest-of-day WAPE: midnight forecast {:.2}%, reforecast {:.2}%",
        100.0 * w0,
        100.0 * w1
    );
    assert!(w0 < 0.150, "midnight {w0}");
    assert!(w1 < 1.01 * w0, "{w1} vs {w0}");
}
