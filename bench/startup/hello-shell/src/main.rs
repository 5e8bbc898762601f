//! The smallest Tauri app that paints a page and reports it, built like Billkeep, so
//! `bench/startup` can say what Billkeep adds on top of Tauri and WebKit themselves.

use std::time::{SystemTime, UNIX_EPOCH};

/// Prints the same probe line as Billkeep once the page has painted.
#[tauri::command]
fn ui_ready() {
    let epoch_ms = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_millis())
        .unwrap_or_default();
    println!("startup-probe ready {epoch_ms}");
}

fn main() {
    tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![ui_ready])
        .run(tauri::generate_context!())
        .expect("error while running the bare shell");
}
