//! `paiban import FILE [mapping options]`, and the same options for every command that reads a
//! history (`history`, `forecast`, `backtest`): CSV in any common encoding, `.xlsx`, `.xls`,
//! `.ods`, interval reports and per-contact exports, through a guessed or given mapping.

use crate::io::{print_json, read_json};
use crate::Outcome;
use paiban::history::History;
use paiban::import::{self, DateOrder, Mapping, ReadOptions, RecordKind, TextEncoding};
use paiban::Error;
use std::io::Read;
use std::path::Path;

/// How to read a planner's file. Columns are named by header text, letter (`C`) or 1-based
/// position; what is not given is guessed from the headers and the cells.
#[derive(clap::Args, Default)]
pub struct MappingArgs {
    /// Mapping JSON (the shape the page saves: {"timestamp": "时间", "volume": "呼入量", …});
    /// the options below override it.
    #[arg(long)]
    mapping: Option<String>,
    /// Sheet of a workbook (default: the first with data).
    #[arg(long)]
    sheet: Option<String>,
    /// Text encoding instead of detecting it: utf8, utf8_bom, utf16_le, utf16_be, gb18030.
    #[arg(long)]
    encoding: Option<String>,
    /// 1-based row of the header (default: detected).
    #[arg(long)]
    header_row: Option<usize>,
    /// One row per contact (arrival, wait, outcome, handle time) instead of per interval.
    #[arg(long)]
    contacts: bool,
    /// Column with date and time (interval start or arrival).
    #[arg(long)]
    timestamp: Option<String>,
    /// Column with the date (with --time or --range).
    #[arg(long)]
    date: Option<String>,
    /// Column with the time of day.
    #[arg(long)]
    time: Option<String>,
    /// Column with the interval as 09:00-10:00.
    #[arg(long)]
    range: Option<String>,
    /// How 1/2/2024 is read: ymd (default; year-last dates month first), mdy, dmy.
    #[arg(long)]
    date_order: Option<String>,
    /// Column with the queue (skill group): one history per queue.
    #[arg(long)]
    queue_column: Option<String>,
    /// Column with the contacts offered per interval.
    #[arg(long)]
    volume: Option<String>,
    /// Column with the AHT in seconds.
    #[arg(long)]
    aht: Option<String>,
    /// Column with contacts answered.
    #[arg(long)]
    answered: Option<String>,
    /// Column with contacts abandoned.
    #[arg(long)]
    abandoned: Option<String>,
    /// Column with contacts answered within the target.
    #[arg(long)]
    answered_in_target: Option<String>,
    /// Column with agents logged in per interval.
    #[arg(long)]
    agents: Option<String>,
    /// Column with a contact's waiting time.
    #[arg(long)]
    wait: Option<String>,
    /// Column with a contact's outcome (answered / abandoned).
    #[arg(long)]
    outcome: Option<String>,
    /// Column with a contact's handle time.
    #[arg(long)]
    handle: Option<String>,
    /// Column with the agent of a contact.
    #[arg(long)]
    agent: Option<String>,
    /// Interval length to count per-contact records in (15, 30 or 60).
    #[arg(long)]
    contact_interval_minutes: Option<u32>,
    /// Service-level threshold in seconds (observed SL from waits, model comparison).
    #[arg(long)]
    answer_seconds: Option<f64>,
    /// Mean patience for the model comparison when the file cannot tell it.
    #[arg(long)]
    patience_seconds: Option<f64>,
    /// The queue to use when the file holds several (by its name in the file).
    #[arg(long)]
    queue: Option<String>,
}

impl MappingArgs {
    fn given(&self) -> bool {
        self.mapping.is_some()
            || self.contacts
            || [
                &self.timestamp,
                &self.date,
                &self.time,
                &self.range,
                &self.volume,
                &self.queue_column,
                &self.sheet,
            ]
            .iter()
            .any(|o| o.is_some())
            || self.header_row.is_some()
    }

    fn read_options(&self, file: &str) -> Result<ReadOptions, Error> {
        let encoding = match self.encoding.as_deref() {
            None => None,
            Some(e) => Some(
                serde_json::from_value::<TextEncoding>(serde_json::Value::String(e.to_string()))
                    .map_err(|_| {
                        Error::invalid(
                            "encoding",
                            "one of utf8, utf8_bom, utf16_le, utf16_be, gb18030",
                            e,
                        )
                    })?,
            ),
        };
        let name = Path::new(file)
            .file_name()
            .map_or(file.to_string(), |n| n.to_string_lossy().into_owned());
        Ok(ReadOptions {
            name,
            sheet: self.sheet.clone(),
            encoding,
            header_row: self.header_row,
        })
    }

    /// The mapping: the JSON file or the guess, with the options on top.
    fn mapping(&self, table: &import::Table) -> Result<Mapping, Error> {
        let mut m = match &self.mapping {
            Some(path) => read_json::<Mapping>(path)?,
            None => {
                let header = table.header(self.header_row)?;
                import::mapping::guess(table, &header)
            }
        };
        let set = |slot: &mut Option<String>, v: &Option<String>| {
            if v.is_some() {
                *slot = v.clone();
            }
        };
        if self.timestamp.is_some()
            || self.date.is_some()
            || self.time.is_some()
            || self.range.is_some()
        {
            m.timestamp = self.timestamp.clone();
            m.date = self.date.clone();
            m.time = self.time.clone();
            m.range = self.range.clone();
        }
        if self.contacts {
            m.kind = RecordKind::Contacts;
            m.volume = None;
        }
        if let Some(o) = &self.date_order {
            m.date_order = match o.as_str() {
                "ymd" => DateOrder::Ymd,
                "mdy" => DateOrder::Mdy,
                "dmy" => DateOrder::Dmy,
                _ => return Err(Error::invalid("date-order", "ymd, mdy or dmy", o)),
            };
        }
        set(&mut m.queue, &self.queue_column);
        set(&mut m.volume, &self.volume);
        set(&mut m.aht_seconds, &self.aht);
        set(&mut m.answered, &self.answered);
        set(&mut m.abandoned, &self.abandoned);
        set(&mut m.answered_in_target, &self.answered_in_target);
        set(&mut m.agents, &self.agents);
        set(&mut m.wait_seconds, &self.wait);
        set(&mut m.outcome, &self.outcome);
        set(&mut m.handle_seconds, &self.handle);
        set(&mut m.agent, &self.agent);
        if self.contact_interval_minutes.is_some() {
            m.interval_minutes = self.contact_interval_minutes;
        }
        if self.answer_seconds.is_some() {
            m.answer_seconds = self.answer_seconds;
        }
        if self.patience_seconds.is_some() {
            m.patience_seconds = self.patience_seconds;
        }
        Ok(m)
    }
}

/// The bytes of a file, or of stdin for `-`.
pub fn read_bytes(path: &str) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let res = if path == "-" {
        std::io::stdin().read_to_end(&mut bytes).map(|_| ())
    } else {
        std::fs::File::open(path).and_then(|mut f| f.read_to_end(&mut bytes).map(|_| ()))
    };
    res.map_err(|e| Error::invalid(path, "a readable file", e))?;
    Ok(bytes)
}

fn run_import(file: &str, a: &MappingArgs) -> Result<import::Import, Error> {
    let bytes = read_bytes(file)?;
    let opts = a.read_options(file)?;
    let table = import::read_table(&bytes, &opts)?;
    let mapping = a.mapping(&table)?;
    import::import_table(&table, a.header_row, &mapping)
}

fn pick_queue<'a>(
    imp: &'a import::Import,
    queue: &Option<String>,
) -> Result<&'a import::QueueImport, Error> {
    match queue {
        Some(q) => imp.queues.iter().find(|x| &x.queue == q).ok_or_else(|| {
            let names: Vec<&str> = imp.queues.iter().map(|x| x.queue.as_str()).collect();
            Error::invalid(
                "queue",
                format!("one of the queues in the file: {}", names.join(", ")),
                q,
            )
        }),
        None if imp.queues.len() == 1 => Ok(&imp.queues[0]),
        None => {
            let names: Vec<&str> = imp.queues.iter().map(|x| x.queue.as_str()).collect();
            Err(Error::invalid(
                "queue",
                format!(
                    "--queue with one of the queues in the file: {}",
                    names.join(", ")
                ),
                "none",
            ))
        }
    }
}

/// The history of a file for `history`, `forecast` and `backtest`: the engine's own CSV (any
/// encoding) as before; anything else (a workbook, other headers, per-contact records, or any
/// mapping option) through the importer.
pub fn load_history(file: &str, a: &MappingArgs) -> Result<History, Error> {
    if !a.given() {
        let bytes = read_bytes(file)?;
        if import::spreadsheet::sniff(&bytes) == import::FileFormat::Csv {
            match History::from_bytes(&bytes) {
                Ok(h) => return Ok(h),
                // A header the engine's reader does not know: let the importer guess.
                Err(e) if e.line() == Some(1) => {}
                Err(e) => return Err(e.with_source(file)),
            }
        }
    }
    let imp = run_import(file, a)?;
    Ok(pick_queue(&imp, &a.queue)?.history.clone())
}

/// Arguments of `paiban import`.
#[derive(clap::Args)]
pub struct Args {
    /// A history file: CSV (UTF-8, UTF-16, GBK/GB18030), .xlsx, .xls or .ods.
    file: String,
    #[command(flatten)]
    mapping: MappingArgs,
    /// Interval length to count per-contact records in (the same as --contact-interval-minutes).
    #[arg(long)]
    interval_minutes: Option<u32>,
    /// Show the file as read and the guessed mapping, without importing.
    #[arg(long)]
    preview: bool,
    /// Write one engine CSV per queue into this folder (QUEUE.csv).
    #[arg(long)]
    out_dir: Option<String>,
    /// Output: json (everything), csv (the engine CSV of one queue), text (a summary).
    #[arg(long, default_value = "text", value_parser = ["json", "csv", "text"])]
    format: String,
}

fn file_stem(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    if cleaned.trim().is_empty() {
        "history".into()
    } else {
        cleaned
    }
}

pub fn run(mut a: Args) -> Result<Outcome, Error> {
    if a.interval_minutes.is_some() {
        a.mapping.contact_interval_minutes = a.interval_minutes;
    }
    if a.preview {
        let bytes = read_bytes(&a.file)?;
        let opts = a.mapping.read_options(&a.file)?;
        let table = import::read_table(&bytes, &opts)?;
        let mut p = import::preview_table(&table, a.mapping.header_row, 10)?;
        p.guess = a.mapping.mapping(&table)?;
        print_json(&p)?;
        return Ok(Outcome::Ok);
    }
    let imp = run_import(&a.file, &a.mapping)?;
    if let Some(dir) = &a.out_dir {
        std::fs::create_dir_all(dir)
            .map_err(|e| Error::invalid("out-dir", "a folder that can be created", e))?;
        let stem = Path::new(&a.file)
            .file_stem()
            .map_or("history".into(), |s| s.to_string_lossy().into_owned());
        for q in &imp.queues {
            let name = if q.queue.is_empty() {
                stem.clone()
            } else {
                file_stem(&q.queue)
            };
            let path = Path::new(dir).join(format!("{name}.csv"));
            std::fs::write(&path, &q.csv)
                .map_err(|e| Error::invalid("out-dir", "a writable folder", e))?;
            eprintln!("paiban: wrote {}", path.display());
        }
    }
    match a.format.as_str() {
        "json" => print_json(&imp)?,
        "csv" => print!("{}", pick_queue(&imp, &a.mapping.queue)?.csv),
        _ => {
            let s = &imp.source;
            let how = match (&s.encoding_label, &s.sheet) {
                (Some(e), _) => format!(
                    "{:?} text, {e}, delimiter {:?}",
                    s.format,
                    s.delimiter.as_deref().unwrap_or(",")
                ),
                (None, Some(sh)) => format!(
                    "{:?} workbook, sheet {sh} of {}",
                    s.format,
                    s.sheets.join(", ")
                ),
                _ => format!("{:?}", s.format),
            };
            println!(
                "{}: {how}; header on row {}; {} rows read, {} skipped",
                a.file,
                imp.header_row,
                imp.rows,
                imp.skipped_rows.len()
            );
            println!(
                "mapping: {}",
                serde_json::to_string(&imp.mapping).unwrap_or_default()
            );
            for q in &imp.queues {
                let name = if q.queue.is_empty() {
                    "(one queue)"
                } else {
                    q.queue.as_str()
                };
                let sm = &q.summary;
                println!(
                    "queue {name}: {} rows, {}-minute intervals, {} .. {}, total volume {}, {} missing intervals",
                    q.rows, sm.interval_minutes, sm.first, sm.last, sm.total_volume, sm.missing_intervals
                );
                if let Some(p) = &q.patience {
                    match p.mean_seconds {
                        Some(m) => println!(
                            "  patience: {:.0} s (95% {:.0}-{:.0} s) from {} abandoned of {} contacts, {:.0} s waited",
                            m, p.lo95_seconds.unwrap_or(m), p.hi95_seconds.unwrap_or(m), p.abandoned, p.contacts, p.total_wait_seconds
                        ),
                        None => println!("  patience: no abandonments among {} contacts", p.contacts),
                    }
                }
                if let Some(c) = &q.comparison {
                    println!(
                        "  observed vs {:?}: calibration factor {:.3} for effective agents over {} intervals (mean |SL error| {:.3} -> {:.3})",
                        c.model, c.calibration.factor, c.calibration.intervals, c.calibration.mean_abs_error, c.calibration.mean_abs_error_calibrated
                    );
                }
            }
        }
    }
    Ok(Outcome::Ok)
}
