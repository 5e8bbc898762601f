//! Generates Tauri's context and the permissions for the app's own commands, whose names come from
//! the one declaration of the IPC surface (`commands/surface.rs`).

/// Reads only the command names of the surface (the types are the app's business).
macro_rules! surface {
    ($(
        $(#[doc = $doc:literal])*
        $area:ident :: $name:ident ( $($arg:ident : $ty:ty),* $(,)? ) -> $ok:ty ;
    )*) => {
        &[$(stringify!($name)),*]
    };
}

const COMMANDS: &[&str] = include!("commands/surface.rs");

fn main() {
    println!("cargo:rerun-if-changed=src-tauri/commands/surface.rs");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .capabilities_path_pattern("./src-tauri/capabilities/**/*")
            // Listing the commands makes each one need an explicit grant in a capability.
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("failed to run tauri-build");
}
