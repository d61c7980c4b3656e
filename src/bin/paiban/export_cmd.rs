//! `paiban export PLAN.json --xlsx OUT.xlsx [--lang zh-CN|en]`

use crate::io::read_json;
use crate::Outcome;
use paiban::export::{plan_workbook, Lang};
use paiban::plan::Plan;
use paiban::Error;

/// Arguments of `paiban export`.
#[derive(clap::Args)]
pub struct Args {
    /// Plan JSON (the output of `paiban plan`).
    plan: String,
    /// Write the workbook here (`-` for stdout).
    #[arg(long)]
    xlsx: String,
    /// Language of the sheet names and headers.
    #[arg(long, default_value = "zh-CN", value_parser = ["zh-CN", "en"])]
    lang: String,
}

pub fn run(a: Args) -> Result<Outcome, Error> {
    let plan: Plan = read_json(&a.plan)?;
    let lang = if a.lang == "en" { Lang::En } else { Lang::Zh };
    let bytes = plan_workbook(&plan, lang);
    if a.xlsx == "-" {
        use std::io::Write;
        std::io::stdout()
            .write_all(&bytes)
            .map_err(|e| Error::invalid("xlsx", "a writable stdout", e))?;
    } else {
        std::fs::write(&a.xlsx, &bytes)
            .map_err(|e| Error::invalid("xlsx", "a writable file", e))?;
    }
    Ok(Outcome::Ok)
}
