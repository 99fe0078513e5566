//! The native `sop` command line: subcommands live one per module.

pub mod forecast_accept;
pub mod forecast_eval;
pub mod forecast_hier;
pub mod optimize;
pub mod plan;

/// A command-line failure: a message for the user; the process exits with code 2.
#[derive(Debug)]
pub struct CliError(pub String);

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CliError {}

impl From<std::io::Error> for CliError {
    fn from(e: std::io::Error) -> Self {
        CliError(e.to_string())
    }
}

/// Value of `--name VALUE` in `args`, if present.
pub fn flag(args: &[String], name: &str) -> Option<String> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1).cloned())
}

/// Value of a required `--name VALUE`.
pub fn required(args: &[String], name: &str) -> Result<String, CliError> {
    flag(args, name).ok_or_else(|| CliError(format!("missing {name} VALUE")))
}
