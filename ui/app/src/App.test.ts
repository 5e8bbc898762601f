import { afterEach, describe, expect, it } from "vitest";
import { cleanup, fireEvent, render, screen } from "@testing-library/svelte";
import { clearMocks, mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { appInfoStore } from "./lib/appInfo.svelte";
import { navigation } from "./lib/navigation.svelte";

// The real IPC is exercised by the WebDriver e2e test; here the shell is mocked so the UI's own
// behaviour (navigation, rendering of app_info and of its errors) is tested in isolation.
afterEach(() => {
  cleanup();
  clearMocks();
  appInfoStore.info = null;
  appInfoStore.error = null;
  navigation.go("accounts");
});

const INFO = { version: "9.8.7", dataDir: "/tmp/billkeep-data", environment: "embedded" };

describe("App", () => {
  it("shows the version and environment that app_info returns", async () => {
    mockIPC((cmd) => (cmd === "app_info" ? INFO : null));
    render(App);
    expect(await screen.findByTestId("version")).toHaveProperty("textContent", "v9.8.7");
    expect(screen.getByTestId("environment").textContent?.trim()).toBe("Embedded sandbox");
  });

  it("starts on Accounts with its empty state", () => {
    mockIPC(() => INFO);
    render(App);
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Accounts");
    expect(screen.getByTestId("nav-accounts").getAttribute("aria-current")).toBe("page");
    expect(screen.getByText("No linked accounts yet")).toBeTruthy();
  });

  it("navigates between the four screens", async () => {
    mockIPC((cmd) => (cmd === "app_info" ? INFO : null));
    render(App);
    for (const [id, title] of [
      ["bills", "Bills"],
      ["settings", "Settings"],
      ["support", "Support"],
      ["accounts", "Accounts"],
    ]) {
      await fireEvent.click(screen.getByTestId(`nav-${id}`));
      expect(screen.getByRole("heading", { level: 1 }).textContent).toBe(title);
      expect(screen.getByTestId(`nav-${id}`).getAttribute("aria-current")).toBe("page");
    }
  });

  it("shows the data directory on Settings", async () => {
    mockIPC((cmd) => (cmd === "app_info" ? INFO : null));
    render(App);
    await screen.findByTestId("version");
    await fireEvent.click(screen.getByTestId("nav-settings"));
    expect(screen.getByTestId("settings-data-dir").textContent).toBe("/tmp/billkeep-data");
  });

  it("shows the command's message when app_info fails", async () => {
    mockIPC(() => {
      throw { code: "data_dir", message: "cannot create the data directory /x: denied" };
    });
    render(App);
    const alert = await screen.findByTestId("app-info-error");
    expect(alert.textContent).toBe("cannot create the data directory /x: denied");
  });

  it("shows why an external link could not be opened", async () => {
    mockIPC((cmd) => {
      if (cmd === "open_external") {
        throw { code: "open_external", message: "could not open the link in your browser: no browser" };
      }
      return INFO;
    });
    render(App);
    await fireEvent.click(screen.getByTestId("nav-support"));
    await fireEvent.click(screen.getByText("BillerAPI documentation"));
    expect((await screen.findByRole("alert")).textContent).toContain("no browser");
  });
});
