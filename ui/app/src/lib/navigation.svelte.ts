/** The app's screens, in the order the sidebar lists them. */
export const SCREENS = [
  { id: "accounts", label: "Accounts" },
  { id: "bills", label: "Bills" },
  { id: "settings", label: "Settings" },
  { id: "support", label: "Support" },
] as const;

/** One of the app's screens. */
export type ScreenId = (typeof SCREENS)[number]["id"];

/** Which screen is shown; one instance for the whole app. */
class Navigation {
  current = $state<ScreenId>("accounts");

  go(screen: ScreenId): void {
    this.current = screen;
  }
}

export const navigation = new Navigation();
