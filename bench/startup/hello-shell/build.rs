//! Generates the bare shell's Tauri context.

fn main() {
    tauri_build::build();
}
