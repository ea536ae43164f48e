//! The command line: `shinchoku read` and `shinchoku evaluate`.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// shinchoku (進捗): 計画の進捗管理シートを読み取り、達成状況を評価します。
/// Reads the progress sheets of municipal plans and evaluates them.
#[derive(Debug, Parser)]
#[command(name = "shinchoku", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// シートを読み取り、指標・目標値・実績値と指摘事項を表示します (read a sheet)
    Read(ReadArgs),
    /// シートの指標を評価します: 達成率・評価・前年比・見通し (evaluate a sheet)
    Evaluate(EvaluateArgs),
    /// 使える評価基準(プリセット)を表示します (list the evaluation policies)
    Policies,
    /// The worker process that parses a workbook under limits (started by the reader itself).
    #[command(name = "__workbook-worker", hide = true)]
    WorkbookWorker,
}

#[derive(Debug, Clone, clap::Args)]
pub struct SheetArgs {
    /// 読み取るファイル (タブ区切りテキスト・CSV・Excel) / the sheet file
    #[arg(value_name = "SHEET")]
    pub file: PathBuf,
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
pub struct EvaluateArgs {
    #[command(flatten)]
    pub input: SheetArgs,
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
