//! `spinlint serve`: the server crate on the engine the rule arguments ask for.

use crate::cli::ServeArgs;
use crate::exit::Error;
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

pub fn run(args: ServeArgs) -> Result<ExitCode, Error> {
    let engine = Arc::new(super::engine(&args.rules, None, Default::default())?);
    let settings = spinlint_server::Settings {
        body_limit: args.body_limit,
        timeout: Duration::from_secs(args.timeout.max(1)),
        max_in_flight: args.max_in_flight.max(1),
        cors_origins: args.cors_origins,
        log_requests: !args.quiet,
    };
    spinlint_server::run(engine, args.addr, &settings)?;
    Ok(ExitCode::SUCCESS)
}
