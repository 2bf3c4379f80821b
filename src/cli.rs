//! The command line. Descriptions are in English and Chinese, since clap shows one help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::demo::DemoSize;
use crate::domain::clock::MallClock;

fn parse_zone(text: &str) -> Result<MallClock, String> {
    MallClock::parse(text)
}

#[derive(Debug, Parser)]
#[command(
    name = "malldesk",
    version,
    about = "Leasing and service desk for a shopping mall / 商场招商与客服前台",
    long_about = "Leasing and service desk for a shopping mall: prospects, leases, complaints, callbacks \
                  and the meeting roster in one SQLite file.\n\
                  商场招商与客服前台：招商客户、租赁合同、投诉报事、回访和会议签到，数据保存在一个 SQLite 文件中。\n\n\
                  Without a subcommand it opens the desk. 不带子命令时打开前台界面。"
)]
pub struct Cli {
    /// Database file [default: malldesk.db in the data directory] / 数据库文件
    #[arg(long, env = "MALLDESK_DB", global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,

    /// Name recorded with every change [default: settings, else OS user] / 操作员姓名
    #[arg(long, global = true, value_name = "NAME")]
    pub operator: Option<String>,

    /// Settings file [default: settings.toml in the config directory] / 设置文件
    #[arg(long, env = "MALLDESK_CONFIG", global = true, value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// Open read-only, for supervisors: nothing can be changed / 只读打开（主管查看）
    #[arg(long)]
    pub read_only: bool,

    /// Open the demo database (or the --db file as a demo), creating it on first use; wins over
    /// MALLDESK_DB / 打开演示数据库（首次使用时自动生成）
    #[arg(long)]
    pub demo: bool,

    /// Interface language: zh-CN or en [default: settings, else LANG] / 界面语言
    #[arg(long, global = true, value_parser = ["zh-CN", "en"])]
    pub lang: Option<String>,

    /// The mall's time zone for a database created now (IANA name such as Asia/Shanghai)
    /// [default: the system's]; an existing database keeps its own, changed with `malldesk zone`
    /// / 新建数据库时的商场时区
    #[arg(long, global = true, value_name = "ZONE", value_parser = parse_zone)]
    pub zone: Option<MallClock>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill a new database with demo data [default --db: demo.db in the data directory] / 生成演示数据
    Demo {
        /// small: a lively mall to try; large: ten years of records for benchmarks / 规模
        #[arg(long, value_enum, default_value = "small")]
        size: DemoSize,
        /// Random seed: the same seed gives the same data / 随机种子
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// Make a consistent copy while the desk is in use [default: the data directory's backups folder, keeping the newest N] / 在线备份
    Backup {
        /// Write the copy here instead / 备份文件路径
        #[arg(long, value_name = "PATH", conflicts_with = "list")]
        to: Option<PathBuf>,
        /// List the backups in the backups folder, newest first, with their time and size / 列出备份
        #[arg(long)]
        list: bool,
    },
    /// Put a backup back in place of the database: checked first, refused while a desk has the
    /// database open for writing; the replaced file is kept as a dated copy / 从备份恢复
    Restore {
        /// The backup file (see `malldesk backup --list`) / 备份文件
        #[arg(value_name = "BACKUP")]
        backup: PathBuf,
    },
    /// Write a list to CSV (UTF-8 with BOM) or Excel, every row, headers in the interface
    /// language / 导出列表为 CSV 或 Excel
    Export {
        /// prospects, leases, complaints, callbacks, meetings, merchants, units or staff / 列表
        #[arg(value_enum)]
        family: Family,
        /// The file to write: .csv or .xlsx / 导出文件
        #[arg(long, value_name = "FILE")]
        to: PathBuf,
        /// Only the records this search finds (as the desk's F3) / 搜索
        #[arg(long, value_name = "TEXT")]
        search: Option<String>,
        /// One of the tab's lists by its number or name, as on F6 [default: every record] / 视图
        #[arg(long, value_name = "VIEW")]
        view: Option<String>,
        /// Only the overdue ones (as the desk's F7) / 仅逾期
        #[arg(long)]
        overdue: bool,
    },
    /// Read merchants, units, staff or prospects from a CSV or Excel file: a preview of what would
    /// be created and updated, then every bad row; nothing is written unless every row is good /
    /// 从 CSV 或 Excel 导入
    Import {
        /// merchants, units, staff or prospects / 数据类别
        #[arg(value_enum)]
        family: ImportFamily,
        /// The file: .csv (UTF-8, with or without BOM, or GBK/GB18030) or .xlsx / 导入文件
        #[arg(value_name = "FILE", required_unless_present = "template")]
        file: Option<PathBuf>,
        /// Only show what would change; write nothing / 仅预览
        #[arg(long)]
        dry_run: bool,
        /// Write the good rows and leave out the bad ones / 跳过错误行
        #[arg(long)]
        skip_bad: bool,
        /// Write an empty file with the headers to fill in, instead of importing / 生成模板
        #[arg(long, value_name = "FILE", conflicts_with_all = ["file", "dry_run", "skip_bad"])]
        template: Option<PathBuf>,
    },
    /// Check the database's integrity and schema, in one line: the quick check by default /
    /// 检查数据库完整性（默认快速检查）
    Check {
        /// The full integrity check, indexes included (minutes on a large file) / 完整检查
        #[arg(long)]
        full: bool,
    },
    /// Show the mall's time zone, or set it (IANA name, e.g. Asia/Shanghai; audited): every time,
    /// deadline, "today" and report period is read in it / 查看或设置商场时区
    Zone {
        /// The new zone / 新时区
        #[arg(value_name = "ZONE", value_parser = parse_zone)]
        new_zone: Option<MallClock>,
    },
    /// Print a report, or write it as CSV (UTF-8 with BOM) / 打印或导出报表
    Report {
        #[command(subcommand)]
        report: ReportKind,
    },
}

/// The lists `malldesk export` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Family {
    Prospects,
    Leases,
    Complaints,
    Callbacks,
    Meetings,
    Merchants,
    Units,
    Staff,
}

/// The records `malldesk import` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFamily {
    Merchants,
    Units,
    Staff,
    Prospects,
}

#[derive(Debug, Subcommand)]
pub enum ReportKind {
    /// The service KPIs against their targets / 客服指标及目标
    Kpi {
        /// Week 2026-W47, month 2026-11, quarter 2026-Q4 or year 2026 [default: this month] / 统计期间
        #[arg(long)]
        period: Option<String>,
        /// Also write the report as CSV to this file / 同时导出 CSV
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Complaints by kind, category, merchant, level and verdict / 顾客投诉分类登记表
    Classification {
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Every callback due in the period / 回访登记表
    Register {
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Callbacks that could not be reached, to verify contact details / 无法联系名单
    Unreachable {
        /// Week 2026-W47, month, quarter or year [default: this month] / 统计期间
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// New prospects, contacts, the funnel, losses, signed against target, category mix and
    /// one line per leasing staff member / 招商工作汇报
    Leasing {
        /// Week 2026-W47, month 2026-11, quarter 2026-Q4 or year 2026 [default: this month] / 统计期间
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Merchants' monthly scores ranked, the lowest marked (末位); or one merchant's deductions
    /// / 商户月度考评排名
    Ranking {
        /// The month, e.g. 2026-11 [default: this month] / 月份
        #[arg(long)]
        period: Option<String>,
        /// Show this merchant's deductions with their days (brand, company or number) / 单个商户扣分明细
        #[arg(long, value_name = "NAME")]
        merchant: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Quarterly staff scorecards against their targets, flagging two and three quarters below
    /// / 员工季度考核
    Staff {
        /// The quarter, e.g. 2026-Q4 [default: this quarter] / 季度
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Leasable, let and vacant area per floor and zone, and the vacant units / 出租率与空置铺位
    Occupancy {
        /// The day, YYYY-MM-DD [default: today on the mall's clock] / 日期
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Money owed per merchant and charge kind, aged 0–30 / 31–60 / 61–90 / 90+ days / 欠费账龄
    Arrears {
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Collection rate of the charges due in a period, in all, per floor and per kind / 租金收缴率
    Collection {
        #[arg(long)]
        period: Option<String>,
        /// Count payments made up to this day [default: today] / 统计截止日
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Live leases ending within the warning bands (settings), with their renewal / 即将到期合同
    Expiring {
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// Business licences expired or expiring within the warning days (settings) / 证照到期提醒
    Licences {
        #[arg(long, value_name = "DATE")]
        date: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
    /// One meeting's sign-in sheet and minutes, to print / 会议签到表与会议纪要
    Meeting {
        /// The meeting's number (shown in its detail) / 会议编号
        id: i64,
    },
    /// One case's registration form, to print / 顾客投诉登记表（单件）
    Case {
        /// The case number, e.g. TS-20261122-0003 / 投诉编号
        number: String,
    },
    /// Reach rate and satisfaction by reason and staff, and the unreachable list / 回访总结汇报
    Summary {
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_name = "PATH")]
        csv: Option<PathBuf>,
    },
}
