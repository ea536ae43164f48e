//! `shinchoku user add NAME --role admin|editor|viewer [--department 子ども課] [--municipality
//! CODE]`, `shinchoku user set NAME --role … [--department …] [--municipality …]` (the rights
//! exactly as given; the account's sessions end) and `shinchoku user list`. The password is
//! asked for twice at a terminal, or read from the first line of standard input when that is
//! not a terminal (for scripts). `user disable NAME` / `user enable NAME` stop and restore an
//! account's sign-in, keeping it and its history.

use super::{UserError, database};
use crate::cli::{RightsArgs, RoleChoice, UserAddArgs, UserCommand, UserNameArg, UserSetArgs};
use shinchoku_core::municipality::MunicipalityCode;
use shinchoku_store::{Actor, NewAccount, NewRights, Role, StoreError, Via};
use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;

pub fn run(
    command: &UserCommand,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    match command {
        UserCommand::Add(args) => add(args, data_dir, out),
        UserCommand::List => list(data_dir, out),
        UserCommand::Set(args) => set(args, data_dir, out),
        UserCommand::Disable(args) => enable(args, false, data_dir, out),
        UserCommand::Enable(args) => enable(args, true, data_dir, out),
    }
}

fn enable(
    args: &UserNameArg,
    enabled: bool,
    data_dir: Option<&Path>,
    out: &mut impl Write,
) -> anyhow::Result<()> {
    database::with_store(data_dir, async |store| {
        store
            .set_account_enabled(&args.name, enabled, &Actor::from_environment(Via::Cli))
            .await
    })?;
    if enabled {
        writeln!(out, "アカウント「{}」を有効にしました", args.name)?;
    } else {
        writeln!(
            out,
            "アカウント「{}」を無効にしました(サインインできません。記録は残ります)",
            args.name
        )?;
    }
    Ok(())
}

fn role(choice: RoleChoice) -> Role {
    match choice {
        RoleChoice::Admin => Role::Admin,
        RoleChoice::Editor => Role::Editor,
        RoleChoice::Viewer => Role::Viewer,
    }
}

/// The rights asked for, checked: the municipality's code, an editor's department.
fn rights<'a>(
    args: &'a RightsArgs,
    municipality: &'a Option<MunicipalityCode>,
) -> anyhow::Result<NewRights<'a>> {
    let role = role(args.role);
    if role == Role::Editor
        && args
            .department
            .as_deref()
            .is_none_or(|d| d.trim().is_empty())
    {
        return Err(UserError::new(
            "missing-department",
            "編集者には所管課を --department で指定してください(編集者は自分の課の指標だけを変更できます)",
        )
        .into());
    }
    Ok(NewRights {
        role,
        municipality: municipality.as_ref(),
        department: args.department.as_deref(),
    })
}

/// The municipality asked for, its check digit verified.
fn municipality(args: &RightsArgs) -> anyhow::Result<Option<MunicipalityCode>> {
    Ok(args
        .municipality
        .as_deref()
        .map(MunicipalityCode::parse)
        .transpose()
        .map_err(StoreError::from)?)
}

fn add(args: &UserAddArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let code = municipality(&args.rights)?;
    let rights = rights(&args.rights, &code)?;
    let password = read_password()?;
    shinchoku_web::check_new_password(&args.name, &password)
        .map_err(|e| UserError::new("bad-password", e.to_string()))?;
    let hash = shinchoku_web::hash_password(&password)
        .map_err(|e| UserError::new("bad-password", e.to_string()))?;
    let account = database::with_store(data_dir, async |store| {
        store
            .add_account(
                NewAccount {
                    name: &args.name,
                    password_hash: &hash,
                    rights,
                },
                &Actor::from_environment(Via::Cli),
            )
            .await
    })?;
    writeln!(
        out,
        "アカウント「{}」({}) を作成しました",
        account.name,
        describe(&account)
    )?;
    Ok(())
}

fn set(args: &UserSetArgs, data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let code = municipality(&args.rights)?;
    let rights = rights(&args.rights, &code)?;
    let account = database::with_store(data_dir, async |store| {
        store
            .set_account_rights(&args.name, rights, &Actor::from_environment(Via::Cli))
            .await
    })?;
    writeln!(
        out,
        "アカウント「{}」を {} にしました(サインインし直すと新しい権限になります)",
        account.name,
        describe(&account)
    )?;
    Ok(())
}

fn describe(a: &shinchoku_store::Account) -> String {
    let mut parts = vec![a.role.label().to_owned()];
    parts.extend(a.department.clone());
    parts.push(
        a.municipality_code
            .clone()
            .unwrap_or_else(|| "全団体".to_owned()),
    );
    parts.join(" ")
}

fn list(data_dir: Option<&Path>, out: &mut impl Write) -> anyhow::Result<()> {
    let (accounts, disabled) = database::with_store(data_dir, async |store| {
        Ok((store.accounts().await?, store.disabled_accounts().await?))
    })?;
    if accounts.is_empty() {
        writeln!(
            out,
            "アカウントはありません。`shinchoku user add` で作成できます"
        )?;
    }
    for a in &accounts {
        let state = if disabled.contains(&a.name) {
            "\t(無効)"
        } else {
            ""
        };
        writeln!(out, "{}\t{}{state}", a.name, describe(a))?;
    }
    Ok(())
}

/// The password: asked twice at a terminal, else the first line of standard input.
fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("パスワード: ")?;
        let again = rpassword::prompt_password("もう一度: ")?;
        if first != again {
            return Err(
                UserError::new("passwords-differ", "2回のパスワードが同じではありません").into(),
            );
        }
        return Ok(first);
    }
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    if password.is_empty() {
        return Err(UserError::new(
            "missing-password",
            "標準入力の1行目にパスワードがありません",
        )
        .into());
    }
    Ok(password)
}
