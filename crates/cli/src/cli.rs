//! The command line: reading and evaluating sheets, and keeping plans in the database.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// shinchoku (進捗): 計画の進捗管理シートを読み取り、達成状況を評価します。
/// Reads the progress sheets of municipal plans and evaluates them.
#[derive(Debug, Parser)]
#[command(name = "shinchoku", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// データを置くフォルダ (既定: SHINCHOKU_DATA_DIR、なければ ~/.local/share/shinchoku)。
    /// DATABASE_URL=postgres://… があればPostgreSQLを使います / where the SQLite database lives
    #[arg(long, global = true, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// シートを読み取り、指標・目標値・実績値と指摘事項を表示します (read a sheet)
    Read(ReadArgs),
    /// シートの指標を評価します: 達成率・評価・前年比・見通し (evaluate a sheet)
    Evaluate(EvaluateArgs),
    /// 使える評価基準(プリセット)を表示します (list the evaluation policies)
    Policies,
    /// シートを読み取り、データベースの計画に取り込みます。団体コードの列で多くの団体の値を並べた表は
    /// 団体ごとの計画として一括で取り込みます (import a sheet into a stored plan, or a collection
    /// of many municipalities as one plan each)
    Import(ImportArgs),
    /// データベースの計画を一覧します (list the stored plans)
    Plans,
    /// 指標の実績値・目標値・空欄の理由・コメントを入力します (set a value of a stored plan)
    Set(SetArgs),
    /// 指標の変更履歴を表示します (the change history of an indicator)
    History(HistoryArgs),
    /// 計画を書き出します: 会議資料の進捗管理シート (xlsx)、オープンデータ (CSV・JSON) (export a
    /// stored plan: the council sheet, open data)
    Export(ExportArgs),
    /// データベース全体をバックアップします (back up the whole database)
    Backup(BackupArgs),
    /// バックアップを空のデータベースに復元します (restore a backup into an empty database)
    Restore(RestoreArgs),
    /// データベースの管理: migrate, status, check (manage the database)
    #[command(subcommand)]
    Db(DbCommand),
    /// Webアプリを起動します。--demo はサンプルの計画とデモ用アカウントで始めます (serve the web
    /// application)
    Serve(ServeArgs),
    /// サインインするアカウントの管理: add, list (manage the accounts)
    #[command(subcommand)]
    User(UserCommand),
    /// The worker process that parses a workbook under limits (started by the reader itself).
    #[command(name = "__workbook-worker", hide = true)]
    WorkbookWorker,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SheetArgs {
    /// 読み取るファイル (タブ区切りテキスト・CSV・Excel) / the sheet file
    #[arg(value_name = "SHEET")]
    pub file: Option<PathBuf>,
    /// レイアウトを指定する (matrix, sectioned …) / force a layout instead of recognising one
    #[arg(long)]
    pub layout: Option<String>,
    /// 読むファイルの文字コードを指定する (utf-8, shift_jis, cp932, utf-16le …) / force the
    /// text encoding of the sheet
    #[arg(long = "input-encoding", value_name = "ENCODING")]
    pub input_encoding: Option<String>,
    /// Excelブックのうち読むシート名 / read only this sheet of a workbook
    #[arg(long)]
    pub sheet: Option<String>,
    /// 列と行の対応づけ(TOML)のとおりに読む / read by a mapping file
    #[arg(long, value_name = "MAP.toml")]
    pub mapping: Option<PathBuf>,
    /// 読み取りの上限を変える (file-size=1G, rows=2000000, memory=8G, seconds=600 …) /
    /// raise or lower a reading limit
    #[arg(long = "limit", value_name = "NAME=VALUE")]
    pub limits: Vec<String>,
}

#[derive(Debug, Clone, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["file"])))]
pub struct ReadArgs {
    #[command(flatten)]
    pub input: SheetArgs,
    /// design.md §3 の JSON で出力する / print the JSON form
    #[arg(long)]
    pub json: bool,
    /// 1行に指標×年度×区分の縦持ちCSVで出力する(読み直すと同じ結果) / the canonical long CSV
    #[arg(long, conflicts_with = "json")]
    pub csv: bool,
    /// レイアウトを選んだ理由を表示する / show why the layout was chosen
    #[arg(long)]
    pub explain: bool,
    /// 推定した対応づけ(TOML)を書き出す。直して --mapping で使う / write the guessed mapping
    #[arg(long, conflicts_with_all = ["json", "csv", "mapping"])]
    pub suggest_mapping: bool,
    /// --input-encoding と同じ (read は文字コードを書き出さないため) / same as --input-encoding
    #[arg(
        long = "encoding",
        value_name = "ENCODING",
        conflicts_with = "input_encoding"
    )]
    pub encoding_alias: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["file", "plan"])))]
pub struct EvaluateArgs {
    #[command(flatten)]
    pub input: SheetArgs,
    /// ファイルの代わりにデータベースの計画を評価する (plans が表示するIDか名前) / evaluate a stored plan
    #[arg(long, value_name = "ID", conflicts_with = "file")]
    pub plan: Option<String>,
    /// 評価する年度 (2023, R5, 令和5年度)。省略時は計画期間のうち実績のある最新年度 / fiscal
    /// year to evaluate; by default the latest year of the plan with an actual
    #[arg(long)]
    pub year: Option<String>,
    /// 出力形式 / output format
    #[arg(long, value_enum, default_value_t = Format::Table)]
    pub format: Format,
    /// 評価基準 (default, nagareyama, nagayo, fukuoka, ino, tama, shizuoka, sano) / evaluation policy
    #[arg(long, default_value = "default")]
    pub policy: String,
    /// 目標ごとのまとめ方。省略時は評価基準のもの (share: A・Bの割合, worst: 最も低い評価,
    /// points: 評価点の合計) / how grades roll up to each goal
    #[arg(long, value_enum)]
    pub rollup: Option<RollUpChoice>,
    /// 指標の方向を指定する。指標は表の番号・指標ID・指標名 (例: 21=decrease) / state a
    /// polarity: increase, decrease, maintain
    #[arg(long, value_name = "指標=方向")]
    pub polarity: Vec<String>,
    /// 累計の扱いを指定する (例: 10=sum) / state an accumulation: sum, running, none
    #[arg(long, value_name = "指標=扱い")]
    pub accumulation: Vec<String>,
    /// 基準値を指定する (例: 6=26@R1) / state a baseline as VALUE@YEAR
    #[arg(long, value_name = "指標=値@年度")]
    pub baseline: Vec<String>,
    /// --format csv の文字コード: utf-8 (BOM付き、既定) か shift_jis / encoding of the CSV
    #[arg(long, value_enum, default_value_t = OutputEncoding::Utf8)]
    pub encoding: OutputEncoding,
    /// データベースを開く・読み込み・評価・出力にかかった時間を標準エラーに表示(--plan では同じ
    /// 接続でもう一度読み込んだ時間も) / print how long opening the database, reading, evaluating
    /// and writing took (with --plan, also loading the plan again on the same connection)
    #[arg(long)]
    pub timings: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RollUpChoice {
    Share,
    Worst,
    Points,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputEncoding {
    /// UTF-8 with a byte order mark, which Excel needs to recognise it
    #[value(name = "utf-8", alias = "utf8")]
    Utf8,
    /// Shift_JIS (CP932), for older Japanese Excel and systems
    #[value(name = "shift_jis", alias = "sjis", alias = "cp932")]
    ShiftJis,
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    #[test]
    fn the_command_line_is_well_formed() {
        super::Cli::command().debug_assert();
    }
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("source").required(true).args(["file"])))]
pub struct ImportArgs {
    #[command(flatten)]
    pub input: SheetArgs,
    /// 全国地方公共団体コード (6桁、検査数字つき。例: 032115)。団体コードの列がある一括取込の表では不要 /
    /// the municipality code (not for a collection, whose rows carry theirs)
    #[arg(long, value_name = "CODE")]
    pub municipality: Option<String>,
    /// 計画の名前。省略時はシートの表題(一括取込ではファイル名) / the plan's name (default: the
    /// sheet's title; for a collection, the file's name)
    #[arg(long, value_name = "NAME")]
    pub plan: Option<String>,
    /// 変更点を表示するだけで、書き込まない / show the changes, write nothing
    #[arg(long)]
    pub dry_run: bool,
}

#[derive(Debug, clap::Args)]
#[command(group(clap::ArgGroup::new("what").required(true).args(["actual", "target", "comment", "blank_reason"])))]
pub struct SetArgs {
    /// 計画 (plans が表示するIDか名前) / the plan's id or name
    #[arg(long, value_name = "ID")]
    pub plan: String,
    /// 指標 (表の番号・指標ID・指標名) / the indicator's number, id or name
    #[arg(long, value_name = "ID")]
    pub indicator: String,
    /// 年度 (R6, 令和6年度, 2024) / the fiscal year
    #[arg(long)]
    pub year: String,
    /// 実績値 (Excelと同じ書き方: 25回, 5,070人, △5)。空にすると消します / the actual
    #[arg(long, value_name = "VALUE")]
    pub actual: Option<String>,
    /// 目標値 (見直し) / a revised target
    #[arg(long, value_name = "VALUE")]
    pub target: Option<String>,
    /// 目標値を見直した理由 (中間見直し) / why the target was revised
    #[arg(long, requires = "target")]
    pub reason: Option<String>,
    /// コメント (評価・課題・今後の方向性) / the year's comment
    #[arg(long, value_name = "TEXT")]
    pub comment: Option<String>,
    /// コメントの欄: evaluation (評価), issues (課題), direction (今後の方向性)
    #[arg(long, value_enum, default_value_t = CommentField::Evaluation, requires = "comment")]
    pub field: CommentField,
    /// 空欄の理由: 未把握, 調査年でない, 事業終了 (空にすると消します) / why the figure is blank
    #[arg(long, value_name = "REASON")]
    pub blank_reason: Option<String>,
    /// 入力前に見た版。ほかの人が先に変えていたら保存しません / the version you saw
    #[arg(long, value_name = "N")]
    pub version: Option<i64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CommentField {
    Evaluation,
    Issues,
    Direction,
}

#[derive(Debug, clap::Args)]
pub struct HistoryArgs {
    /// 計画 (plans が表示するIDか名前) / the plan's id or name
    #[arg(long, value_name = "ID")]
    pub plan: String,
    /// 指標 (表の番号・指標ID・指標名) / the indicator's number, id or name
    #[arg(long, value_name = "ID")]
    pub indicator: String,
}

#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// 計画 (plans が表示するIDか名前) / the plan's id or name
    #[arg(long, value_name = "ID")]
    pub plan: String,
    /// 評価する年度 (R6, 令和6年度, 2024; 既定: 実績値のある最新の年度) / the year reported on
    #[arg(long, value_name = "YEAR")]
    pub year: Option<String>,
    /// 書き出す形式 / what to write
    #[arg(long, value_enum)]
    pub format: ExportFormat,
    /// 書き出すファイル (既定: 標準出力。xlsx は端末には書きません) / the file to write
    #[arg(short = 'o', long = "output", value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// CSV の文字コード / the CSV's encoding
    #[arg(long, value_enum, default_value_t = OutputEncoding::Utf8)]
    pub encoding: OutputEncoding,
    /// PDF の用紙 / the PDF's paper
    #[arg(long, value_enum, default_value_t = PaperChoice::A4)]
    pub paper: PaperChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PaperChoice {
    /// A4 縦 / A4 portrait
    A4,
    /// A3 横 / A3 landscape
    A3,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// 会議資料の進捗管理シート (印刷向け、A3横) / the council sheet, ready to print
    Xlsx,
    /// オープンデータ: 指標×年度×区分の1行ずつ / open data, one row per value
    Csv,
    /// オープンデータ (JSON) / open data as JSON
    Json,
    /// 印刷用の報告書 (表紙・目標ごとの集計とグラフ・指標ごとのグラフと値と評価) / the printed
    /// report
    Pdf,
}

#[derive(Debug, clap::Args)]
pub struct BackupArgs {
    /// 書き出すファイル (- で標準出力) / the backup file, - for standard output
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, clap::Args)]
pub struct RestoreArgs {
    /// 復元するバックアップファイル / the backup file
    #[arg(value_name = "FILE")]
    pub file: PathBuf,
}

#[derive(Debug, Clone, clap::Args)]
pub struct ServeArgs {
    /// サンプルの2計画とデモ用アカウントを入れたSQLiteのデータベースで起動します(初回に作成)
    /// / start on a demo SQLite database holding both sample plans and demo accounts
    #[arg(long)]
    pub demo: bool,
    /// 待ち受けるアドレス / the address to listen on
    #[arg(long, env = "SHINCHOKU_LISTEN", default_value = "127.0.0.1:8080")]
    pub listen: std::net::SocketAddr,
    /// TLSの後ろで動かす(Cookieに Secure を付け、HSTSを送る) / served behind TLS
    #[arg(long, env = "SHINCHOKU_SECURE")]
    pub secure: bool,
    /// 前に置いたプロキシのアドレス(複数可)。そこからの X-Forwarded-For をサインインの試行の
    /// 数え先に使います / a proxy in front whose X-Forwarded-For names the client (repeatable)
    #[arg(
        long = "trusted-proxy",
        value_name = "ADDR",
        env = "SHINCHOKU_TRUSTED_PROXIES",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum RoleChoice {
    Admin,
    Editor,
    Viewer,
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// アカウントを作ります。パスワードは端末で尋ねるか、標準入力の1行目から読みます
    /// (add an account; the password is asked for, or read from standard input)
    Add(UserAddArgs),
    /// アカウントを一覧します (list the accounts)
    List,
    /// アカウントの役割・所管課・団体を設定し直します。そのアカウントのサインインはすべて終わります
    /// (set an account's role, department and municipality; its sessions end)
    Set(UserSetArgs),
    /// アカウントを無効にします(サインインできなくなり、サインイン中のものも終わります。記録は残ります)
    /// (disable an account: it cannot sign in, its sessions end; its history stays)
    Disable(UserNameArg),
    /// 無効にしたアカウントを有効に戻します (enable a disabled account again)
    Enable(UserNameArg),
}

#[derive(Debug, Clone, clap::Args)]
pub struct UserNameArg {
    /// アカウント名 / the account's name
    pub name: String,
}

#[derive(Debug, Clone, clap::Args)]
pub struct UserAddArgs {
    /// アカウント名 / the account's name
    pub name: String,
    #[command(flatten)]
    pub rights: RightsArgs,
}

#[derive(Debug, Clone, clap::Args)]
pub struct UserSetArgs {
    /// アカウント名 / the account's name
    pub name: String,
    #[command(flatten)]
    pub rights: RightsArgs,
}

/// What an account may do.
#[derive(Debug, Clone, clap::Args)]
pub struct RightsArgs {
    /// 役割: admin(管理者) / editor(編集者) / viewer(閲覧者)
    #[arg(long, value_enum)]
    pub role: RoleChoice,
    /// 所管課(編集者はこの課の指標だけを変更できます) / the department whose indicators an
    /// editor changes
    #[arg(long)]
    pub department: Option<String>,
    /// 団体コード(この団体の計画だけを見られます。省略すると全団体) / the municipality whose
    /// plans the account sees
    #[arg(long)]
    pub municipality: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum DbCommand {
    /// スキーマを最新にします (apply the migrations)
    Migrate,
    /// データベースの場所とスキーマの版を表示します (where the database is, which migrations it has)
    Status,
    /// データベースの整合性を確かめます (check the database's integrity)
    Check,
}
