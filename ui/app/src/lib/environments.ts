import type { EnvironmentKind } from "./bindings";

/** The environments, in the order the UI lists them, with their labels and hints. */
export const ENVIRONMENTS: { id: EnvironmentKind; label: string; hint: string }[] = [
  { id: "embedded", label: "Embedded sandbox", hint: "Billkeep's own BillerAPI sandbox; works offline." },
  { id: "sandbox", label: "BillerAPI sandbox", hint: "The public sandbox; needs your bb_test_ keys." },
  { id: "production", label: "Production", hint: "Real billers; needs your bb_live_ keys." },
  { id: "custom", label: "Custom server", hint: "Any https:// URL (or http:// to this machine), e.g. a shared billerapi-sandbox." },
];

/** The label of an environment ("Embedded sandbox"). */
export function environmentLabel(kind: EnvironmentKind): string {
  return ENVIRONMENTS.find((e) => e.id === kind)?.label ?? kind;
}
