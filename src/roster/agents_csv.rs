//! Agents from a CSV export of the HR system: `id,name,skills,contract[,days_off]`.
//!
//! Planners keep their team in a spreadsheet; importing it must name the line and column of a
//! bad cell and keep Chinese names intact. `skills` are separated by `;` or `|`
//! (`presales;aftersales`); `days_off` are day indices of the horizon separated the same way.

use super::input::Agent;
use crate::csv::Table;
use crate::error::{Error, Result};
use crate::limits::MAX_ROSTER_AGENTS as MAX_AGENTS;

fn list(cell: &str) -> impl Iterator<Item = &str> {
    cell.split([';', '|'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
}

/// Read agents; the header names the columns (any order; `days_off` optional).
pub fn read_agents(text: &str) -> Result<Vec<Agent>> {
    let table = Table::read(
        "agents",
        text,
        "a header id,name,skills,contract[,days_off] and one line per agent",
    )?;
    const HEADER: &str = "a header with id,name,skills,contract[,days_off]";
    let id = table.require(&["id"], HEADER)?;
    let name = table.require(&["name"], HEADER)?;
    let skills = table.require(&["skills"], HEADER)?;
    let contract = table.require(&["contract"], HEADER)?;
    let days_off = table.column(&["days_off"]);
    let csv_error = |line, column: &str, expected: &str, found: &str| {
        table.error(line, column, expected, found)
    };
    let mut out: Vec<Agent> = Vec::new();
    for (line, cells) in table.rows() {
        if out.len() >= MAX_AGENTS {
            return Err(Error::TooLarge {
                path: "agents".into(),
                limit: MAX_AGENTS,
                found: out.len() + 1,
            });
        }
        let cell = |i: usize, column: &str| -> Result<&str> {
            cells.get(i).copied().ok_or_else(|| {
                csv_error(
                    line,
                    column,
                    &format!("{} cells like the header", table.names.len()),
                    &cells.join(","),
                )
            })
        };
        let agent_id = cell(id, "id")?;
        if agent_id.is_empty() {
            return Err(csv_error(line, "id", "an agent id", agent_id));
        }
        if out.iter().any(|a| a.id == agent_id) {
            return Err(csv_error(
                line,
                "id",
                "an id not used on an earlier line",
                agent_id,
            ));
        }
        let contract_id = cell(contract, "contract")?;
        if contract_id.is_empty() {
            return Err(csv_error(line, "contract", "a contract id", contract_id));
        }
        let days = match days_off {
            Some(i) => list(cell(i, "days_off")?)
                .map(|d| {
                    d.parse::<usize>()
                        .map_err(|_| csv_error(line, "days_off", "day indices like 0;6", d))
                })
                .collect::<Result<Vec<usize>>>()?,
            None => Vec::new(),
        };
        out.push(Agent {
            id: agent_id.to_string(),
            name: cell(name, "name")?.to_string(),
            skills: list(cell(skills, "skills")?).map(str::to_string).collect(),
            contract: contract_id.to_string(),
            days_off: days,
            requests: Vec::new(),
            preferred_shifts: Vec::new(),
            shift_costs: Default::default(),
        });
    }
    if out.is_empty() {
        return Err(Error::Empty {
            path: "agents".into(),
            expected: "one line per agent after the header".into(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_team_with_chinese_names_skills_and_days_off() {
        let a = read_agents(
            "\u{feff}id,name,skills,contract,days_off\r\nA1,王芳,presales;aftersales,full_time,0|6\r\nA2,\"Li Na\",,part_time,\r\n",
        )
        .unwrap();
        assert_eq!(a.len(), 2);
        assert_eq!(a[0].name, "王芳");
        assert_eq!(a[0].skills, vec!["presales", "aftersales"]);
        assert_eq!(a[0].days_off, vec![0, 6]);
        assert_eq!(a[1].name, "Li Na");
        assert!(a[1].skills.is_empty() && a[1].days_off.is_empty());
    }

    #[test]
    fn bad_cells_name_line_and_column() {
        let e = read_agents("id,name,skills,contract\nA1,x,,ft\nA1,y,,ft\n").unwrap_err();
        assert_eq!(e.path(), "agents:3:id");
        let e = read_agents("id,name,skills,contract,days_off\nA1,x,,ft,mon\n").unwrap_err();
        assert_eq!(e.path(), "agents:2:days_off");
        let e = read_agents("id,name,contract\nA1,x,ft\n").unwrap_err();
        assert_eq!(e.path(), "agents:1:skills");
        let e = read_agents("id,name,skills,contract\nA1,x\n").unwrap_err();
        assert_eq!(e.line(), Some(2));
        assert_eq!(
            read_agents("id,name,skills,contract\n").unwrap_err().kind(),
            "empty"
        );
    }
}
