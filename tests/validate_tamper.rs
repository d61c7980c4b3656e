//! The validator trusts nothing: structured tampering of a valid plan (truncate or extend any
//! array, drop a list item, change a number, an id, a flag or a time) must never panic, and must
//! never pass where a figure the validator checks changed.
//!
//! The plan is the demo shop cut to two days (forecast from histories, a
//! schedule, a roster), so every section is present. What validate cannot recompute is listed
//! in `UNCHECKED` with the reason; everything else must fail (exit 1 or 2).

use paiban::history::History;
use paiban::plan::{plan, Plan};
use paiban::scenario::Scenario;
use paiban::validate::{check_plan, PlanChecks};
use serde_json::Value;
use std::collections::BTreeMap;

/// Paths whose change validate does not (cannot) see, with why.
const UNCHECKED: &[(&str, &str)] = &[
    (
        "scenario",
        "a changed scenario is another plan's input, not a figure (no-panic only)",
    ),
    ("warnings", "warnings are advice, not figures"),
    ("schedule.warnings", "advice"),
    (
        "schedule.solver.method",
        "a label of how the solver got there",
    ),
    ("schedule.solver.candidates", "a solver statistic"),
    ("schedule.solver.lp", "solver statistics"),
    // A history-based forecast needs the history, which a plan does not carry; its method
    // label, backtest error and bands are checked for consistency (nested bands) only.
    (".method", "forecast label"),
    (".source", "forecast label"),
    (".backtest_wape", "the model's own backtest"),
    (".lo80", "prediction band"),
    (".hi80", "prediction band"),
    (".lo95", "prediction band"),
    (".hi95", "prediction band"),
];

fn unchecked(path: &str) -> bool {
    UNCHECKED.iter().any(|(p, _)| {
        if p.starts_with('.') {
            path.starts_with("forecast[") && path.contains(p)
        } else {
            path == *p || path.starts_with(&format!("{p}.")) || path.starts_with(&format!("{p}["))
        }
    })
}

fn base_plan() -> Plan {
    let text = std::fs::read_to_string("examples/shop.json").unwrap();
    let mut s = Scenario::from_json(&text).unwrap();
    s.horizon.days = 2;
    for a in &mut s.agents {
        a.days_off.retain(|&d| d < 2);
        a.requests.retain(|r| r.day < 2);
    }
    for c in &mut s.contracts {
        c.min_minutes = 0;
    }
    s.solver.roster_iterations = 60_000;
    let h: BTreeMap<String, History> = s
        .history
        .iter()
        .map(|(q, f)| {
            let text = std::fs::read_to_string(format!("examples/{f}")).unwrap();
            (q.clone(), History::from_csv(&text).unwrap())
        })
        .collect();
    plan(&s, &h).unwrap()
}

/// The handle time of an interval with no contacts changes nothing a plan reports.
fn idle_handle_time(doc: &Value, path: &str) -> bool {
    let Some(rest) = path.strip_prefix("forecast[") else {
        return false;
    };
    let Some((q, rest)) = rest.split_once("].aht_seconds[") else {
        return false;
    };
    let (Ok(q), Ok(i)) = (
        q.parse::<usize>(),
        rest.trim_end_matches(']').parse::<usize>(),
    ) else {
        return false;
    };
    if doc["forecast"][q]["volume"][i].as_f64() == Some(0.0) {
        return true;
    }
    // An e-mail item whose response deadline lies past the horizon needs no agent inside it,
    // so its handle time changes no figure of this plan.
    let queue = &doc["scenario"]["queues"][q];
    let n = doc["timestamps"].as_array().map_or(0, Vec::len);
    let step = doc["scenario"]["interval_minutes"].as_f64().unwrap_or(60.0) as usize;
    let window = queue["response_window_minutes"].as_f64().unwrap_or(0.0) as usize;
    queue["channel"] == "email" && (n - i) * step <= window
}

/// 0 passed, 1 failed, 2 bad input (the CLI's exit codes); `None` for a panic.
fn verdict(v: &Value) -> Option<u8> {
    std::panic::catch_unwind(|| {
        let Ok(p) = serde_json::from_value::<Plan>(v.clone()) else {
            return 2;
        };
        match check_plan(&p, PlanChecks { simulate: None }) {
            Err(_) => 2,
            Ok(r) => r.exit_code(),
        }
    })
    .ok()
}

/// A named change of the plan document.
struct Mutation {
    path: String,
    what: &'static str,
    doc: Value,
}

fn pointer_mut<'a>(v: &'a mut Value, path: &[Step]) -> &'a mut Value {
    let mut cur = v;
    for s in path {
        cur = match s {
            Step::Key(k) => &mut cur[k.as_str()],
            Step::Index(i) => &mut cur[*i],
        };
    }
    cur
}

#[derive(Clone)]
enum Step {
    Key(String),
    Index(usize),
}

fn render(path: &[Step]) -> String {
    let mut out = String::new();
    for s in path {
        match s {
            Step::Key(k) => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Step::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// Indices of an array worth mutating: the ends, the middle and the largest number (a busy
/// interval), so a per-interval array is probed where its figures matter.
fn probes(items: &[Value]) -> Vec<usize> {
    let n = items.len();
    if n == 0 {
        return Vec::new();
    }
    let mut idx = vec![0, n / 2, n - 1];
    let big = items
        .iter()
        .enumerate()
        .filter_map(|(i, x)| x.as_f64().map(|f| (i, f)))
        .max_by(|a, b| a.1.total_cmp(&b.1));
    if let Some((i, _)) = big {
        idx.push(i);
    }
    idx.sort_unstable();
    idx.dedup();
    idx
}

fn shift_time(s: &str, minutes: i64) -> Option<String> {
    let t = chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%dT%H:%M").ok()?;
    Some(
        (t + chrono::Duration::minutes(minutes))
            .format("%Y-%m-%dT%H:%M")
            .to_string(),
    )
}

fn mutations(root: &Value) -> Vec<Mutation> {
    let mut out = Vec::new();
    let mut stack: Vec<Vec<Step>> = vec![Vec::new()];
    while let Some(path) = stack.pop() {
        let mut cur = root;
        for s in &path {
            cur = match s {
                Step::Key(k) => &cur[k.as_str()],
                Step::Index(i) => &cur[*i],
            };
        }
        let p = render(&path);
        let mut push = |what: &'static str, f: &dyn Fn(&mut Value)| {
            let mut doc = root.clone();
            f(pointer_mut(&mut doc, &path));
            out.push(Mutation {
                path: p.clone(),
                what,
                doc,
            });
        };
        match cur {
            Value::Object(m) => {
                for k in m.keys() {
                    let mut next = path.clone();
                    next.push(Step::Key(k.clone()));
                    stack.push(next);
                }
            }
            Value::Array(items) => {
                if !items.is_empty() {
                    push("truncate", &|v| {
                        v.as_array_mut().unwrap().pop();
                    });
                    push("extend", &|v| {
                        let a = v.as_array_mut().unwrap();
                        let last = a.last().cloned().unwrap();
                        a.push(last);
                    });
                    if items.len() > 1 {
                        push("drop the first item", &|v| {
                            v.as_array_mut().unwrap().remove(0);
                        });
                    }
                }
                for i in probes(items) {
                    let mut next = path.clone();
                    next.push(Step::Index(i));
                    stack.push(next);
                }
            }
            Value::Number(n) => {
                let x = n.as_f64().unwrap();
                if n.is_u64() || n.is_i64() {
                    push("plus one", &|v| *v = Value::from(x as i64 + 1));
                    if x >= 1.0 {
                        push("minus one", &|v| *v = Value::from(x as i64 - 1));
                    }
                } else {
                    push("scaled", &|v| *v = Value::from(x * 1.1 + 0.5));
                }
            }
            Value::Bool(b) => {
                let b = *b;
                push("flipped", &|v| *v = Value::from(!b));
            }
            Value::String(s) => {
                let s = s.clone();
                if let Some(t) = shift_time(&s, 30) {
                    push("time moved by an interval", &|v| {
                        *v = Value::from(t.clone())
                    });
                } else {
                    push("id changed", &|v| *v = Value::from(format!("{s}x")));
                }
            }
            Value::Null => push("null made 0", &|v| *v = Value::from(0)),
        }
    }
    out
}

#[test]
fn tampering_never_panics_and_never_passes_a_changed_figure() {
    let plan = base_plan();
    assert!(plan.roster.is_some());
    let doc = serde_json::to_value(&plan).unwrap();
    let clean = check_plan(&plan, PlanChecks { simulate: None }).unwrap();
    let first: Vec<&str> = clean
        .violations
        .iter()
        .take(5)
        .map(|v| v.message.as_str())
        .collect();
    assert!(
        clean.passed,
        "the untouched plan validates clean: {first:?}"
    );
    assert_eq!(verdict(&doc), Some(0));
    let all = mutations(&doc);
    assert!(all.len() > 500, "{} mutations", all.len());
    let mut missed = Vec::new();
    let mut counts = [0usize; 3];
    for m in &all {
        let Some(code) = verdict(&m.doc) else {
            panic!("{} ({}): the validator panicked", m.path, m.what);
        };
        counts[code as usize] += 1;
        if code == 0 && !unchecked(&m.path) && !idle_handle_time(&doc, &m.path) {
            missed.push(format!("{} ({})", m.path, m.what));
        }
    }
    eprintln!(
        "{} mutations: {} passed (unchecked paths), {} failed, {} bad input",
        all.len(),
        counts[0],
        counts[1],
        counts[2]
    );
    assert!(
        missed.is_empty(),
        "{} changed figures passed validation:\n{}",
        missed.len(),
        missed.join("\n")
    );
}

/// With given volumes the whole forecast is recomputable: every change to it (bands and labels
/// included) must fail.
#[test]
fn a_given_forecast_is_checked_in_full() {
    let base = base_plan();
    let mut s = base.scenario.clone();
    s.horizon.days = 1;
    s.agents.clear();
    s.rules = None;
    let n = 48;
    s.volumes = base
        .forecast
        .iter()
        .map(|f| paiban::staffing::horizon::QueueForecast {
            queue: f.queue.clone(),
            volume: f.volume[..n].to_vec(),
            aht_seconds: None,
        })
        .collect();
    s.history.clear();
    let p = plan(&s, &BTreeMap::new()).unwrap();
    let doc = serde_json::to_value(&p).unwrap();
    let clean = check_plan(&p, PlanChecks { simulate: None }).unwrap();
    assert!(clean.passed, "{:?}", clean.violations.first());
    let mut tried = 0;
    for m in mutations(&doc) {
        if !(m.path.starts_with("forecast") || m.path.starts_with("open")) {
            continue;
        }
        tried += 1;
        let code = verdict(&m.doc).unwrap_or_else(|| panic!("{}: panic", m.path));
        let idle = m.path.contains(".aht_seconds[") && idle_handle_time(&doc, &m.path);
        assert!(
            code != 0 || idle,
            "{} ({}) passed validation",
            m.path,
            m.what
        );
    }
    assert!(tried > 50, "{tried}");
}
