// The vanilla example of BillerAPI's "Link an account" guide, step 2, as written there; the test
// hooks only record what the callbacks receive in window.__log.
import { BillButler } from "/sdk.js";

window.__log = [];
const params = new URLSearchParams(location.search);
let linkToken;

async function prepare() {
  const response = await fetch("/api/create-link-token", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ userId: "user_123", biller_id: params.get("biller") || undefined }),
  });
  ({ linkToken } = await response.json());
  window.__log.push({ kind: "prepared" });
}

async function link() {
  if (!linkToken) await prepare();
  const billbutler = new BillButler({
    clientId: "your_client_id",
    environment: "sandbox",
  });
  const handler = billbutler.create({
    linkToken: linkToken, // from your server
    onSuccess: async (publicToken, metadata) => {
      window.__log.push({ kind: "success", publicToken, metadata });
      console.log("Account linked!", metadata.institutionName);
      // Exchange the public token on your server
      const res = await fetch("/api/exchange-token", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ publicToken }),
      });
      const { access_token } = await res.json();
      window.__log.push({ kind: "exchanged", ok: typeof access_token === "string" });
    },
    onExit: (error, metadata) => {
      window.__log.push({ kind: "exit", error, metadata });
      if (error) console.error("Error:", error.code);
    },
    onEvent: (eventName, metadata) => {
      window.__log.push({ kind: "event", name: eventName, metadata, at: performance.now() });
    },
  });
  window.__openedAt = performance.now();
  handler.open();
  window.__handler = handler;
}

document.getElementById("prepare").addEventListener("click", prepare);
document.getElementById("link").addEventListener("click", link);
