//! A scenario handed on as a link: its name, note and levers, compressed (deflate,
//! `miniz_oxide`) and written in URL-safe base64 for the `#/executive?scenario=…`
//! fragment, which no browser sends to any server. Opened elsewhere it becomes a new
//! scenario of the receiver's cycle: their base plan with these levers. A link is input
//! like a file: its size is capped before and after inflating, the levers are checked
//! as the scenario form checks them, and families or resources the receiver does not
//! have are named.

use super::scenario::{check_levers, check_scenario_name};
use super::{Command, CommandError, next_id};
use crate::engine::model::{Cycle, Levers, Scenario};
use crate::engine::plan::validate::validate_levers;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// Longest link code read (characters), and longest JSON it may inflate to (bytes).
const MAX_CODE: usize = 8_000;
const MAX_JSON: usize = 64 * 1024;

/// What a scenario link carries.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SharedScenario {
    pub name: String,
    #[serde(default)]
    pub note: String,
    pub levers: Levers,
}

/// The link code of scenario `s`: `base64url(deflate(JSON {name, note, levers}))`.
pub fn scenario_link_code(s: &Scenario) -> String {
    let shared = SharedScenario {
        name: s.name.clone(),
        note: s.note.clone(),
        levers: s.levers.clone(),
    };
    let json = serde_json::to_vec(&shared).unwrap_or_default();
    URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&json, 9))
}

/// Reads a link code: every failure is a sentence saying what is wrong with the link.
pub fn read_scenario_link(code: &str) -> Result<SharedScenario, CommandError> {
    let bad = |why: &str| CommandError(format!("this scenario link cannot be used: {why}"));
    let code = code.trim();
    if code.len() > MAX_CODE {
        return Err(bad("it is longer than a scenario's levers can be"));
    }
    let packed = URL_SAFE_NO_PAD
        .decode(code)
        .map_err(|_| bad("it was cut or changed on the way (not base64)"))?;
    let json = miniz_oxide::inflate::decompress_to_vec_with_limit(&packed, MAX_JSON)
        .map_err(|_| bad("it was cut or changed on the way (not compressed levers)"))?;
    let shared: SharedScenario = serde_json::from_slice(&json)
        .map_err(|e| bad(&format!("its content is not a scenario ({e})")))?;
    check_levers(&shared.levers)?;
    Ok(shared)
}

/// Adds `shared` to `cycle` as a new scenario: the cycle's base inputs with the link's
/// levers. Its name gets " (link)" when the cycle has a scenario of that name; levers
/// for families or resources this cycle does not have refuse the link, naming them.
/// Returns the command and the new scenario's id.
pub fn add_shared_scenario(
    cycle: &Cycle,
    shared: &SharedScenario,
) -> Result<(Command, u64), CommandError> {
    check_levers(&shared.levers)?;
    let issues = validate_levers(cycle, &shared.levers, "levers");
    if let Some(i) = issues.first() {
        return Err(CommandError(format!(
            "this scenario does not fit this company: {}",
            i.message
        )));
    }
    let name = check_scenario_name(cycle, &shared.name)
        .or_else(|_| check_scenario_name(cycle, &format!("{} (link)", shared.name.trim())))?;
    let id = next_id(cycle.scenarios.iter().map(|s| s.id));
    let mut scenarios = cycle.scenarios.clone();
    scenarios.push(Scenario {
        id,
        name,
        inputs: cycle.inputs.clone(),
        levers: shared.levers.clone(),
        note: shared.note.chars().take(500).collect(),
    });
    Ok((Command::SetScenarios(scenarios), id))
}
