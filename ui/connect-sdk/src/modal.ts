/**
 * The modal that holds the Connect iframe: an accessible dialog with a close button and a loading
 * state. Styles are set through the CSSOM, so host pages with a strict CSP need no `unsafe-inline`.
 */
export class Modal {
  readonly iframe: HTMLIFrameElement;
  private readonly overlay: HTMLDivElement;
  private readonly loading: HTMLDivElement;
  private readonly closeButton: HTMLButtonElement;
  private readonly previouslyFocused: Element | null;
  private readonly onKeydown: (e: KeyboardEvent) => void;

  constructor(src: string, onUserClose: () => void) {
    const doc = document;
    this.previouslyFocused = doc.activeElement;
    this.overlay = doc.createElement("div");
    this.overlay.setAttribute("data-billerapi-connect", "");
    Object.assign(this.overlay.style, {
      position: "fixed",
      inset: "0",
      zIndex: "2147483000",
      display: "flex",
      alignItems: "center",
      justifyContent: "center",
      background: "rgba(17, 24, 39, 0.55)",
    });
    const dialog = doc.createElement("div");
    dialog.setAttribute("role", "dialog");
    dialog.setAttribute("aria-modal", "true");
    dialog.setAttribute("aria-label", "Link your biller account");
    Object.assign(dialog.style, {
      position: "relative",
      width: "min(420px, 100vw)",
      height: "min(640px, 100vh)",
      background: "#fff",
      borderRadius: "14px",
      overflow: "hidden",
      boxShadow: "0 20px 50px rgba(0,0,0,0.3)",
    });
    this.closeButton = doc.createElement("button");
    this.closeButton.type = "button";
    this.closeButton.setAttribute("aria-label", "Close");
    this.closeButton.textContent = "×";
    Object.assign(this.closeButton.style, {
      position: "absolute",
      top: "8px",
      right: "10px",
      zIndex: "1",
      border: "0",
      background: "transparent",
      fontSize: "24px",
      lineHeight: "1",
      cursor: "pointer",
      color: "#374151",
    });
    this.closeButton.addEventListener("click", onUserClose);
    this.loading = doc.createElement("div");
    this.loading.setAttribute("role", "status");
    this.loading.textContent = "Loading…";
    Object.assign(this.loading.style, {
      position: "absolute",
      inset: "0",
      display: "flex",
      alignItems: "center",
      justifyContent: "center",
      color: "#4b5563",
      font: "15px system-ui, sans-serif",
    });
    this.iframe = doc.createElement("iframe");
    this.iframe.title = "BillerAPI Connect";
    this.iframe.src = src;
    // The page needs scripts, forms and its own origin for its API calls; nothing else.
    this.iframe.setAttribute("sandbox", "allow-scripts allow-forms allow-same-origin");
    this.iframe.setAttribute("referrerpolicy", "no-referrer");
    Object.assign(this.iframe.style, { width: "100%", height: "100%", border: "0", visibility: "hidden" });
    dialog.append(this.loading, this.iframe, this.closeButton);
    this.overlay.append(dialog);
    this.onKeydown = (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        onUserClose();
      }
    };
  }

  /** Shows the modal and moves focus into it. */
  mount(): void {
    document.body.append(this.overlay);
    document.addEventListener("keydown", this.onKeydown);
    this.closeButton.focus();
  }

  /** The page answered: show it instead of the loading state. */
  ready(): void {
    this.loading.remove();
    this.iframe.style.visibility = "visible";
    this.iframe.focus();
  }

  /** Removes the modal and gives focus back to where it was. */
  unmount(): void {
    document.removeEventListener("keydown", this.onKeydown);
    this.overlay.remove();
    if (this.previouslyFocused instanceof HTMLElement && this.previouslyFocused.isConnected) {
      this.previouslyFocused.focus();
    }
  }
}
