//! ratelink-relay command line: `serve`, `demo`, `inspect`.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use clap::parser::ValueSource;
use clap::{ArgMatches, CommandFactory, FromArgMatches, Parser, Subcommand};
use ratelink_core::partner::PartnerKey;
use ratelink_relay::config::{self, Overrides};
use ratelink_relay::{demo, inspect, Relay};

/// ratelink relay: serves exchanger rate feeds with CORS and caching, and the widget's files.
#[derive(Parser, Debug)]
#[command(name = "ratelink-relay", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Serve configured feeds (from a TOML file and/or flags and environment variables).
    ///
    /// Flags and environment variables override the file. Feed names: letters, digits, '-', '_'.
    /// A refresh interval is at least 10 seconds.
    ///
    /// Endpoints (docs/relay.md): GET /feeds/{name} (normalized JSON + fetched_at, stale,
    /// exchanger, icons), GET /feeds/{name}/raw, GET /feeds/{name}/icons.HASH.svg (the feed's
    /// icon sprite), GET /compare[?feeds=a,b] (every feed's directions in one document) and
    /// GET /compare/icons.HASH.svg, GET /health, GET /config,
    /// GET /snippet?feed=NAME[&from=X&to=Y&theme=&lang=&layout=&placement=] or
    /// GET /snippet?layout=compare[&feeds=a,b] (the embed code, as `ratelink-relay snippet`),
    /// /partner/* (the partner dashboard's API: login, logout, summary, exchanges, clicks,
    /// placements, payouts; needs [partner], see docs/dashboard.md), and the assets dir at /.
    /// Every error answer is JSON with an "error".
    ///
    /// Logs go to stderr; filter them with RUST_LOG (e.g. RUST_LOG=ratelink_relay=debug).
    Serve(Box<ServeArgs>),
    /// Run the demo on bundled sample feeds (no configuration needed) and print its URL.
    Demo(DemoArgs),
    /// Read one feed from a file or URL and describe it (exit 0 if it is a feed).
    Inspect(InspectArgs),
    /// Print the embed code for this relay's widget files: pinned loader URL with SRI
    /// (SHA-384) and crossorigin, the widget element with its no-JS link, and the CSP line.
    Snippet(Box<SnippetArgs>),
}

#[derive(clap::Args, Debug)]
struct ServeArgs {
    /// TOML config file (relay/relay.example.toml): listen, allow_origins, assets, state_dir,
    /// trusted_proxies, refresh, timeout, max_bytes, [exchanger], [feeds.NAME] (url, refresh,
    /// timeout, max_bytes, title, exchanger, ref, link_template), [partner], [limits].
    #[arg(long, short, env = "RATELINK_CONFIG", value_name = "FILE")]
    config: Option<PathBuf>,
    /// Address to listen on [default: 127.0.0.1:8080].
    #[arg(long, env = "RATELINK_LISTEN", value_name = "ADDR")]
    listen: Option<String>,
    /// A feed as NAME=URL (repeatable; the env variable takes a comma-separated list).
    #[arg(
        long = "feed",
        env = "RATELINK_FEEDS",
        value_name = "NAME=URL",
        value_delimiter = ','
    )]
    feeds: Vec<String>,
    /// Seconds between upstream fetches of each feed, at least 10 [default: 60].
    #[arg(long, env = "RATELINK_REFRESH", value_name = "SECONDS")]
    refresh: Option<f64>,
    /// Seconds one upstream fetch may take, body included [default: 15].
    #[arg(long, env = "RATELINK_TIMEOUT", value_name = "SECONDS")]
    timeout: Option<f64>,
    /// Largest upstream body accepted, in bytes [default: 16777216].
    #[arg(long, env = "RATELINK_MAX_BYTES", value_name = "BYTES")]
    max_bytes: Option<u64>,
    /// Origin allowed to read the feeds cross-origin, or * for any (repeatable; env: comma-separated).
    /// Without one, browsers on other sites cannot read the feeds.
    #[arg(
        long = "allow-origin",
        env = "RATELINK_ALLOW_ORIGINS",
        value_name = "ORIGIN",
        value_delimiter = ','
    )]
    allow_origins: Vec<String>,
    /// Directory of the widget's built files, served at /.
    #[arg(long, env = "RATELINK_ASSETS", value_name = "DIR")]
    assets: Option<PathBuf>,
    /// Directory for the last good copy of each feed (loaded at start, served stale until refreshed).
    #[arg(long, env = "RATELINK_STATE_DIR", value_name = "DIR")]
    state_dir: Option<PathBuf>,
    /// Default exchanger site for affiliate links (served in /config and the feed JSON).
    #[arg(long, env = "RATELINK_EXCHANGER_BASE", value_name = "URL")]
    exchanger_base: Option<String>,
    /// Partner (referral) code: CODE is every feed's default, NAME=CODE one feed's (repeatable).
    #[arg(long = "ref", env = "RATELINK_REF", value_name = "[NAME=]CODE")]
    ref_code: Vec<String>,
    /// One feed's exchanger site as NAME=BASE_URL (repeatable; env: comma-separated).
    #[arg(
        long = "exchanger",
        env = "RATELINK_EXCHANGERS",
        value_name = "NAME=BASE_URL",
        value_delimiter = ','
    )]
    feed_exchangers: Vec<String>,
    /// One feed's exchanger title as NAME=TEXT, shown by the compare view (repeatable).
    #[arg(long = "title", value_name = "NAME=TEXT")]
    feed_titles: Vec<String>,
    /// Partner API kind for the dashboard: pp or iex-v2.
    #[arg(long, env = "RATELINK_PARTNER_API", value_name = "API")]
    partner_api: Option<String>,
    /// Partner API endpoint (base URL).
    #[arg(long, env = "RATELINK_PARTNER_ENDPOINT", value_name = "URL")]
    partner_endpoint: Option<String>,
    /// Partner API key; prefer the environment variable (never logged or served).
    #[arg(
        long,
        env = "RATELINK_PARTNER_KEY",
        value_name = "KEY",
        hide_env_values = true
    )]
    partner_key: Option<String>,
    /// Password for the dashboard routes; prefer the environment variable.
    #[arg(
        long,
        env = "RATELINK_DASHBOARD_PASSWORD",
        value_name = "PASSWORD",
        hide_env_values = true
    )]
    dashboard_password: Option<String>,
    /// Seconds a client may take to send a request's headers, from its first byte or the end of
    /// the previous response [default: 10].
    #[arg(long, env = "RATELINK_HEADER_READ_TIMEOUT", value_name = "SECONDS")]
    header_read_timeout: Option<f64>,
    /// Seconds a connection may go without a byte read or written [default: 60].
    #[arg(long, env = "RATELINK_IDLE_TIMEOUT", value_name = "SECONDS")]
    idle_timeout: Option<f64>,
    /// Seconds a request body may take to arrive [default: 30].
    #[arg(long, env = "RATELINK_BODY_TIMEOUT", value_name = "SECONDS")]
    body_timeout: Option<f64>,
    /// Largest request body accepted, in bytes [default: 65536].
    #[arg(long, env = "RATELINK_MAX_BODY_BYTES", value_name = "BYTES")]
    max_body_bytes: Option<u64>,
    /// Most client connections open at once [default: 1024].
    #[arg(long, env = "RATELINK_MAX_CONNECTIONS", value_name = "N")]
    max_connections: Option<usize>,
    /// Most connections from one client address; 0 for no limit (behind a reverse proxy)
    /// [default: 64].
    #[arg(long, env = "RATELINK_MAX_CONNECTIONS_PER_CLIENT", value_name = "N")]
    max_connections_per_client: Option<usize>,
    /// Proxy (IP or CIDR range) whose X-Forwarded-For/-Proto/-Host headers are believed
    /// (repeatable; env: comma-separated). Without one, the socket peer is the client.
    #[arg(
        long = "trusted-proxy",
        env = "RATELINK_TRUSTED_PROXIES",
        value_name = "ADDR",
        value_delimiter = ','
    )]
    trusted_proxies: Vec<String>,
}

#[derive(clap::Args, Debug)]
struct DemoArgs {
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
    listen: String,
    /// Directory of the built widget and demo page [default: ./dist if it exists].
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
struct InspectArgs {
    /// A feed file, or an http(s) URL to fetch.
    #[arg(value_name = "FILE|URL")]
    target: String,
    /// Print the normalized JSON instead of a summary.
    #[arg(long)]
    json: bool,
    /// Seconds a URL fetch may take.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    timeout: f64,
    /// Largest body read, in bytes.
    #[arg(long, default_value_t = 64 * 1024 * 1024, value_name = "BYTES")]
    max_bytes: u64,
}

#[derive(clap::Args, Debug)]
struct SnippetArgs {
    /// Feed name on the relay (/feeds/NAME); not with --layout compare.
    #[arg(long, value_name = "NAME")]
    feed: Option<String>,
    /// With --layout compare: the feeds compared, a,b (default: all the relay's feeds).
    #[arg(long, value_name = "A,B", value_delimiter = ',')]
    feeds: Vec<String>,
    /// The exchanger's site, e.g. https://exchanger.example (with --layout compare: the
    /// no-JS link's exchanger, optional).
    #[arg(long, value_name = "URL")]
    exchanger: Option<String>,
    /// Your partner (referral) code (with --layout compare: for the no-JS link, optional).
    #[arg(long = "ref", value_name = "CODE")]
    ref_code: Option<String>,
    /// Currency to give, preselected (with --to).
    #[arg(long, value_name = "CODE")]
    from: Option<String>,
    /// Currency to get, preselected (with --from).
    #[arg(long, value_name = "CODE")]
    to: Option<String>,
    /// The widget's colour theme: auto, light or dark.
    #[arg(long, value_name = "THEME")]
    theme: Option<String>,
    /// The widget's language: en or ru (default: the page's).
    #[arg(long, value_name = "LANG")]
    lang: Option<String>,
    /// The widget's layout: full, compact or compare (several exchangers from the relay's /compare).
    #[arg(long, value_name = "LAYOUT")]
    layout: Option<String>,
    /// Placement name the widget's links carry (utm_content=NAME): 1-64 of A-Z a-z 0-9 . _ -
    #[arg(long, value_name = "NAME")]
    placement: Option<String>,
    /// Query parameter for the placement when not utm_content (the relay's [partner] placement_param).
    #[arg(long, value_name = "PARAM")]
    placement_param: Option<String>,
    /// The relay's public address, as partner pages reach it.
    #[arg(long, default_value = "http://127.0.0.1:8080", value_name = "URL")]
    public_url: String,
    /// The built widget files the relay serves (their hashes go into the snippet).
    #[arg(
        long,
        env = "RATELINK_ASSETS",
        default_value = "dist",
        value_name = "DIR"
    )]
    assets: PathBuf,
}

fn init_logs() {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let ansi = std::io::IsTerminal::is_terminal(&std::io::stderr());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        .with_ansi(ansi)
        .init();
}

fn fail(msg: impl std::fmt::Display) -> ExitCode {
    eprintln!("ratelink-relay: {msg}");
    ExitCode::FAILURE
}

/// The `serve` flags (by argument id) whose values may come from an environment variable, so
/// configuration errors can name what the operator actually set.
const ENV_BACKED_FLAGS: [(&str, &str); 5] = [
    ("feeds", "--feed"),
    ("refresh", "--refresh"),
    ("timeout", "--timeout"),
    ("feed_exchangers", "--exchanger"),
    ("ref_code", "--ref"),
];

/// The flags of [`ENV_BACKED_FLAGS`] given by their environment variable in `serve`'s matches.
fn flags_from_env(serve: &ArgMatches) -> Vec<&'static str> {
    ENV_BACKED_FLAGS
        .iter()
        .filter(|(id, _)| serve.value_source(id) == Some(ValueSource::EnvVariable))
        .map(|(_, flag)| *flag)
        .collect()
}

fn main() -> ExitCode {
    let matches = Cli::command().get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let from_env = matches
        .subcommand_matches("serve")
        .map(flags_from_env)
        .unwrap_or_default();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => return fail(format!("cannot start the async runtime: {e}")),
    };
    let code = runtime.block_on(async move {
        match cli.command {
            Command::Serve(args) => serve(*args, from_env).await,
            Command::Demo(args) => demo_cmd(args).await,
            Command::Inspect(args) => inspect_cmd(args).await,
            Command::Snippet(args) => snippet_cmd(*args).await,
        }
    });
    // Dropping the runtime would wait for every blocking task (a parse of upstream data still
    // running after SIGTERM); the work is done, so give them a moment and exit.
    runtime.shutdown_timeout(SHUTDOWN_BLOCKING_GRACE);
    code
}

/// How long the exit waits for blocking work (parsing, compressing) still running.
const SHUTDOWN_BLOCKING_GRACE: Duration = Duration::from_secs(1);

async fn serve(args: ServeArgs, from_env: Vec<&'static str>) -> ExitCode {
    init_logs();
    let (ref_code, feed_refs) = config::split_ref_args(&args.ref_code);
    let over = Overrides {
        listen: args.listen,
        feeds: args.feeds,
        refresh: args.refresh,
        timeout: args.timeout,
        max_bytes: args.max_bytes,
        allow_origins: args.allow_origins,
        assets: args.assets,
        state_dir: args.state_dir,
        exchanger_base: args.exchanger_base,
        ref_code,
        feed_exchangers: args.feed_exchangers,
        feed_refs,
        feed_titles: args.feed_titles,
        partner_api: args.partner_api,
        partner_endpoint: args.partner_endpoint,
        partner_key: args.partner_key.as_deref().map(PartnerKey::new),
        dashboard_password: args.dashboard_password.as_deref().map(PartnerKey::new),
        trusted_proxies: args.trusted_proxies,
        header_read_timeout: args.header_read_timeout,
        idle_timeout: args.idle_timeout,
        body_timeout: args.body_timeout,
        max_body_bytes: args.max_body_bytes,
        max_connections: args.max_connections,
        max_connections_per_client: args.max_connections_per_client,
        from_env,
    };
    let config = match config::load(args.config.as_deref(), &over) {
        Ok(c) => c,
        Err(e) => return fail(e),
    };
    let relay = match Relay::bind(config.clone()).await {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    let names: Vec<&str> = config.feeds.iter().map(|f| f.name.as_str()).collect();
    tracing::info!(addr = %relay.local_addr(), feeds = %names.join(","), "ratelink relay listening");
    match relay.serve(ratelink_relay::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn demo_cmd(args: DemoArgs) -> ExitCode {
    init_logs();
    let listen: SocketAddr = match args.listen.trim().parse() {
        Ok(a) => a,
        Err(_) => {
            return fail(format!(
                "--listen {:?} is not IP:PORT (e.g. 127.0.0.1:8080)",
                args.listen
            ))
        }
    };
    let assets = match args.assets {
        Some(dir) => Some(dir),
        None => {
            let dist = PathBuf::from("dist");
            if dist.is_dir() {
                Some(dist)
            } else {
                println!("ratelink demo: no ./dist directory, serving the feeds without the widget page (build it, or pass --assets DIR)");
                None
            }
        }
    };
    let mut config = demo::demo_config(listen, assets);
    // The partner dashboard on demo data: a fake partner API on loopback, a fresh password.
    let dashboard_password = match ratelink_relay::partner::demo::start(&mut config.partner).await {
        Ok(p) => Some(p),
        Err(e) => {
            println!("ratelink demo: partner dashboard unavailable: {e}");
            None
        }
    };
    let relay = match Relay::bind(config).await {
        Ok(r) => r,
        Err(e) => return fail(e),
    };
    println!("ratelink demo: http://{}/", relay.local_addr());
    if let Some(password) = dashboard_password {
        println!(
            "ratelink demo: partner dashboard http://{}/dashboard.html (password: {password})",
            relay.local_addr()
        );
    }
    match relay.serve(ratelink_relay::shutdown_signal()).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => fail(e),
    }
}

async fn inspect_cmd(args: InspectArgs) -> ExitCode {
    if !(args.timeout.is_finite() && args.timeout > 0.0 && args.timeout < 1e6) {
        return fail("--timeout must be a positive number of seconds");
    }
    match inspect::inspect(
        &args.target,
        args.json,
        Duration::from_secs_f64(args.timeout),
        args.max_bytes,
    )
    .await
    {
        Ok(text) => match print_stdout(text.trim_end()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(e) => fail(format!("cannot write the output: {e}")),
        },
        Err(e) => {
            eprintln!("ratelink-relay inspect: {e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}

/// Writes `text` and a newline to stdout; a reader that went away (`inspect … | head`) is not
/// an error, the output simply stops.
fn print_stdout(text: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let written = out
        .write_all(text.as_bytes())
        .and_then(|()| out.write_all(b"\n"))
        .and_then(|()| out.flush());
    match written {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

async fn snippet_cmd(args: SnippetArgs) -> ExitCode {
    let compare = args.layout.as_deref().map(str::trim) == Some(ratelink_core::snippet::COMPARE);
    if !compare {
        for (given, flag) in [
            (args.feed.is_some(), "--feed"),
            (args.exchanger.is_some(), "--exchanger"),
            (args.ref_code.is_some(), "--ref"),
        ] {
            if !given {
                return fail(format!("{flag} is needed (except with --layout compare)"));
            }
        }
        if !args.feeds.is_empty() {
            return fail("--feeds is for --layout compare (one widget, several feeds)");
        }
    }
    let assets = match ratelink_relay::assets::Assets::open(&args.assets) {
        Ok(a) => a,
        Err(e) => {
            return fail(format!(
                "{e} (build it with scripts/build-web.sh, or pass --assets DIR)"
            ))
        }
    };
    let options = ratelink_core::snippet::SnippetOptions {
        relay: args.public_url,
        feed: args.feed.unwrap_or_default(),
        feeds: args.feeds,
        exchanger: args.exchanger.unwrap_or_default(),
        ref_code: args.ref_code.unwrap_or_default(),
        from: args.from,
        to: args.to,
        theme: args.theme,
        lang: args.lang,
        layout: args.layout,
        placement: args.placement,
        placement_param: args.placement_param,
    };
    match ratelink_relay::embed::snippet_for(&assets, &options).await {
        Ok(s) => {
            print!("{}", s.html);
            println!(
                "\nContent-Security-Policy the page needs (merge into its own):\n{}",
                s.csp
            );
            ExitCode::SUCCESS
        }
        Err(e) => fail(e),
    }
}
