import type { Component } from "svelte";
import { messageOf } from "../lib/errors";

/**
 * The screens the start-up does not show, loaded on first use: the start-up script holds only the
 * shell and Accounts, so it parses and runs less before the first paint (bench/startup). Once the
 * first screen is painted they are loaded in the background, so a click does not wait for them;
 * a loaded screen is drawn at once (its component is kept, not awaited again).
 */
const LOADERS = {
  bills: () => import("./Bills.svelte"),
  settings: () => import("./Settings.svelte"),
  support: () => import("./Support.svelte"),
};

/** A screen loaded on first use. */
export type LaterScreen = keyof typeof LOADERS;

class LaterScreens {
  /** Each screen's component, once loaded. */
  loaded = $state.raw<Partial<Record<LaterScreen, Component>>>({});
  /** Why a screen could not be loaded (shown in its place until a later try loads it). */
  failed = $state.raw<Partial<Record<LaterScreen, string>>>({});

  /** Loads a screen (once). */
  async load(screen: LaterScreen): Promise<void> {
    if (this.loaded[screen]) return;
    try {
      const module = await LOADERS[screen]();
      this.loaded = { ...this.loaded, [screen]: module.default };
    } catch (e) {
      this.failed = { ...this.failed, [screen]: messageOf(e) };
    }
  }

  /** Loads every later screen and the Connect SDK now (after the first paint). */
  preload(): void {
    for (const screen of Object.keys(LOADERS) as LaterScreen[]) void this.load(screen);
    void import("@billerapi/connect-sdk").catch(() => {});
  }
}

export const laterScreens = new LaterScreens();
