//! Give back what planners' tools open: a plan as an `.xlsx` workbook (排班表), one sheet per
//! view — the roster (agents × days, one colour per shift), the shift list, coverage per
//! interval and the KPIs — with frozen headers and names exactly as the planner typed them.
//! Bytes in memory; the CLI writes them to a file, the page offers them as a download.

pub mod xlsx;

use crate::plan::Plan;
use serde::{Deserialize, Serialize};
use xlsx::{Rgb, Sheet, Style, XCell};

/// Labels of the workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Lang {
    /// 中文.
    #[default]
    #[serde(rename = "zh-CN")]
    Zh,
    /// English.
    #[serde(rename = "en")]
    En,
}

fn l(lang: Lang, zh: &'static str, en: &'static str) -> &'static str {
    match lang {
        Lang::Zh => zh,
        Lang::En => en,
    }
}

/// Shift colours, light enough for black text, distinct in print (one per template; a
/// template's later start times reuse its colour).
pub const PALETTE: [Rgb; 10] = [
    [0xBD, 0xD7, 0xEE], // blue
    [0xFF, 0xE6, 0x99], // yellow
    [0xC6, 0xEF, 0xCE], // green
    [0xF8, 0xCB, 0xAD], // orange
    [0xD9, 0xC3, 0xE9], // purple
    [0xB4, 0xE5, 0xE5], // teal
    [0xFF, 0xC7, 0xCE], // pink
    [0xDD, 0xEB, 0xB5], // olive
    [0xE2, 0xD5, 0xC3], // sand
    [0xC9, 0xD1, 0xF0], // indigo
];
/// Days off.
pub const OFF: Rgb = [0xED, 0xED, 0xED];
/// Header rows.
pub const HEADER: Rgb = [0xD9, 0xD9, 0xD9];

const WEEKDAYS_ZH: [&str; 7] = ["一", "二", "三", "四", "五", "六", "日"];
const WEEKDAYS_EN: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

fn head(s: &str) -> XCell {
    XCell::Text(
        s.to_string(),
        Style {
            fill: Some(HEADER),
            bold: true,
            num_format: None,
        },
    )
}

fn day_label(date: &str, lang: Lang) -> String {
    let wd = chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d")
        .map(|d| crate::time::Weekday::of(d).index())
        .unwrap_or(0);
    let md = date.get(5..).unwrap_or(date);
    match lang {
        Lang::Zh => format!("{md} 周{}", WEEKDAYS_ZH[wd]),
        Lang::En => format!("{md} {}", WEEKDAYS_EN[wd]),
    }
}

/// The colour of each template, in order of first appearance in the schedule.
pub fn template_colours(plan: &Plan) -> Vec<(String, Rgb)> {
    let mut out: Vec<(String, Rgb)> = Vec::new();
    let names = plan.schedule.shifts.iter().map(|s| &s.template).chain(
        plan.roster
            .iter()
            .flat_map(|r| r.shift_types.iter().map(|t| &t.template)),
    );
    for t in names {
        if !out.iter().any(|(n, _)| n == t) {
            let c = PALETTE[out.len() % PALETTE.len()];
            out.push((t.clone(), c));
        }
    }
    out
}

fn colour_of(colours: &[(String, Rgb)], template: &str) -> Rgb {
    colours
        .iter()
        .find(|(n, _)| n == template)
        .map_or(PALETTE[0], |(_, c)| *c)
}

/// The template of a roster shift (by its index into the roster's shift types).
pub fn shift_template(r: &crate::plan::PlanRoster, shift: usize) -> &str {
    r.shift_types
        .get(shift)
        .map_or("?", |t| t.template.as_str())
}

/// The plan as an `.xlsx` workbook (see the module docs).
pub fn plan_workbook(plan: &Plan, lang: Lang) -> Vec<u8> {
    let colours = template_colours(plan);
    let mut sheets = Vec::new();
    if let Some(r) = &plan.roster {
        let mut rows = Vec::new();
        let mut h = vec![head(l(lang, "工号", "ID")), head(l(lang, "姓名", "Name"))];
        h.extend(
            r.days
                .iter()
                .map(|d| head(&day_label(&d.format("%Y-%m-%d").to_string(), lang))),
        );
        h.push(head(l(lang, "工时", "Paid hours")));
        rows.push(h);
        for a in &r.agents {
            let mut row = vec![XCell::text(&a.id), XCell::text(&a.name)];
            for d in 0..r.days.len() {
                row.push(match a.shifts.iter().find(|s| s.day == d) {
                    Some(s) => {
                        let template = shift_template(r, s.shift);
                        XCell::Text(
                            format!(
                                "{} {}-{}",
                                template,
                                s.start.0.format("%H:%M"),
                                s.end.0.format("%H:%M")
                            ),
                            Style {
                                fill: Some(colour_of(&colours, template)),
                                ..Style::default()
                            },
                        )
                    }
                    None => XCell::Text(
                        l(lang, "休", "off").into(),
                        Style {
                            fill: Some(OFF),
                            ..Style::default()
                        },
                    ),
                });
            }
            row.push(XCell::Number(
                a.paid_hours,
                Style {
                    num_format: Some(2),
                    ..Style::default()
                },
            ));
            rows.push(row);
        }
        rows.push(Vec::new());
        rows.push(vec![head(l(lang, "班次图例", "Shift colours"))]);
        for (t, c) in &colours {
            rows.push(vec![XCell::Text(
                t.clone(),
                Style {
                    fill: Some(*c),
                    ..Style::default()
                },
            )]);
        }
        rows.push(vec![XCell::Text(
            l(lang, "休", "off").into(),
            Style {
                fill: Some(OFF),
                ..Style::default()
            },
        )]);
        let mut widths = vec![10.0, 12.0];
        widths.extend(std::iter::repeat(16.0).take(r.days.len()));
        widths.push(10.0);
        sheets.push(Sheet {
            name: l(lang, "排班表", "Roster").into(),
            rows,
            freeze_rows: 1,
            freeze_cols: 2,
            widths,
        });
    }

    // The shift list.
    let mut rows = vec![vec![
        head(l(lang, "班次", "Template")),
        head(l(lang, "日期", "Date")),
        head(l(lang, "开始", "Start")),
        head(l(lang, "结束", "End")),
        head(l(lang, "人数", "Agents")),
        head(l(lang, "休息", "Breaks")),
        head(l(lang, "带薪工时", "Paid hours")),
        head(l(lang, "成本", "Cost")),
    ]];
    for s in &plan.schedule.shifts {
        let breaks: Vec<String> = s
            .breaks
            .iter()
            .map(|b| format!("{} {}min", b.start.0.format("%H:%M"), b.minutes))
            .collect();
        rows.push(vec![
            XCell::Text(
                s.template.clone(),
                Style {
                    fill: Some(colour_of(&colours, &s.template)),
                    ..Style::default()
                },
            ),
            XCell::text(s.start.0.format("%Y-%m-%d").to_string()),
            XCell::text(s.start.0.format("%H:%M").to_string()),
            XCell::text(s.end.0.format("%H:%M").to_string()),
            XCell::num(f64::from(s.count)),
            XCell::text(breaks.join(", ")),
            XCell::Number(
                s.paid_hours,
                Style {
                    num_format: Some(2),
                    ..Style::default()
                },
            ),
            XCell::Number(
                s.cost,
                Style {
                    num_format: Some(2),
                    ..Style::default()
                },
            ),
        ]);
    }
    sheets.push(Sheet {
        name: l(lang, "班次", "Shifts").into(),
        rows,
        freeze_rows: 1,
        freeze_cols: 0,
        widths: vec![14.0, 12.0, 8.0, 8.0, 8.0, 28.0, 10.0, 10.0],
    });

    // Coverage per interval.
    let mut rows = vec![vec![
        head(l(lang, "时间", "Interval")),
        head(l(lang, "需求", "Required")),
        head(l(lang, "排班", "Scheduled")),
        head(l(lang, "缺口", "Short")),
        head(l(lang, "富余", "Over")),
    ]];
    for c in &plan.schedule.coverage {
        let short = Style {
            fill: (c.under > 0.0).then_some([0xFF, 0xC7, 0xCE]),
            ..Style::default()
        };
        rows.push(vec![
            XCell::text(c.timestamp.0.format("%Y-%m-%d %H:%M").to_string()),
            XCell::num(c.required),
            XCell::num(c.scheduled),
            XCell::Number(c.under, short),
            XCell::num(c.over),
        ]);
    }
    sheets.push(Sheet {
        name: l(lang, "覆盖", "Coverage").into(),
        rows,
        freeze_rows: 1,
        freeze_cols: 1,
        widths: vec![18.0, 10.0, 10.0, 10.0, 10.0],
    });

    // KPIs per queue.
    let pct = Style {
        num_format: Some(10),
        ..Style::default()
    };
    let mut rows = vec![vec![
        head(l(lang, "队列", "Queue")),
        head(l(lang, "服务水平", "Service level")),
        head(l(lang, "平均应答(秒)", "ASA (s)")),
        head(l(lang, "放弃率", "Abandon rate")),
        head(l(lang, "未达标区间", "Intervals below target")),
    ]];
    for q in &plan.kpis.queues {
        let name = plan
            .scenario
            .queues
            .iter()
            .find(|x| x.id == q.queue)
            .map_or(q.queue.clone(), |x| x.name.clone());
        let opt = |x: Option<f64>, st: Style| x.map_or(XCell::Empty, |v| XCell::Number(v, st));
        rows.push(vec![
            XCell::text(name),
            opt(q.service_level_total, pct),
            opt(
                q.asa_total,
                Style {
                    num_format: Some(1),
                    ..Style::default()
                },
            ),
            opt(q.abandon_total, pct),
            XCell::num(q.intervals_below_target as f64),
        ]);
    }
    rows.push(Vec::new());
    let k = &plan.kpis;
    rows.push(vec![
        head(l(lang, "总成本", "Cost")),
        XCell::Number(
            k.cost,
            Style {
                num_format: Some(2),
                ..Style::default()
            },
        ),
    ]);
    rows.push(vec![
        head(l(lang, "带薪工时", "Paid hours")),
        XCell::Number(
            k.paid_hours,
            Style {
                num_format: Some(2),
                ..Style::default()
            },
        ),
    ]);
    rows.push(vec![
        head(l(lang, "班次数", "Shifts")),
        XCell::num(f64::from(k.shifts)),
    ]);
    rows.push(vec![
        head(l(lang, "话务量", "Contacts")),
        XCell::Number(
            k.contacts,
            Style {
                num_format: Some(1),
                ..Style::default()
            },
        ),
    ]);
    sheets.push(Sheet {
        name: l(lang, "指标", "KPIs").into(),
        rows,
        freeze_rows: 1,
        freeze_cols: 1,
        widths: vec![18.0, 14.0, 14.0, 14.0, 16.0],
    });
    xlsx::workbook(&sheets)
}
