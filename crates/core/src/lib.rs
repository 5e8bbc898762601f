//! Billkeep's application logic, independent of Tauri: used by the desktop shell and by
//! `billkeep-cli`.

pub mod settings;
