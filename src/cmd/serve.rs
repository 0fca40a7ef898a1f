//! `besok serve`

use besok::serve::{ServeOptions, Server, TerminalLog};
use clap::Args;
use std::net::IpAddr;
use std::path::Path;
use std::process::ExitCode;

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on; anything but a loopback address shows the site to the network
    #[arg(long, short = 'i', default_value = "127.0.0.1", value_name = "IP")]
    pub interface: IpAddr,

    /// Port to listen on (if it is taken, the next free one is used; 0 lets the system pick)
    #[arg(long, short = 'p', default_value_t = 1111)]
    pub port: u16,

    /// Include posts marked `draft = true`
    #[arg(long)]
    pub drafts: bool,

    /// Open the site in the default browser
    #[arg(long)]
    pub open: bool,
}

pub fn run(root: &Path, args: ServeArgs) -> ExitCode {
    if let Some(code) = super::require_site(root) {
        return code;
    }
    if !args.interface.is_loopback() {
        eprintln!(
            "warning: listening on {}, not a loopback address: anyone on your network can see this site, drafts included",
            args.interface
        );
    }
    besok::memory::keep_freed_memory();
    let options = ServeOptions {
        root: root.to_path_buf(),
        interface: args.interface,
        port: args.port,
        try_next_ports: true,
        drafts: args.drafts,
    };
    let server = match Server::start(&options, TerminalLog) {
        Ok(s) => s,
        Err(e) => return super::report_error(&e),
    };
    if let Some(port) = server.port_was_taken {
        println!("Port {port} is in use; using port {} instead.", server.addr.port());
    }
    match &server.initial {
        Ok(outcome) => {
            for w in &outcome.new_warnings {
                eprintln!("{w}");
            }
            println!(
                "Built {} ({}) in memory in {} ms",
                besok::diagnostics::counted(outcome.pages, "page", "pages"),
                besok::diagnostics::counted(outcome.posts, "post", "posts"),
                outcome.elapsed.as_millis()
            );
        }
        Err(e) => {
            eprintln!("{e}");
            println!("The site has errors; fix them and it is built again.");
        }
    }
    let url = server.url();
    println!("Serving the site at {url} (watching for changes; Ctrl+C stops)");
    if args.open {
        open_browser(&url);
    }
    server.wait();
    ExitCode::SUCCESS
}

/// Opens `url` with the desktop's opener; failing to is only a warning.
fn open_browser(url: &str) {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(program).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({program}: {e}); open {url} yourself");
    }
}
