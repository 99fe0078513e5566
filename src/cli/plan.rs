//! `sop demo`, `sop plan`, `sop bench`: the plan engine from the command line.

use super::CliError;

pub fn demo(_args: &[String]) -> Result<(), CliError> {
    Err(CliError("demo is not built yet".into()))
}

pub fn plan(_args: &[String]) -> Result<(), CliError> {
    Err(CliError("plan is not built yet".into()))
}

pub fn bench(_args: &[String]) -> Result<(), CliError> {
    Err(CliError("bench is not built yet".into()))
}
