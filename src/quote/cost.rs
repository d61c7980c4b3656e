//! The outsourcing firm's cost and price model: from headcount to monthly cost, price per
//! FTE-month and price per contact.
//!
//! Cost of one person-month = wage × (1 + on-costs) + seat/IT; overhead is charged on that
//! direct cost; the price carries the target margin *on price* (price = cost / (1 − margin)),
//! which is how sales teams quote a "15% margin".

use crate::error::{fraction, non_negative, Result};
use serde::{Deserialize, Serialize};

/// The firm's costs (all amounts per month, in `currency`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Costs {
    /// Currency code shown on the proposal, e.g. `"CNY"`.
    pub currency: String,
    /// Gross monthly wage of a production agent.
    pub agent_monthly_wage: f64,
    /// Gross monthly wage of a team lead; defaults to 1.3 × the agent wage when absent.
    #[serde(default)]
    pub team_lead_monthly_wage: Option<f64>,
    /// Gross monthly wage of a QA analyst; defaults to 1.2 × the agent wage when absent.
    #[serde(default)]
    pub qa_monthly_wage: Option<f64>,
    /// Gross monthly wage of a trainer; defaults to 1.3 × the agent wage when absent.
    #[serde(default)]
    pub trainer_monthly_wage: Option<f64>,
    /// Employer on-costs (social insurance, housing fund, benefits) as a fraction of wages.
    pub on_costs: f64,
    /// Seat, IT and telephony cost per person per month.
    pub seat_monthly: f64,
    /// Overhead (management, facilities, G&A) as a fraction of direct cost.
    pub overhead: f64,
    /// Target margin as a fraction of the price.
    pub target_margin: f64,
}

/// Headcount by role.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Headcount {
    /// Production agents (FTE, may be fractional before rounding up to people).
    pub agents: f64,
    /// Team leads.
    pub team_leads: u32,
    /// QA analysts.
    pub qa: u32,
    /// Trainers.
    pub trainers: u32,
}

/// A priced month.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct MonthlyPrice {
    /// Direct cost of everyone (wages, on-costs, seats).
    pub direct_cost: f64,
    /// Overhead on the direct cost.
    pub overhead_cost: f64,
    /// Direct cost + overhead.
    pub total_cost: f64,
    /// Price to the client.
    pub price: f64,
    /// Price − total cost.
    pub margin: f64,
    /// Price per production FTE-month.
    pub price_per_fte_month: f64,
    /// Price per handled contact (when monthly volume is known).
    pub price_per_contact: Option<f64>,
}

impl Costs {
    /// Check every amount and fraction, naming the field.
    pub fn check(&self, path: &str) -> Result<()> {
        non_negative(
            &format!("{path}.agent_monthly_wage"),
            self.agent_monthly_wage,
        )?;
        for (name, v) in [
            ("team_lead_monthly_wage", self.team_lead_monthly_wage),
            ("qa_monthly_wage", self.qa_monthly_wage),
            ("trainer_monthly_wage", self.trainer_monthly_wage),
        ] {
            if let Some(v) = v {
                non_negative(&format!("{path}.{name}"), v)?;
            }
        }
        fraction(&format!("{path}.on_costs"), self.on_costs, 0.0, 5.0)?;
        non_negative(&format!("{path}.seat_monthly"), self.seat_monthly)?;
        fraction(&format!("{path}.overhead"), self.overhead, 0.0, 5.0)?;
        fraction(
            &format!("{path}.target_margin"),
            self.target_margin,
            0.0,
            0.95,
        )?;
        Ok(())
    }

    /// Price a month of `heads`; `monthly_contacts` gives the price per contact.
    pub fn price(&self, heads: &Headcount, monthly_contacts: Option<f64>) -> MonthlyPrice {
        let w = self.agent_monthly_wage;
        let person = |wage: f64| wage * (1.0 + self.on_costs) + self.seat_monthly;
        let direct_cost = heads.agents * person(w)
            + heads.team_leads as f64 * person(self.team_lead_monthly_wage.unwrap_or(1.3 * w))
            + heads.qa as f64 * person(self.qa_monthly_wage.unwrap_or(1.2 * w))
            + heads.trainers as f64 * person(self.trainer_monthly_wage.unwrap_or(1.3 * w));
        let overhead_cost = direct_cost * self.overhead;
        let total_cost = direct_cost + overhead_cost;
        let price = total_cost / (1.0 - self.target_margin);
        MonthlyPrice {
            direct_cost,
            overhead_cost,
            total_cost,
            price,
            margin: price - total_cost,
            price_per_fte_month: if heads.agents > 0.0 {
                price / heads.agents
            } else {
                0.0
            },
            price_per_contact: monthly_contacts.filter(|c| *c > 0.0).map(|c| price / c),
        }
    }
}

/// Support staff ratios: one team lead per `agents_per_team_lead` agents, etc.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SupportRatios {
    /// Agents per team lead (12–15 is typical).
    pub agents_per_team_lead: f64,
    /// Agents per QA analyst (20–25 is typical).
    pub agents_per_qa: f64,
    /// Agents per trainer; absent = no dedicated trainers.
    #[serde(default)]
    pub agents_per_trainer: Option<f64>,
}

impl SupportRatios {
    /// Check the ratios, naming the field.
    pub fn check(&self, path: &str) -> Result<()> {
        crate::error::positive(
            &format!("{path}.agents_per_team_lead"),
            self.agents_per_team_lead,
        )?;
        crate::error::positive(&format!("{path}.agents_per_qa"), self.agents_per_qa)?;
        if let Some(t) = self.agents_per_trainer {
            crate::error::positive(&format!("{path}.agents_per_trainer"), t)?;
        }
        Ok(())
    }

    /// Support headcount for `agents` production people (whole people, rounded up).
    pub fn headcount(&self, agents: f64) -> Headcount {
        let people = agents.ceil();
        let per = |ratio: f64| (people / ratio).ceil() as u32;
        Headcount {
            agents,
            team_leads: per(self.agents_per_team_lead),
            qa: per(self.agents_per_qa),
            trainers: self.agents_per_trainer.map(per).unwrap_or(0),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn costs() -> Costs {
        Costs {
            currency: "CNY".into(),
            agent_monthly_wage: 6000.0,
            team_lead_monthly_wage: Some(9000.0),
            qa_monthly_wage: None,
            trainer_monthly_wage: None,
            on_costs: 0.35,
            seat_monthly: 900.0,
            overhead: 0.10,
            target_margin: 0.20,
        }
    }

    #[test]
    fn a_worked_example_priced_by_hand() {
        // 26 agents: ceil(26/13) = 2 leads, ceil(26/22) = 2 QA, no trainers.
        let ratios = SupportRatios {
            agents_per_team_lead: 13.0,
            agents_per_qa: 22.0,
            agents_per_trainer: None,
        };
        let heads = ratios.headcount(26.0);
        assert_eq!((heads.team_leads, heads.qa, heads.trainers), (2, 2, 0));
        let p = costs().price(&heads, Some(52_000.0));
        // agent: 6000*1.35+900 = 9000; lead: 9000*1.35+900 = 13050; QA: 7200*1.35+900 = 10620
        let direct = 26.0 * 9000.0 + 2.0 * 13050.0 + 2.0 * 10620.0;
        assert!((p.direct_cost - direct).abs() < 1e-6);
        assert!((p.total_cost - direct * 1.1).abs() < 1e-6);
        assert!((p.price - direct * 1.1 / 0.8).abs() < 1e-6);
        assert!((p.margin / p.price - 0.2).abs() < 1e-12);
        assert!((p.price_per_fte_month - p.price / 26.0).abs() < 1e-9);
        assert!((p.price_per_contact.unwrap() - p.price / 52_000.0).abs() < 1e-12);
    }

    #[test]
    fn bad_costs_name_the_field() {
        let mut c = costs();
        c.target_margin = 1.0;
        assert_eq!(c.check("costs").unwrap_err().path(), "costs.target_margin");
        c.target_margin = 0.1;
        c.seat_monthly = f64::NAN;
        assert_eq!(c.check("costs").unwrap_err().path(), "costs.seat_monthly");
    }
}
