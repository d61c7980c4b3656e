//! Proposal sizing for outsourcing sales: client volumes → production FTE (from interval-level
//! Erlang, not daily averages) → headcount with team leads, QA and trainers → monthly cost and
//! price, with what-if tables a sales engineer can put in front of a client; for a bid
//! covering several client shops (`channels[].shop`), dedicated teams per shop against one
//! shared team with cross-trained agents ([`sharing`]).

pub mod cost;
pub mod sharing;
pub mod sizing;

pub use cost::{Costs, Headcount, MonthlyPrice, SupportRatios};
pub use sharing::{Sharing, SharingGroup, SharingReport};
pub use sizing::{quote, render_text, week_volumes, Proposal, ProposalChannel, QuoteReport};
