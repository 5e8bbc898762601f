/**
 * BillerAPI Connect SDK. The `BillButler` class that opens the hosted Connect flow arrives with
 * the Connect SDK issue; until then the package only states its version so the workspace wiring
 * (app -> SDK dependency) is real.
 */
export const SDK_VERSION = "0.1.0";
