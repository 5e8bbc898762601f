//! WebKitGTK's rendering, set before the first window. Its DMA-BUF renderer draws nothing on
//! NVIDIA's proprietary driver (and in some virtual machines), so there it is turned off. Without
//! a GPU render node (`/dev/dri/renderD*`: virtual machines, remote desktops, containers, Xvfb)
//! accelerated compositing runs its OpenGL on the CPU (llvmpipe) and every frame costs more than
//! plain software painting — bench/startup measured about 120 ms a frame for Billkeep's window and
//! 50 MiB more memory — so it is turned off too, except under WebDriver automation (WebKitWebDriver
//! cannot take screenshots without it). `--safe-rendering` turns both off anywhere (README,
//! "Troubleshooting"). A variable the user set always wins.

/// The flag for the most conservative rendering.
pub(crate) const SAFE_RENDERING_FLAG: &str = "--safe-rendering";

/// What to set, given the command line, whether NVIDIA's driver is loaded, and what the user set.
pub(crate) fn plan(
    safe_flag: bool,
    machine: Machine,
    user_set: impl Fn(&str) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let mut set = Vec::new();
    let software = !machine.gpu && !machine.automation;
    if (safe_flag || machine.nvidia || software) && !user_set("WEBKIT_DISABLE_DMABUF_RENDERER") {
        set.push(("WEBKIT_DISABLE_DMABUF_RENDERER", "1"));
    }
    if (safe_flag || software) && !user_set("WEBKIT_DISABLE_COMPOSITING_MODE") {
        set.push(("WEBKIT_DISABLE_COMPOSITING_MODE", "1"));
    }
    set
}

/// What this machine's graphics look like, and whether WebDriver drives the webview.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Machine {
    /// NVIDIA's proprietary driver is loaded.
    pub nvidia: bool,
    /// A GPU render node exists.
    pub gpu: bool,
    /// tauri-driver started the app (`TAURI_WEBVIEW_AUTOMATION`).
    pub automation: bool,
}

fn machine() -> Machine {
    let gpu = std::fs::read_dir("/dev/dri").is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with("renderD"))
    });
    Machine {
        nvidia: std::path::Path::new("/proc/driver/nvidia/version").exists(),
        gpu,
        automation: std::env::var("TAURI_WEBVIEW_AUTOMATION").is_ok_and(|v| v == "true"),
    }
}

/// Applies [`plan`] to this process (Linux only; called before any thread or window exists).
pub(crate) fn prepare() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let safe = std::env::args().any(|a| a == SAFE_RENDERING_FLAG);
    let machine = machine();
    for (name, value) in plan(safe, machine, |name| std::env::var_os(name).is_some()) {
        // Single-threaded here: nothing else reads the environment yet.
        std::env::set_var(name, value);
        tracing::info!(name, value, safe, ?machine, "WebKitGTK rendering setting");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const GPU: Machine = Machine {
        nvidia: false,
        gpu: true,
        automation: false,
    };

    #[test]
    fn nvidia_turns_off_dmabuf_no_gpu_and_safe_rendering_turn_off_compositing_the_user_wins() {
        let none = |_: &str| false;
        let both = [
            ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
            ("WEBKIT_DISABLE_COMPOSITING_MODE", "1"),
        ];
        assert_eq!(plan(false, GPU, none), []);
        let nvidia = Machine {
            nvidia: true,
            ..GPU
        };
        assert_eq!(
            plan(false, nvidia, none),
            [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]
        );
        assert_eq!(plan(true, GPU, none), both);
        let software = Machine { gpu: false, ..GPU };
        assert_eq!(plan(false, software, none), both);
        let driven = Machine {
            automation: true,
            ..software
        };
        assert_eq!(
            plan(false, driven, none),
            [],
            "WebDriver screenshots need compositing"
        );
        assert_eq!(plan(true, software, |_| true), []);
    }
}
