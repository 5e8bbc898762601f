//! Generates Tauri's context and the permissions for the app's own commands.

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            // Listing the commands makes each one need an explicit grant in a capability.
            .app_manifest(tauri_build::AppManifest::new().commands(&[
                "app_info",
                "vault_status",
                "unlock_vault",
                "lock_vault",
                "report_activity",
                "open_external",
                "ui_ready",
                "get_settings",
                "set_environment",
                "set_credentials",
                "test_credentials",
                "set_notification_lead_days",
                "set_auto_lock_minutes",
                "create_link_token",
                "exchange_public_token",
                "start_relink",
                "complete_relink",
                "sandbox_link",
                "list_links",
                "unlink",
                "forget_link",
                "list_bills",
                "sync_now",
                "export_bills",
                "record_connect_event",
                "list_connect_events",
            ])),
    )
    .expect("failed to run tauri-build");
}
