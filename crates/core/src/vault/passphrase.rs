//! The rule for a new passphrase, in one place (core, the shell and the CLI call it): long enough,
//! and hard to guess by zxcvbn's estimate. An existing vault's passphrase is only ever checked by
//! trying it, so an older, weaker one still opens the vault it protects.

use crate::Error;

/// The fewest characters a new passphrase may have.
pub const MIN_CHARS: usize = 10;
/// The lowest zxcvbn score (0–4) a new passphrase may have: 3 means "safely unguessable".
pub const MIN_SCORE: u8 = 3;

/// Refuses a new passphrase that is too short or too guessable, saying why and what to do.
pub fn check_new(passphrase: &str, user_inputs: &[&str]) -> Result<(), Error> {
    let chars = passphrase.chars().count();
    if chars < MIN_CHARS {
        return Err(Error::WeakPassphrase(format!(
            "it has {chars} characters; use at least {MIN_CHARS}, e.g. four unrelated words"
        )));
    }
    let estimate = zxcvbn::zxcvbn(passphrase, user_inputs);
    if u8::from(estimate.score()) >= MIN_SCORE {
        return Ok(());
    }
    let mut why = estimate
        .feedback()
        .and_then(|f| f.warning().map(|w| w.to_string()))
        .unwrap_or_else(|| "it is easy to guess".to_owned());
    let hint = estimate
        .feedback()
        .and_then(|f| f.suggestions().first().map(|s| s.to_string()))
        .unwrap_or_else(|| "Add another word or two; uncommon words are better.".to_owned());
    why = why.trim_end_matches('.').to_owned();
    Err(Error::WeakPassphrase(format!("{why}. {hint}")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_or_guessable_passphrases_are_refused_with_a_reason() {
        for (weak, why) in [
            ("short", "at least 10"),
            ("password123", "common password"),
            ("aaaaaaaaaaaaaa", "Repeats"),
            ("billkeep2026", "easy to guess"),
        ] {
            match check_new(weak, &["billkeep"]) {
                Err(Error::WeakPassphrase(reason)) => {
                    assert!(reason.contains(why), "{weak}: {reason}")
                }
                other => panic!("{weak}: {other:?}"),
            }
        }
        assert!(check_new("correct horse battery", &[]).is_ok());
    }
}
