//! The smallest Tauri app that paints a page and reports it, built like Billkeep, so
//! `bench/startup` can say what Billkeep adds on top of Tauri and WebKit themselves. It prints
//! the same probe lines, with the same phases where a bare shell has them.

use std::sync::{Mutex, OnceLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

static START: OnceLock<(Instant, SystemTime)> = OnceLock::new();
static MARKS: Mutex<Vec<(&'static str, Instant)>> = Mutex::new(Vec::new());

fn mark(name: &'static str) {
    let mut marks = MARKS.lock().unwrap_or_else(|p| p.into_inner());
    if !marks.iter().any(|(n, _)| *n == name) {
        marks.push((name, Instant::now()));
    }
}

fn epoch_ms(at: SystemTime) -> f64 {
    at.duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs_f64() * 1000.0)
        .unwrap_or_default()
}

/// The first IPC the page makes (timed like Billkeep's first one).
#[tauri::command]
fn first_ipc() {
    mark("first_ipc_received");
}

/// Prints the phases and the ready line once the page has painted.
#[tauri::command]
fn ui_ready(marks: Vec<(String, f64)>) {
    let Some((start, wall)) = START.get().copied() else {
        return;
    };
    let at = |i: Instant| epoch_ms(wall + i.saturating_duration_since(start));
    let mut fields = vec![format!("\"process_start\":{}", at(start))];
    for (name, i) in MARKS.lock().unwrap_or_else(|p| p.into_inner()).iter() {
        fields.push(format!("\"{name}\":{}", at(*i)));
    }
    for (name, ms) in &marks {
        if name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') && ms.is_finite() {
            fields.push(format!("\"{name}\":{ms}"));
        }
    }
    println!("startup-probe phases {{{}}}", fields.join(","));
    println!(
        "startup-probe ready {}",
        epoch_ms(SystemTime::now()) as u128
    );
}

/// Billkeep's WebKitGTK rendering rule (src-tauri/rendering.rs), so the comparison stays fair:
/// without a GPU render node, no accelerated compositing (it would run on the CPU).
fn prepare_rendering() {
    let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    let automation = std::env::var("TAURI_WEBVIEW_AUTOMATION").is_ok_and(|v| v == "true");
    if cfg!(target_os = "linux") && !gpu && !automation {
        for name in [
            "WEBKIT_DISABLE_DMABUF_RENDERER",
            "WEBKIT_DISABLE_COMPOSITING_MODE",
        ] {
            if std::env::var_os(name).is_none() {
                std::env::set_var(name, "1");
            }
        }
    }
}

fn main() {
    START.get_or_init(|| (Instant::now(), SystemTime::now()));
    prepare_rendering();
    tauri::Builder::default()
        .setup(|_| {
            mark("tauri_setup");
            Ok(())
        })
        .on_page_load(|_, payload| match payload.event() {
            tauri::webview::PageLoadEvent::Started => mark("page_load_started"),
            tauri::webview::PageLoadEvent::Finished => mark("page_load_finished"),
        })
        .invoke_handler(tauri::generate_handler![first_ipc, ui_ready])
        .run(tauri::generate_context!())
        .expect("error while running the bare shell");
}
