//! `profiles`: list, create, rename, switch and delete profiles (separate data directories,
//! vault keys and settings). Runs without opening any vault.

use billkeep_core::profiles::{ProfileInfo, Profiles};
use billkeep_core::vault::OsKeyring;
use billkeep_core::Result;

use crate::output;

/// `profiles` arguments.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// What to do (default: list them).
    #[command(subcommand)]
    action: Option<Action>,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// List the profiles; `*` marks the one the app opens.
    List,
    /// Make a new, empty profile.
    Create {
        /// Its name (1 to 40 characters).
        name: String,
    },
    /// Rename a profile (its data stays).
    Rename {
        /// The current name.
        from: String,
        /// The new name.
        to: String,
    },
    /// Make a profile the one the app and this tool open by default.
    Use {
        /// Its name.
        name: String,
    },
    /// Delete a profile: its keyring entries, then its data directory with every token in it.
    Delete {
        /// Its name.
        name: String,
        /// Confirms the deletion.
        #[arg(long)]
        yes: bool,
    },
}

fn print(list: &[ProfileInfo], json: bool) {
    if json {
        output::json(&list);
        return;
    }
    for p in list {
        let mark = if p.active { "*" } else { " " };
        let default = if p.default { " (default)" } else { "" };
        println!("{mark} {}{default}", p.name);
    }
}

/// Runs `profiles` over the base data directory's profiles.
pub fn run(mut profiles: Profiles, json: bool, args: Args) -> Result<()> {
    match args.action.unwrap_or(Action::List) {
        Action::List => {}
        Action::Create { name } => {
            let made = profiles.create(&name)?;
            eprintln!(
                "created profile {:?} in {}",
                made.name,
                made.data_dir.display()
            );
        }
        Action::Rename { from, to } => profiles.rename(&from, &to)?,
        Action::Use { name } => profiles.set_active(&name)?,
        Action::Delete { name, yes } => {
            if !yes {
                return Err(billkeep_core::Error::Invalid(format!(
                    "deleting {name:?} wipes its links and tokens: add --yes to confirm"
                )));
            }
            let location = profiles.locate(Some(&name))?;
            profiles.delete(&name, &OsKeyring::new(location.keyring_service.clone()))?;
            eprintln!("deleted profile {:?}", location.name);
        }
    }
    print(&profiles.list(), json);
    Ok(())
}
