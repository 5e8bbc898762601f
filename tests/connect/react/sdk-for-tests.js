// Points the documented SDK at the local emulator (the only change the example needs here).
import { BillButler as Real } from "../../../ui/connect-sdk/src/index.ts";

export class BillButler extends Real {
  constructor(options) {
    super({ ...options, baseUrl: window.__BILLERAPI_BASE_URL__ });
  }
}
