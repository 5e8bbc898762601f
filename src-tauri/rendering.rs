//! WebKitGTK's known blank-window setups, handled before the first window: its DMA-BUF renderer
//! draws nothing on NVIDIA's proprietary driver (and in some virtual machines), so there it is
//! turned off unless the user chose otherwise; `--safe-rendering` also turns off accelerated
//! compositing, for any setup that still shows a blank window (README, "Troubleshooting").

/// The flag for the most conservative rendering.
pub(crate) const SAFE_RENDERING_FLAG: &str = "--safe-rendering";

/// What to set, given the command line, whether NVIDIA's driver is loaded, and what the user set.
pub(crate) fn plan(
    safe_flag: bool,
    nvidia: bool,
    user_set: impl Fn(&str) -> bool,
) -> Vec<(&'static str, &'static str)> {
    let mut set = Vec::new();
    if (safe_flag || nvidia) && !user_set("WEBKIT_DISABLE_DMABUF_RENDERER") {
        set.push(("WEBKIT_DISABLE_DMABUF_RENDERER", "1"));
    }
    if safe_flag && !user_set("WEBKIT_DISABLE_COMPOSITING_MODE") {
        set.push(("WEBKIT_DISABLE_COMPOSITING_MODE", "1"));
    }
    set
}

/// Applies [`plan`] to this process (Linux only; called before any thread or window exists).
pub(crate) fn prepare() {
    if !cfg!(target_os = "linux") {
        return;
    }
    let safe = std::env::args().any(|a| a == SAFE_RENDERING_FLAG);
    let nvidia = std::path::Path::new("/proc/driver/nvidia/version").exists();
    for (name, value) in plan(safe, nvidia, |name| std::env::var_os(name).is_some()) {
        // Single-threaded here: nothing else reads the environment yet.
        std::env::set_var(name, value);
        tracing::info!(name, value, safe, nvidia, "WebKitGTK rendering setting");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nvidia_turns_off_dmabuf_and_safe_rendering_turns_off_compositing_but_the_user_wins() {
        let none = |_: &str| false;
        assert_eq!(plan(false, false, none), []);
        assert_eq!(
            plan(false, true, none),
            [("WEBKIT_DISABLE_DMABUF_RENDERER", "1")]
        );
        assert_eq!(
            plan(true, false, none),
            [
                ("WEBKIT_DISABLE_DMABUF_RENDERER", "1"),
                ("WEBKIT_DISABLE_COMPOSITING_MODE", "1")
            ]
        );
        assert_eq!(plan(false, true, |_| true), []);
    }
}
