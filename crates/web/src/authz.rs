//! The one function that decides what an account may do. Every route declares the access it
//! needs before its handler runs ([`Access`]); a handler that touches a plan or an indicator
//! asks again for that object ([`Action`]). Templates never decide.

use shinchoku_store::{Account, Role};

/// What a route needs before its handler runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone, signed in or not (the sign-in page, the style sheet).
    Public,
    /// Any signed-in account.
    SignedIn,
    /// An account that may change figures somewhere (editor or admin).
    Editor,
    /// An administrator.
    Admin,
}

/// Something an account wants to do.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action<'a> {
    /// Pass a route's gate.
    Enter(Access),
    /// Read a plan of this municipality.
    ReadPlan { municipality: &'a str },
    /// Change an indicator of this municipality kept by this department.
    EditIndicator {
        municipality: &'a str,
        department: Option<&'a str>,
    },
}

/// Why an action is refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Denied {
    /// Nobody is signed in.
    SignInRequired,
    /// The account may not.
    Forbidden,
}

/// Whether `account` (or an anonymous visitor) may do `action`.
pub fn authorize(account: Option<&Account>, action: Action<'_>) -> Result<(), Denied> {
    let Some(account) = account else {
        return match action {
            Action::Enter(Access::Public) => Ok(()),
            _ => Err(Denied::SignInRequired),
        };
    };
    let allowed = match action {
        Action::Enter(Access::Public | Access::SignedIn) => true,
        Action::Enter(Access::Editor) => matches!(account.role, Role::Admin | Role::Editor),
        Action::Enter(Access::Admin) => account.role == Role::Admin,
        Action::ReadPlan { municipality } => covers(account, municipality),
        Action::EditIndicator {
            municipality,
            department,
        } => {
            covers(account, municipality)
                && match account.role {
                    Role::Admin => true,
                    Role::Editor => {
                        account.department.is_some() && account.department.as_deref() == department
                    }
                    Role::Viewer => false,
                }
        }
    };
    if allowed {
        Ok(())
    } else {
        Err(Denied::Forbidden)
    }
}

/// Whether the account's municipality (none: the whole deployment) covers `municipality`.
fn covers(account: &Account, municipality: &str) -> bool {
    account
        .municipality_code
        .as_deref()
        .is_none_or(|own| own == municipality)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn account(role: Role, municipality: Option<&str>, department: Option<&str>) -> Account {
        Account {
            id: 1,
            name: "x".into(),
            role,
            municipality_code: municipality.map(str::to_owned),
            department: department.map(str::to_owned),
        }
    }

    #[test]
    fn anonymous_visitors_pass_only_public_gates() {
        assert_eq!(authorize(None, Action::Enter(Access::Public)), Ok(()));
        for access in [Access::SignedIn, Access::Editor, Access::Admin] {
            assert_eq!(
                authorize(None, Action::Enter(access)),
                Err(Denied::SignInRequired)
            );
        }
        assert_eq!(
            authorize(
                None,
                Action::ReadPlan {
                    municipality: "032115"
                }
            ),
            Err(Denied::SignInRequired)
        );
    }

    #[test]
    fn editors_change_only_their_departments_indicators_in_their_municipality() {
        let editor = account(Role::Editor, Some("122203"), Some("子ども家庭課"));
        let edit = |m, d| Action::EditIndicator {
            municipality: m,
            department: d,
        };
        assert_eq!(
            authorize(Some(&editor), edit("122203", Some("子ども家庭課"))),
            Ok(())
        );
        assert_eq!(
            authorize(Some(&editor), edit("122203", Some("保育課"))),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&editor), edit("122203", None)),
            Err(Denied::Forbidden)
        );
        assert_eq!(
            authorize(Some(&editor), edit("032115", Some("子ども家庭課"))),
            Err(Denied::Forbidden),
            "another municipality's department of the same name"
        );
        let unassigned = account(Role::Editor, None, None);
        assert_eq!(
            authorize(Some(&unassigned), edit("122203", None)),
            Err(Denied::Forbidden)
        );
        let admin = account(Role::Admin, None, None);
        assert_eq!(authorize(Some(&admin), edit("122203", None)), Ok(()));
        let viewer = account(Role::Viewer, None, Some("子ども家庭課"));
        assert_eq!(
            authorize(Some(&viewer), edit("122203", Some("子ども家庭課"))),
            Err(Denied::Forbidden)
        );
    }

    #[test]
    fn an_account_of_one_municipality_reads_only_its_plans() {
        let own = account(Role::Viewer, Some("122203"), None);
        assert_eq!(
            authorize(
                Some(&own),
                Action::ReadPlan {
                    municipality: "122203"
                }
            ),
            Ok(())
        );
        assert_eq!(
            authorize(
                Some(&own),
                Action::ReadPlan {
                    municipality: "032115"
                }
            ),
            Err(Denied::Forbidden)
        );
        let everywhere = account(Role::Viewer, None, None);
        assert_eq!(
            authorize(
                Some(&everywhere),
                Action::ReadPlan {
                    municipality: "032115"
                }
            ),
            Ok(())
        );
    }

    #[test]
    fn gates_follow_the_role() {
        let gate = |role| {
            [
                Access::Public,
                Access::SignedIn,
                Access::Editor,
                Access::Admin,
            ]
            .map(|a| authorize(Some(&account(role, None, None)), Action::Enter(a)).is_ok())
        };
        assert_eq!(gate(Role::Viewer), [true, true, false, false]);
        assert_eq!(gate(Role::Editor), [true, true, true, false]);
        assert_eq!(gate(Role::Admin), [true, true, true, true]);
    }
}
