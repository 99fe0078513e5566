//! `sop forecast-eval`: forecast a benchmark file and score it (sMAPE, MASE).

use super::CliError;

pub fn run(_args: &[String]) -> Result<(), CliError> {
    Err(CliError("forecast-eval is not built yet".into()))
}
