//! Generates Tauri's context and the permissions for the app's own commands.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            // Listing the commands makes each one need an explicit grant in a capability.
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "app_info",
                "open_external",
                "ui_ready",
            ])),
    )
    .expect("failed to run tauri-build");
}
