// The one change a page written from BillerAPI's docs needs here: the import, pointed at the
// local emulator instead of the public sandbox.
import { BillButler as Real } from "/sdk/connect-sdk.js";

const config = await (await fetch("/config.json")).json();

export class BillButler extends Real {
  constructor(options) {
    super({ ...options, baseUrl: config.baseUrl });
  }
}
