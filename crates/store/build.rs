//! Rebuilds the crate when a migration is added: `sqlx::migrate!` embeds the directory's files
//! at compile time, and cargo does not otherwise watch a directory for new files.
fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
