//! Start-up: command line, settings, operator, logging to a file, then the chosen command.
//! Every failure ends as one line on stderr saying what to do, with a non-zero exit code.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Context, Result};
use chrono::Utc;
use malldesk::cli::{Cli, Command, ReportKind};
use malldesk::config::Settings;
use malldesk::demo::{self, DemoSize};
use malldesk::domain::kpi::Period;
use malldesk::domain::staff::StaffRole;
use malldesk::paths;
use malldesk::report;
use malldesk::store::Store;
use malldesk::store::maintenance::{self, CheckDepth};
use malldesk::ui::i18n::Lang;
use malldesk::ui::keymap::Keymap;
use malldesk::ui::theme::Theme;
use malldesk::ui::{self, App};

fn main() -> ExitCode {
    use clap::{CommandFactory, FromArgMatches};
    let matches = Cli::command().get_matches();
    let mut cli = Cli::from_arg_matches(&matches).unwrap_or_else(|error| error.exit());
    // `--demo` opens the demo, not the database MALLDESK_DB names; `--demo --db PATH` keeps PATH.
    if cli.demo && matches.value_source("db") == Some(clap::parser::ValueSource::EnvVariable) {
        cli.db = None;
    }
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            report_busy_done();
            eprintln!("malldesk: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    let settings_path = cli.config.clone().unwrap_or_else(paths::settings_file);
    let settings = Settings::load(&settings_path)?;
    let operator = operator_name(cli.operator.as_deref(), &settings);
    let _log_guard = init_logging();
    match &cli.command {
        &Some(Command::Demo { size, seed }) => {
            let path = cli.db.clone().unwrap_or_else(paths::demo_database);
            make_demo(&path, size, seed, &operator)?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Backup { list: true, .. }) => {
            let dir = paths::backups_dir();
            let backups = maintenance::list_backups(&dir)?;
            if backups.is_empty() {
                println!("no backups in {}", dir.display());
            }
            for backup in backups {
                println!("{}", backup.line());
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Restore { backup }) => {
            let path = database_path(&cli);
            let spinner = progress_spinner("checking the backup and restoring");
            let restored = maintenance::restore(backup, &path, Utc::now());
            spinner.finish_and_clear();
            println!("{}", restored?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Export { family, to, search, view, overdue }) => {
            use malldesk::transfer::{Format, export};
            let (store, lang) = report_setup(&cli, &settings)?;
            let format = Format::of(to)
                .with_context(|| format!("{}: name a .csv or .xlsx file to export to", to.display()))?;
            let (tab, list) = export::family_list(*family);
            let quick = match view {
                Some(text) => export::choose_view(tab, text, lang).map_err(anyhow::Error::msg)?,
                None => list.unwrap_or_else(|| tab.source().all_filter()),
            };
            let filter = malldesk::ui::tabs::TabFilter {
                text: search.clone().unwrap_or_default(),
                quick,
                overdue: *overdue,
                ..Default::default()
            };
            let ctx =
                malldesk::ui::tabs::FetchContext::outside_desk(&store, settings.clone(), lang, Utc::now())?;
            report_busy_done();
            let mut progress = malldesk::progress::Progress::new(&format!("export {}", tab.code()));
            malldesk::progress::interrupted();
            let written = export::export_list(&store, &ctx, tab, &filter, to, format, &mut |done, total| {
                progress.update(done, total);
                !malldesk::progress::stopped()
            });
            progress.finish();
            match written {
                Ok(rows) => {
                    println!("{rows} rows written to {}", to.display());
                    Ok(ExitCode::SUCCESS)
                }
                Err(export::ExportError::Cancelled) => {
                    eprintln!("malldesk: export stopped: {} was not written", to.display());
                    Ok(ExitCode::from(130))
                }
                Err(error) => Err(error.into()),
            }
        }
        Some(Command::Import { family, file, dry_run, skip_bad, template }) => import_command(
            &cli,
            &settings,
            &operator,
            *family,
            file.as_deref(),
            *dry_run,
            *skip_bad,
            template.as_deref(),
        ),
        Some(Command::Backup { to, .. }) => {
            let store = Store::open_read_only(&database_path(&cli))?;
            malldesk::progress::interrupted();
            store.stop_when(malldesk::progress::stopped)?;
            let spinner = progress_spinner("writing the backup");
            let written = match to {
                Some(target) => store.backup_to(target).map(|()| target.clone()),
                None => {
                    maintenance::rotating_backup(&store, &paths::backups_dir(), settings.backup.keep as usize)
                }
            };
            spinner.finish_and_clear();
            if malldesk::progress::stopped() {
                eprintln!("malldesk: backup stopped (Ctrl-C): no backup was written");
                return Ok(ExitCode::from(130));
            }
            println!("backup written to {}", written?.display());
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report { report: ReportKind::Kpi { period, csv } }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let period = parse_period(period.as_deref(), &store)?;
            let kpis = report::kpi::kpis(&store, &settings, period)?;
            print_text(&report::kpi::text(&kpis, period, lang));
            if let Some(path) = csv {
                report::kpi::csv(path, &kpis, period, lang)
                    .with_context(|| format!("cannot write {}", path.display()))?;
            }
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report {
            report:
                kind @ (ReportKind::Classification { period, csv }
                | ReportKind::Register { period, csv }
                | ReportKind::Summary { period, csv }
                | ReportKind::Unreachable { period, csv }),
        }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let period = parse_period(period.as_deref(), &store)?;
            let report = match kind {
                ReportKind::Classification { .. } => report::service::classification(&store, period, lang)?,
                ReportKind::Register { .. } => report::service::register(&store, period, lang)?,
                ReportKind::Unreachable { .. } => report::service::unreachable_list(&store, period, lang)?,
                _ => report::service::summary(&store, period, lang)?,
            };
            print_report(&report, csv.as_deref())
        }
        Some(Command::Report {
            report:
                kind @ (ReportKind::Occupancy { date, csv }
                | ReportKind::Arrears { date, csv }
                | ReportKind::Expiring { date, csv }
                | ReportKind::Licences { date, csv }
                | ReportKind::Collection { date, csv, .. }),
        }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let day = parse_day(date.as_deref(), &store)?;
            let report = match kind {
                ReportKind::Occupancy { .. } => report::occupancy::occupancy(&store, day, lang)?,
                ReportKind::Arrears { .. } => report::arrears::arrears(&store, day, lang)?,
                ReportKind::Expiring { .. } => report::expiry::expiring(&store, &settings, day, lang)?,
                ReportKind::Licences { .. } => report::expiry::licences(&store, &settings, day, lang)?,
                ReportKind::Collection { period, .. } => {
                    let period = parse_period(period.as_deref(), &store)?;
                    report::arrears::collection(&store, period, day, lang)?
                }
                _ => unreachable!("matched above"),
            };
            print_report(&report, csv.as_deref())
        }
        Some(Command::Report { report: ReportKind::Leasing { period, csv } }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let period = parse_period(period.as_deref(), &store)?;
            print_report(&report::leasing::leasing(&store, &settings, period, lang)?, csv.as_deref())
        }
        Some(Command::Report { report: ReportKind::Ranking { period, merchant, csv } }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let month = parse_period(period.as_deref(), &store)?;
            if !matches!(month, Period::Month { .. }) {
                anyhow::bail!("the ranking is monthly: write a month like 2026-11, not '{month}'");
            }
            let report = match merchant {
                None => report::ranking::report(&store, &settings, month, lang)?,
                Some(name) => {
                    let found = store.repo::<malldesk::domain::merchant::Merchant>().named(name)?;
                    match found.as_slice() {
                        [one] => report::ranking::merchant_report(&store, &settings, month, one.id, lang)?,
                        [] => {
                            anyhow::bail!("no merchant is named '{name}': give its brand, company or number")
                        }
                        many => {
                            let ids: Vec<String> =
                                many.iter().map(|m| format!("{} {}", m.id, m.company)).collect();
                            anyhow::bail!(
                                "{} merchants are named '{name}': give the number of one ({})",
                                many.len(),
                                ids.join("; ")
                            )
                        }
                    }
                }
            };
            print_report(&report, csv.as_deref())
        }
        Some(Command::Report { report: ReportKind::Staff { period, csv } }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let today = store.clock().day(chrono::Utc::now());
            let quarter = match period {
                Some(text) => text.parse().map_err(anyhow::Error::msg)?,
                None => {
                    use chrono::Datelike;
                    Period::Quarter { year: today.year(), quarter: today.month0() / 3 + 1 }
                }
            };
            if !matches!(quarter, Period::Quarter { .. }) {
                anyhow::bail!(
                    "staff are appraised by quarter: write a quarter like 2026-Q4, not '{quarter}'"
                );
            }
            let now = chrono::Utc::now();
            print_report(&report::staff::scorecards(&store, &settings, quarter, now, lang)?, csv.as_deref())
        }
        Some(Command::Report { report: ReportKind::Meeting { id } }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            print_text(&report::meeting::sheet(&store, *id, lang)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Report { report: ReportKind::Case { number } }) => {
            let (store, lang) = report_setup(&cli, &settings)?;
            let case = report::case::find(&store, number)?;
            print_text(&report::case::registration_form(&store, &case, lang)?);
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Zone { new_zone }) => {
            let path = database_path(&cli);
            match new_zone {
                None => {
                    let store = Store::open_read_only(&path)?;
                    println!("{}", store.clock().name());
                }
                Some(zone) => {
                    let mut store = Store::open_with_zone(&path, &operator, Some(*zone))?;
                    let before = store.clock();
                    if before != *zone {
                        store.set_clock(*zone)?;
                    }
                    println!("{} → {}", before.name(), zone.name());
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        &Some(Command::Check { full }) => {
            let store = Store::open_read_only(&database_path(&cli))?;
            let depth = if full { CheckDepth::Full } else { CheckDepth::Quick };
            let spinner = progress_spinner(if full { "checking every page and index" } else { "checking" });
            let tick = spinner.clone();
            let report = store.check_with(depth, Some(Box::new(move || tick.tick())));
            spinner.finish_and_clear();
            let report = report?;
            println!("{report}");
            Ok(if report.is_ok() { ExitCode::SUCCESS } else { ExitCode::FAILURE })
        }
        None => {
            let path = database_path(&cli);
            if cli.demo && !path.exists() {
                make_demo(&path, DemoSize::Small, 2026, &operator)?;
            }
            // The demo desk is worked by one of the demo's clerks, so its records and approvals
            // name a person of the demo mall.
            let operator = match chosen_operator(cli.operator.as_deref(), &settings) {
                None if cli.demo && !cli.read_only => {
                    Store::open_read_only(&path)?.first_active_staff(StaffRole::Clerk)?.unwrap_or(operator)
                }
                _ => operator,
            };
            let mut store = if cli.read_only {
                Store::open_read_only(&path)?
            } else {
                Store::open_with_zone(&path, &operator, cli.zone)?
            };
            if let Some(zone) = cli.zone.filter(|zone| *zone != store.clock()) {
                anyhow::bail!(
                    "{} keeps the mall's time zone {}: to change it to {}, run `malldesk zone {}`",
                    path.display(),
                    store.clock().name(),
                    zone.name(),
                    zone.name()
                );
            }
            store.set_settings(settings.clone());
            if !cli.read_only {
                // The weekly series' coming meetings, so nobody retypes the Tuesday briefing.
                let today = store.clock().day(chrono::Utc::now());
                if let Err(error) = store.plan_meetings(today, settings.meetings.plan_weeks_ahead) {
                    tracing::warn!("coming meetings not planned: {error}");
                }
            }
            let keymap = Keymap::load(&paths::keymap_file()).map_err(anyhow::Error::msg)?;
            let lang =
                Lang::choose(cli.lang.as_deref(), &settings.desk.language, |name| std::env::var(name).ok());
            let theme = Theme::from_env(settings.desk.ascii_borders, std::env::var("NO_COLOR").ok());
            ui::run(App::new(store, settings, keymap, lang, theme, (80, 24), &paths::Dirs::platform()))?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn database_path(cli: &Cli) -> PathBuf {
    match (&cli.db, cli.demo) {
        (Some(path), _) => path.clone(),
        (None, true) => paths::demo_database(),
        (None, false) => paths::default_database(),
    }
}

fn make_demo(path: &Path, size: DemoSize, seed: u64, operator: &str) -> Result<()> {
    let started = Instant::now();
    let today = demo::mall_clock().day(chrono::Utc::now());
    eprintln!("malldesk: creating {size:?} demo database {} …", path.display());
    // A bar per table on a terminal, a plain line at each tenth of a table otherwise; Ctrl-C
    // stops between batches and removes the half-made file.
    let mut bar = malldesk::progress::Progress::new("demo");
    malldesk::progress::interrupted();
    let mut progress = |table: &'static str, done: usize, count: usize| {
        bar.stage(&format!("demo: {table}"));
        bar.update(done as u64, count as u64);
        !malldesk::progress::stopped()
    };
    let made = demo::create_with_progress(path, size, seed, today, operator, &mut progress);
    bar.finish();
    let summary = made.with_context(|| format!("demo database {} was not created", path.display()))?;
    eprintln!(
        "malldesk: demo database {} ready: {} records in {:.1} s",
        path.display(),
        summary.total(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

use malldesk::progress::spinner as progress_spinner;

/// The database opened read-only and the language a report is written in.
/// Starts the "working" spinner a report shows on a terminal until its text is printed (a
/// year of callbacks on the large demo takes seconds).
fn report_setup(cli: &Cli, settings: &Settings) -> Result<(Store, Lang)> {
    REPORT_BUSY.with(|busy| *busy.borrow_mut() = Some(progress_spinner("report")));
    let store = Store::open_read_only(&database_path(cli))?;
    let lang = Lang::choose(cli.lang.as_deref(), &settings.desk.language, |name| std::env::var(name).ok());
    Ok((store, lang))
}

thread_local! {
    static REPORT_BUSY: std::cell::RefCell<Option<indicatif::ProgressBar>> =
        const { std::cell::RefCell::new(None) };
}

/// Clears the report's spinner before anything is printed under it.
fn report_busy_done() {
    if let Some(spinner) = REPORT_BUSY.with(|busy| busy.borrow_mut().take()) {
        spinner.finish_and_clear();
    }
}

/// Prints a report's text (the spinner cleared first). A reader that went away (`| head -1`)
/// ends the program quietly, as `cat` would, instead of a panic about a broken pipe.
fn print_text(text: &str) {
    use std::io::Write;
    report_busy_done();
    let mut out = std::io::stdout().lock();
    if let Err(error) = out.write_all(report::printable(text).as_bytes()).and_then(|()| out.flush()) {
        if error.kind() == std::io::ErrorKind::BrokenPipe {
            std::process::exit(0);
        }
        eprintln!("malldesk: cannot print the report: {error}");
        std::process::exit(1);
    }
}

/// Prints a report and writes its CSV when asked.
fn print_report(report: &report::Report, csv: Option<&std::path::Path>) -> Result<ExitCode> {
    print_text(&report.text);
    if let Some(path) = csv {
        let header: Vec<&str> = report.header.iter().map(String::as_str).collect();
        report::write_csv(path, &header, &report.rows)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `--date`, else today on the mall's clock.
fn parse_day(text: Option<&str>, store: &Store) -> Result<chrono::NaiveDate> {
    match text {
        Some(text) => chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
            .map_err(|_| anyhow::anyhow!("bad date '{text}': write it like 2026-11-23")),
        None => Ok(store.clock().day(chrono::Utc::now())),
    }
}

/// `--period`, else this month on the mall's clock.
fn parse_period(text: Option<&str>, store: &Store) -> Result<Period> {
    match text {
        Some(text) => text.parse().map_err(anyhow::Error::msg),
        None => Ok(Period::month_of(store.clock().day(chrono::Utc::now()))),
    }
}

/// `--operator`, else the settings file's, else the OS account name.
fn operator_name(flag: Option<&str>, settings: &Settings) -> String {
    chosen_operator(flag, settings).unwrap_or_else(os_account)
}

/// The operator named on the command line or in the settings, if any.
fn chosen_operator(flag: Option<&str>, settings: &Settings) -> Option<String> {
    flag.map(str::to_string)
        .filter(|name| !name.trim().is_empty())
        .or_else(|| Some(settings.desk.operator.clone()).filter(|name| !name.trim().is_empty()))
}

/// The OS account running the desk: `$USER`, else the account database (a service or a
/// `sudo -u` shell may have no `$USER`).
fn os_account() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .ok()
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(whoami::username)
}

/// Logs go to a daily file in the data directory, never to the screen.
fn init_logging() -> Option<tracing_appender::non_blocking::WorkerGuard> {
    let dir = paths::log_dir();
    std::fs::create_dir_all(&dir).ok()?;
    let appender = tracing_appender::rolling::daily(dir, "malldesk.log");
    let (writer, guard) = tracing_appender::non_blocking(appender);
    let filter =
        tracing_subscriber::EnvFilter::try_from_env("MALLDESK_LOG").unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt().with_writer(writer).with_ansi(false).with_env_filter(filter).try_init().ok()?;
    Some(guard)
}

/// `malldesk import`: a template, or the preview of a file and, when every row is good (or
/// `--skip-bad`), its records written in one transaction.
#[allow(clippy::too_many_arguments)]
fn import_command(
    cli: &Cli,
    settings: &Settings,
    operator: &str,
    family: malldesk::cli::ImportFamily,
    file: Option<&Path>,
    dry_run: bool,
    skip_bad: bool,
    template: Option<&Path>,
) -> Result<ExitCode> {
    use malldesk::transfer::import;
    let lang = Lang::choose(cli.lang.as_deref(), &settings.desk.language, |name| std::env::var(name).ok());
    if let Some(path) = template {
        import::write_template(family, lang, path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("{}", lang.t_with("import.template_written", &[("path", &path.display().to_string())]));
        return Ok(ExitCode::SUCCESS);
    }
    let file = file.context("name the file to import")?;
    let table = import::read_table(file)?;
    let path = database_path(cli);
    // A dry run only reads: the database stays byte for byte as it was.
    let store = if dry_run {
        Store::open_read_only(&path)?
    } else {
        Store::open_with_zone(&path, operator, cli.zone)?
    };
    let spinner = progress_spinner("reading and checking the rows");
    let preview = import::preview(&store, family, &table, lang, Utc::now()).map_err(|error| match error {
        import::ImportError::File { reason, .. } => anyhow::anyhow!("{}: {reason}", file.display()),
        other => other.into(),
    });
    spinner.finish_and_clear();
    let preview = preview?;
    print!("{}", preview.text(lang, file));
    if dry_run {
        println!("{}", lang.t("import.dry_run"));
        return Ok(if preview.bad.is_empty() { ExitCode::SUCCESS } else { ExitCode::FAILURE });
    }
    if !preview.bad.is_empty() && !skip_bad {
        println!("{}", lang.t("import.nothing_written"));
        return Ok(ExitCode::FAILURE);
    }
    let applied = import::apply(&store, &preview, skip_bad)?;
    println!(
        "{}",
        lang.t_with(
            "import.written",
            &[("created", &applied.created.to_string()), ("updated", &applied.updated.to_string())]
        )
    );
    Ok(ExitCode::SUCCESS)
}
