//! The sales stage of an open deal (`model::Opportunity::stage`): the usual B2B
//! pipeline, from a first lead to a signed order. The stage is what sales reports; the
//! forecast weighs a deal by its probability only.

use serde::{Deserialize, Serialize};

/// Where an open deal stands in the sales process.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DealStage {
    /// A contact with interest, not yet qualified (the default of deals stored before
    /// stages existed).
    #[default]
    Lead,
    /// Need, budget and timing confirmed.
    Qualified,
    /// An offer has been sent.
    Proposal,
    /// Terms are being negotiated.
    Negotiation,
    /// Signed: the order is certain, its delivery still ahead.
    Won,
}

impl DealStage {
    /// Every stage, in the order of the sales process.
    pub const ALL: [DealStage; 5] = [
        DealStage::Lead,
        DealStage::Qualified,
        DealStage::Proposal,
        DealStage::Negotiation,
        DealStage::Won,
    ];

    /// The stage as the screen shows it: "Negotiation".
    pub fn label(self) -> &'static str {
        match self {
            DealStage::Lead => "Lead",
            DealStage::Qualified => "Qualified",
            DealStage::Proposal => "Proposal",
            DealStage::Negotiation => "Negotiation",
            DealStage::Won => "Won",
        }
    }

    /// The stage as files and backups write it: "negotiation".
    pub fn code(self) -> &'static str {
        match self {
            DealStage::Lead => "lead",
            DealStage::Qualified => "qualified",
            DealStage::Proposal => "proposal",
            DealStage::Negotiation => "negotiation",
            DealStage::Won => "won",
        }
    }

    /// Reads a stage as a planner or a CRM export writes it, ignoring case, spaces and
    /// punctuation: "Negotiation", "closed won", "Prospect". `None` if it is none.
    pub fn parse(text: &str) -> Option<DealStage> {
        let t: String = text
            .chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect();
        Some(match t.as_str() {
            "lead" | "prospect" | "prospecting" | "new" => DealStage::Lead,
            "qualified" | "qualification" | "discovery" => DealStage::Qualified,
            "proposal" | "quote" | "quoted" | "offer" | "proposalpricequote" => DealStage::Proposal,
            "negotiation" | "negotiationreview" | "commit" => DealStage::Negotiation,
            "won" | "closedwon" | "signed" => DealStage::Won,
            _ => return None,
        })
    }

    /// The stages a file may name, for messages: "lead, qualified, proposal, negotiation
    /// or won".
    pub fn choices() -> &'static str {
        "lead, qualified, proposal, negotiation or won"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_stage_reads_back_from_its_code_and_label() {
        for s in DealStage::ALL {
            assert_eq!(DealStage::parse(s.code()), Some(s));
            assert_eq!(DealStage::parse(s.label()), Some(s));
        }
        assert_eq!(DealStage::parse("Closed Won"), Some(DealStage::Won));
        assert_eq!(DealStage::parse("maybe"), None);
    }
}
