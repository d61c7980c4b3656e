//! Which column of a planner's file is what, and the engine's guess of it.
//!
//! A [`Mapping`] names columns by their header text (or, for scripts, by letter `C` or 1-based
//! position `3`). Time is one timestamp column, or a date column plus a time-of-day or an
//! interval-range (`09:00-10:00`) column, or a range column that carries its date. Interval
//! reports need a volume and may give AHT, answered, abandoned, answered within the target,
//! agents; per-contact exports give an arrival time, a wait, an outcome, a handle time and an
//! agent. Either may have a queue column: one file, several queues.
//!
//! The guess reads the header names (Chinese and English vocabularies of ACD, chat and ticket
//! reports) and checks them against what the cells contain: a column is only taken as a time
//! if its cells parse as dates or times, and as a count if they parse as numbers. Where the
//! header says nothing, the content decides (the first date-time column is the timestamp, the
//! first count column the volume). The page shows the guess and the planner corrects it.

use super::cells::{self, Cell, DateOrder, Moment};
use super::{Header, Table};
use serde::{Deserialize, Serialize};

/// What one row of the file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum RecordKind {
    /// One row per interval (and queue): a volume per interval.
    #[default]
    Intervals,
    /// One row per contact: arrival, wait, outcome, handle time.
    Contacts,
}

/// From the file's columns to what the engine needs. Columns are named by header text, by
/// letter (`C`) or by 1-based position (`3`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Mapping {
    /// One row per interval or per contact.
    #[serde(default)]
    pub kind: RecordKind,
    /// Date and time in one column (the interval start, or a contact's arrival).
    #[serde(default)]
    pub timestamp: Option<String>,
    /// The date, when the time of day is in another column.
    #[serde(default)]
    pub date: Option<String>,
    /// The time of day (`9:00`), with `date`.
    #[serde(default)]
    pub time: Option<String>,
    /// The interval as a range (`09:00-10:00`), with `date` or with its own date.
    #[serde(default)]
    pub range: Option<String>,
    /// How `1/2/2024` is read.
    #[serde(default)]
    pub date_order: DateOrder,
    /// The queue (skill, skill group) of each row; one history per queue.
    #[serde(default)]
    pub queue: Option<String>,
    /// Contacts offered per interval (interval reports).
    #[serde(default)]
    pub volume: Option<String>,
    /// Average handle time in seconds (interval reports).
    #[serde(default)]
    pub aht_seconds: Option<String>,
    /// Contacts answered per interval.
    #[serde(default)]
    pub answered: Option<String>,
    /// Contacts abandoned per interval.
    #[serde(default)]
    pub abandoned: Option<String>,
    /// Contacts answered within the service-level threshold per interval.
    #[serde(default)]
    pub answered_in_target: Option<String>,
    /// Agents logged in (or serving) per interval.
    #[serde(default)]
    pub agents: Option<String>,
    /// A contact's waiting time (per-contact exports).
    #[serde(default)]
    pub wait_seconds: Option<String>,
    /// A contact's outcome: answered / abandoned (per-contact exports).
    #[serde(default)]
    pub outcome: Option<String>,
    /// A contact's handle (talk + wrap-up) time.
    #[serde(default)]
    pub handle_seconds: Option<String>,
    /// The agent who served a contact.
    #[serde(default)]
    pub agent: Option<String>,
    /// Interval length to aggregate contacts to (required for contacts).
    #[serde(default)]
    pub interval_minutes: Option<u32>,
    /// Service-level threshold in seconds, for observed service levels from waits and for the
    /// model comparison (taken from a header such as `20秒接通量` when it names one).
    #[serde(default)]
    pub answer_seconds: Option<f64>,
    /// Mean patience in seconds for the model comparison when the file cannot tell it (the
    /// per-contact estimate is used otherwise).
    #[serde(default)]
    pub patience_seconds: Option<f64>,
}

/// What the cells of a column look like.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sniffed {
    /// Nothing in the sample.
    Empty,
    /// Dates with times.
    DateTime,
    /// Dates.
    Date,
    /// Times of day (or `h:mm:ss` durations).
    Time,
    /// Interval ranges without a date.
    Range,
    /// Interval ranges with their date.
    DateRange,
    /// Whole numbers.
    Integer,
    /// Numbers.
    Number,
    /// Percentages.
    Percent,
    /// Anything else.
    Text,
}

fn classify(c: &Cell) -> Sniffed {
    if c.is_empty() {
        return Sniffed::Empty;
    }
    if let Cell::Text(s) = c {
        if s.trim_end().ends_with('%') && cells::number(c).is_some() {
            return Sniffed::Percent;
        }
    }
    if let Cell::Number(x) = c {
        if x.fract() == 0.0 && !(19_000_101.0..=21_001_231.0).contains(x) {
            return Sniffed::Integer;
        }
    }
    if matches!(
        c,
        Cell::Text(_) | Cell::Number(_) | Cell::DateTime(_) | Cell::Time(_)
    ) {
        if let Some(m) =
            cells::moment(c, DateOrder::Ymd).or_else(|| cells::moment(c, DateOrder::Dmy))
        {
            // Numbers are serials only when nothing else fits; a count of 45,000 stays a count.
            if !matches!(c, Cell::Number(_)) || matches!(m, Moment::Date(_)) {
                return match m {
                    Moment::DateTime(_) => Sniffed::DateTime,
                    Moment::Date(_) => Sniffed::Date,
                    Moment::Time(_) => Sniffed::Time,
                    Moment::Range { date: None, .. } => Sniffed::Range,
                    Moment::Range { .. } => Sniffed::DateRange,
                };
            }
        }
    }
    match cells::number(c) {
        Some(x) if x.fract() == 0.0 => Sniffed::Integer,
        Some(_) => Sniffed::Number,
        None if matches!(c, Cell::Duration(_)) => Sniffed::Time,
        None => Sniffed::Text,
    }
}

/// What most of the first 200 filled cells of column `col` are (80% agreement, integers
/// counting as numbers); `Text` when they disagree.
pub fn sniff_column(data: &[(usize, Vec<Cell>)], col: usize) -> Sniffed {
    sniff_share(data, col, 4, 5)
}

/// [`sniff_column`] with `num/den` of the cells agreeing (a column whose header names its role
/// needs only a majority, so one bad cell is reported at its row instead of hiding the column).
fn sniff_share(data: &[(usize, Vec<Cell>)], col: usize, num: usize, den: usize) -> Sniffed {
    let kinds: Vec<Sniffed> = data
        .iter()
        .filter_map(|(_, c)| c.get(col))
        .map(classify)
        .filter(|k| *k != Sniffed::Empty)
        .take(200)
        .collect();
    if kinds.is_empty() {
        return Sniffed::Empty;
    }
    let n = kinds.len();
    let count = |f: &dyn Fn(Sniffed) -> bool| kinds.iter().filter(|k| f(**k)).count();
    for k in [
        Sniffed::DateTime,
        Sniffed::Date,
        Sniffed::Time,
        Sniffed::Range,
        Sniffed::DateRange,
        Sniffed::Integer,
        Sniffed::Percent,
    ] {
        if count(&|x| x == k) * den >= n * num {
            return k;
        }
    }
    // Numbers mixed with `h:mm:ss` cells are durations written two ways.
    if count(&|x| matches!(x, Sniffed::Integer | Sniffed::Number | Sniffed::Time)) * den >= n * num
    {
        return Sniffed::Number;
    }
    Sniffed::Text
}

/// Header text for matching: lower case, without blanks, underscores, brackets and dashes.
fn norm(h: &str) -> String {
    h.chars()
        .filter(|c| !c.is_whitespace() && !"_-()（）[]【】/.:：".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Clone, Copy, PartialEq)]
enum Role {
    Queue,
    InTarget,
    Abandoned,
    Answered,
    Aht,
    Agents,
    Wait,
    Handle,
    Outcome,
    Agent,
    Volume,
}

/// Header vocabularies, most specific first (`20秒接通量` before `接通量` before `呼入量`).
const VOCAB: &[(Role, &[&str])] = &[
    (
        Role::InTarget,
        &[
            "秒内接通",
            "秒接通",
            "秒内应答",
            "秒应答",
            "及时接通",
            "服务水平内",
            "answeredwithin",
            "withinsl",
            "insl",
            "withintarget",
            "intarget",
            "slcalls",
            "answeredin",
        ],
    ),
    (
        Role::Abandoned,
        &["放弃", "呼损", "未接", "挂断", "abandon", "lost", "missed"],
    ),
    (
        Role::Aht,
        &[
            "aht",
            "平均处理时长",
            "平均通话时长",
            "平均处理时间",
            "平均通话时间",
            "平均服务时长",
            "平均时长",
            "avghandle",
            "averagehandle",
            "handletimeavg",
            "avgtalk",
        ],
    ),
    (
        Role::Agents,
        &[
            "坐席数",
            "在线人数",
            "上线人数",
            "在岗人数",
            "排班人数",
            "签入人数",
            "值机人数",
            "人数",
            "agents",
            "staffed",
            "loggedin",
            "positions",
            "headcount",
            "servers",
        ],
    ),
    (
        Role::Wait,
        &[
            "排队时长",
            "等待时长",
            "排队时间",
            "等待时间",
            "振铃前等待",
            "wait",
            "queuetime",
            "queued",
            "delay",
            "speedofanswer",
        ],
    ),
    (
        Role::Handle,
        &[
            "通话时长",
            "处理时长",
            "服务时长",
            "通话时间",
            "处理时间",
            "talk",
            "handle",
            "duration",
            "servicetime",
        ],
    ),
    (
        Role::Outcome,
        &[
            "呼叫结果",
            "是否接通",
            "接通状态",
            "结果",
            "状态",
            "outcome",
            "status",
            "result",
            "disposition",
        ],
    ),
    (
        Role::Answered,
        &[
            "接通量",
            "接通数",
            "接听量",
            "接听数",
            "应答量",
            "应答数",
            "接起",
            "已接",
            "人工接通",
            "接通",
            "answered",
            "handled",
            "accepted",
            "connected",
        ],
    ),
    (
        Role::Agent,
        &[
            "坐席工号",
            "坐席",
            "工号",
            "客服",
            "员工",
            "agentid",
            "agent",
            "staff",
            "operator",
            "employee",
        ],
    ),
    (
        Role::Queue,
        &[
            "技能组",
            "队列",
            "技能",
            "业务线",
            "业务组",
            "queue",
            "skill",
            "split",
            "vdn",
            "group",
        ],
    ),
    (
        Role::Volume,
        &[
            "呼入量",
            "来电量",
            "话务量",
            "进线量",
            "呼入数",
            "来电数",
            "进线数",
            "咨询量",
            "会话量",
            "接入量",
            "总呼入",
            "请求数",
            "工单量",
            "呼入",
            "来电",
            "进线",
            "offered",
            "volume",
            "calls",
            "contacts",
            "inbound",
            "arrivals",
            "sessions",
            "chats",
            "tickets",
            "count",
        ],
    ),
];

/// Header words of time columns (used to break ties between time-like columns).
const TIME_WORDS: &[&str] = &[
    "时间",
    "日期",
    "时段",
    "时间段",
    "区间",
    "小时",
    "date",
    "day",
    "time",
    "hour",
    "interval",
    "period",
    "slot",
    "timestamp",
    "start",
    "开始",
    "arrival",
    "来电",
    "进线",
    "created",
    "创建",
];
/// Header words of durations, never a time of day even when the cells read `00:00:35`.
const DURATION_WORDS: &[&str] = &[
    "时长", "等待", "排队", "wait", "handle", "talk", "duration", "aht", "处理", "通话", "振铃",
    "ring", "hold",
];

fn vocab_score(name: &str, words: &[&str]) -> Option<usize> {
    let n = norm(name);
    words
        .iter()
        .position(|w| n == *w)
        .or_else(|| words.iter().position(|w| n.contains(w)).map(|i| 1000 + i))
}

/// Guess the mapping of a table with this header (see the module docs).
pub fn guess(table: &Table, header: &Header) -> Mapping {
    let data = &table.rows[header.index + 1..];
    let known = |i: usize| {
        vocab_score(&header.names[i], TIME_WORDS).is_some()
            || VOCAB
                .iter()
                .any(|(_, w)| vocab_score(&header.names[i], w).is_some())
    };
    let kinds: Vec<Sniffed> = (0..header.names.len())
        .map(|i| {
            if known(i) {
                sniff_share(data, i, 1, 2)
            } else {
                sniff_column(data, i)
            }
        })
        .collect();
    let mut used = vec![false; header.names.len()];
    let mut m = Mapping::default();

    // Time: the columns whose cells are dates or times, best header first.
    let durationish = |i: usize| {
        DURATION_WORDS
            .iter()
            .any(|w| norm(&header.names[i]).contains(w))
    };
    let mut timeish: Vec<usize> = (0..header.names.len())
        .filter(|&i| {
            matches!(
                kinds[i],
                Sniffed::DateTime
                    | Sniffed::Date
                    | Sniffed::Time
                    | Sniffed::Range
                    | Sniffed::DateRange
            ) && !durationish(i)
        })
        .collect();
    timeish.sort_by_key(|&i| vocab_score(&header.names[i], TIME_WORDS).unwrap_or(usize::MAX));
    let first = |k: &[Sniffed]| timeish.iter().copied().find(|&i| k.contains(&kinds[i]));
    let name = |i: usize| Some(header.names[i].clone());
    if let Some(i) = first(&[Sniffed::DateTime]) {
        m.timestamp = name(i);
        used[i] = true;
    } else if let Some(i) = first(&[Sniffed::DateRange]) {
        m.range = name(i);
        used[i] = true;
    } else if let Some(d) = first(&[Sniffed::Date]) {
        m.date = name(d);
        used[d] = true;
        if let Some(r) = first(&[Sniffed::Range]) {
            m.range = name(r);
            used[r] = true;
        } else if let Some(t) = first(&[Sniffed::Time]) {
            m.time = name(t);
            used[t] = true;
        } else if let Some(h) = (0..header.names.len()).find(|&i| {
            kinds[i] == Sniffed::Integer
                && vocab_score(&header.names[i], &["小时", "hour", "时段"]).is_some()
        }) {
            // An hour-of-day column (`9` for 09:00).
            m.time = name(h);
            used[h] = true;
        }
    }

    // Other roles by vocabulary, each checked against its cells.
    let numeric = |k: Sniffed| matches!(k, Sniffed::Integer | Sniffed::Number | Sniffed::Empty);
    let durationlike = |k: Sniffed| {
        matches!(
            k,
            Sniffed::Integer | Sniffed::Number | Sniffed::Time | Sniffed::Empty
        )
    };
    let take =
        |role: Role, fits: &dyn Fn(Sniffed) -> bool, used: &mut Vec<bool>| -> Option<String> {
            let words = VOCAB
                .iter()
                .find(|(r, _)| *r == role)
                .map(|(_, w)| *w)
                .unwrap_or(&[]);
            let best = (0..header.names.len())
                .filter(|&i| !used[i] && fits(kinds[i]))
                .filter_map(|i| vocab_score(&header.names[i], words).map(|s| (s, i)))
                .min()?;
            used[best.1] = true;
            Some(header.names[best.1].clone())
        };
    m.answered_in_target = take(Role::InTarget, &numeric, &mut used);
    m.abandoned = take(Role::Abandoned, &numeric, &mut used);
    m.aht_seconds = take(Role::Aht, &durationlike, &mut used);
    m.agents = take(Role::Agents, &numeric, &mut used);
    m.wait_seconds = take(Role::Wait, &durationlike, &mut used);
    m.handle_seconds = take(Role::Handle, &durationlike, &mut used);
    m.outcome = take(
        Role::Outcome,
        &|k| matches!(k, Sniffed::Text | Sniffed::Integer),
        &mut used,
    );
    m.answered = take(Role::Answered, &numeric, &mut used);
    m.agent = take(
        Role::Agent,
        &|k| matches!(k, Sniffed::Text | Sniffed::Integer),
        &mut used,
    );
    m.queue = take(
        Role::Queue,
        &|k| matches!(k, Sniffed::Text | Sniffed::Integer),
        &mut used,
    );
    m.volume = take(
        Role::Volume,
        &|k| matches!(k, Sniffed::Integer | Sniffed::Number),
        &mut used,
    );

    let per_contact = m.volume.is_none()
        && (m.outcome.is_some() || m.wait_seconds.is_some() || m.handle_seconds.is_some());
    if per_contact {
        m.kind = RecordKind::Contacts;
        // An answered flag column (`是否接通` = 1/0) may have been read as a count.
        if m.outcome.is_none() {
            m.outcome = m.answered.take();
        }
    } else {
        m.wait_seconds = None;
        m.outcome = None;
        m.agent = None;
        if m.aht_seconds.is_none() {
            m.aht_seconds = m.handle_seconds.clone();
        }
        m.handle_seconds = None;
        if m.volume.is_none() {
            // No header says volume: the first whole-number column left over.
            if let Some(i) =
                (0..header.names.len()).find(|&i| !used[i] && kinds[i] == Sniffed::Integer)
            {
                used[i] = true;
                m.volume = Some(header.names[i].clone());
            }
        }
    }
    m.answer_seconds = m
        .answered_in_target
        .as_deref()
        .and_then(threshold_in_header);
    m.date_order = date_order(data, &m, header);
    m
}

/// `20秒接通量` → 20; `answered within 30s` → 30.
fn threshold_in_header(h: &str) -> Option<f64> {
    let digits: String = h
        .chars()
        .skip_while(|c| !c.is_ascii_digit())
        .take_while(char::is_ascii_digit)
        .collect();
    digits
        .parse::<f64>()
        .ok()
        .filter(|x| (1.0..=3600.0).contains(x))
}

/// Month or day first for dates written `a/b/yyyy`: a first part above 12 means day first,
/// a second part above 12 month first; undecided stays month first (Excel in a US locale).
fn date_order(data: &[(usize, Vec<Cell>)], m: &Mapping, header: &Header) -> DateOrder {
    let col = [&m.timestamp, &m.date, &m.range]
        .into_iter()
        .flatten()
        .find_map(|n| header.names.iter().position(|h| h == n));
    let Some(col) = col else {
        return DateOrder::Ymd;
    };
    let mut year_last = false;
    for (_, cells) in data.iter().take(500) {
        let Some(Cell::Text(s)) = cells.get(col) else {
            continue;
        };
        let parts: Vec<&str> = s.trim().split(['/', '-', '.', ' ']).take(3).collect();
        if parts.len() == 3 && parts[2].len() == 4 && parts[0].len() <= 2 {
            year_last = true;
            let a: u32 = parts[0].parse().unwrap_or(0);
            let b: u32 = parts[1].parse().unwrap_or(0);
            if a > 12 {
                return DateOrder::Dmy;
            }
            if b > 12 {
                return DateOrder::Mdy;
            }
        }
    }
    if year_last {
        DateOrder::Mdy
    } else {
        DateOrder::Ymd
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{read_table, ReadOptions};

    fn guess_of(text: &str) -> Mapping {
        let t = read_table(text.as_bytes(), &ReadOptions::default()).unwrap();
        let h = t.header(None).unwrap();
        guess(&t, &h)
    }

    #[test]
    fn chinese_interval_report_with_date_and_range() {
        let m = guess_of("日期,时段,技能组,呼入量,接通量,放弃量,20秒接通量,平均通话时长(秒),坐席数\n2024/1/1,09:00-09:30,售前,12,10,2,8,180,4\n2024/1/1,09:30-10:00,售前,15,14,1,12,170,5\n");
        assert_eq!(m.kind, RecordKind::Intervals);
        assert_eq!(
            (m.date.as_deref(), m.range.as_deref()),
            (Some("日期"), Some("时段"))
        );
        assert_eq!(m.queue.as_deref(), Some("技能组"));
        assert_eq!(m.volume.as_deref(), Some("呼入量"));
        assert_eq!(m.answered.as_deref(), Some("接通量"));
        assert_eq!(m.abandoned.as_deref(), Some("放弃量"));
        assert_eq!(m.answered_in_target.as_deref(), Some("20秒接通量"));
        assert_eq!(m.answer_seconds, Some(20.0));
        assert_eq!(m.aht_seconds.as_deref(), Some("平均通话时长(秒)"));
        assert_eq!(m.agents.as_deref(), Some("坐席数"));
    }

    #[test]
    fn gbk_style_two_columns_and_us_dates() {
        let m = guess_of("时间,呼入量\n2024/1/1 9:00,12\n2024/1/1 9:30,15\n");
        assert_eq!(
            (m.timestamp.as_deref(), m.volume.as_deref()),
            (Some("时间"), Some("呼入量"))
        );
        let m = guess_of("Interval Start,Calls Offered,AHT\n1/13/2024 9:00 AM,12,200\n1/13/2024 9:30 AM,15,210\n");
        assert_eq!(m.timestamp.as_deref(), Some("Interval Start"));
        assert_eq!(m.volume.as_deref(), Some("Calls Offered"));
        assert_eq!(m.aht_seconds.as_deref(), Some("AHT"));
        assert_eq!(m.date_order, DateOrder::Mdy);
        let m = guess_of("date,time,n\n13/01/2024,09:00,3\n13/01/2024,09:30,4\n");
        assert_eq!(
            (m.date.as_deref(), m.time.as_deref(), m.volume.as_deref()),
            (Some("date"), Some("time"), Some("n"))
        );
        assert_eq!(m.date_order, DateOrder::Dmy);
    }

    #[test]
    fn per_contact_export() {
        let m = guess_of("来电时间,技能组,排队时长,结果,通话时长,坐席工号\n2024-01-01 09:00:03,售后,00:00:12,接通,00:03:10,A01\n2024-01-01 09:01:40,售后,45,放弃,0,\n");
        assert_eq!(m.kind, RecordKind::Contacts);
        assert_eq!(m.timestamp.as_deref(), Some("来电时间"));
        assert_eq!(m.queue.as_deref(), Some("技能组"));
        assert_eq!(m.wait_seconds.as_deref(), Some("排队时长"));
        assert_eq!(m.outcome.as_deref(), Some("结果"));
        assert_eq!(m.handle_seconds.as_deref(), Some("通话时长"));
        assert_eq!(m.agent.as_deref(), Some("坐席工号"));
    }

    #[test]
    fn content_decides_when_headers_say_nothing() {
        let m = guess_of("a,b,c\n20240101,0900,7\n20240101,0930,8\n");
        assert_eq!(m.date.as_deref(), Some("a"));
        let m = guess_of("x,y\n2024-01-01 09:00,7\n2024-01-01 09:30,8\n");
        assert_eq!(
            (m.timestamp.as_deref(), m.volume.as_deref()),
            (Some("x"), Some("y"))
        );
    }
}
