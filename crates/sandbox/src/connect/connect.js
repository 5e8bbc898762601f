// BillerAPI Connect (sandbox): the hosted flow the Connect SDK opens in an iframe.
// Protocol: docs/connect-protocol.md. Session API: docs/sandbox.md ("The Connect session steps").
"use strict";

(() => {
  const PROTOCOL = "billerapi-connect";
  const VERSION = 1;
  const params = new URLSearchParams(location.search);
  const parentOrigin = params.get("parent_origin") || "";
  const app = document.getElementById("app");

  const SCOPES = {
    bills: "Read your bills, amounts, due dates and statements",
    payments: "Pay bills from this account",
  };
  const TEST_VALUES = [
    ["4242424242", "succeeds"],
    ["4000000001", "wrong password"],
    ["4000000002", "biller unavailable"],
    ["4000000003", "asks for a code: 123456"],
    ["4000000004", "account locked"],
    ["4000000005", "past-due bill"],
    ["4000000006", "auto-pay"],
    ["4000000007", "payment plan"],
    ["4000000008", "three accounts"],
    ["4000000009", "syncs fail (Billkeep's emulator)"],
    ["5555555555", "two years of monthly bills; any other number too (Billkeep's emulator)"],
  ];

  const state = { linkToken: "", sessionId: "", session: null, biller: null, accounts: [], started: false, done: false };

  // ---------- DOM ----------
  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
      else if (k === "text") el.textContent = v;
      else el.setAttribute(k, v === true ? "" : String(v));
    }
    for (const child of children.flat()) if (child) el.append(child);
    return el;
  }

  function show(...nodes) {
    app.replaceChildren(...nodes);
    const heading = app.querySelector("h1");
    const first = app.querySelector("[data-autofocus]");
    (first || heading)?.focus();
    if (state.sessionId) post("resize", { height: document.documentElement.scrollHeight });
  }

  function heading(text) {
    return h("h1", { tabindex: "-1", text });
  }

  function cancelLink() {
    return h("p", { class: "footer" }, h("button", { type: "button", class: "link", onclick: () => exit(null), text: "Exit" }));
  }

  // ---------- messages to the SDK ----------
  function post(type, fields) {
    if (!parentOrigin || window.parent === window) return;
    window.parent.postMessage({ protocol: PROTOCOL, version: VERSION, type, sessionId: state.sessionId, ...fields }, parentOrigin);
  }

  function emit(name, metadata) {
    post("event", {
      name,
      metadata: {
        link_session_id: state.session ? state.session.link_token_id : undefined,
        timestamp: new Date().toISOString(),
        ...(metadata || {}),
      },
    });
  }

  function exit(error, metadata) {
    if (state.done) return;
    state.done = true;
    if (state.standalone) {
      show(heading("Nothing was linked"), h("p", { text: "You can close this page. Open the link again to try once more." }));
      return;
    }
    emit("EXIT", { status: error ? "error" : "user_closed", error_code: error ? error.code : undefined });
    post("exit", { error, metadata: { status: error ? "error" : "user_closed", ...(metadata || {}) } });
  }

  // ---------- API ----------
  async function api(method, path, body) {
    let response;
    try {
      response = await fetch(path, {
        method,
        headers: { Authorization: `Bearer ${state.linkToken}`, ...(body ? { "Content-Type": "application/json" } : {}) },
        body: body ? JSON.stringify(body) : undefined,
        cache: "no-store",
      });
    } catch {
      return { ok: false, status: 0, data: { error_code: "NETWORK_ERROR", message: "The connection to BillerAPI failed." } };
    }
    let data = {};
    try {
      data = await response.json();
    } catch {
      data = { message: `Unexpected answer (HTTP ${response.status}).` };
    }
    return { ok: response.ok, status: response.status, data };
  }

  const step = (name, body) => api("POST", `/link/${encodeURIComponent(state.session.link_token_id)}/${name}`, body || {});

  function busy(button, on) {
    button.disabled = on;
    button.setAttribute("aria-busy", on ? "true" : "false");
  }

  // ---------- screens ----------
  function fatal(code, message) {
    emit("ERROR", { error_code: code, error_message: message });
    show(
      heading("Something went wrong"),
      h("p", { class: "error", role: "alert", text: message }),
      h("p", { class: "code", text: code }),
      h("button", { type: "button", class: "primary", "data-autofocus": true, onclick: () => exit({ code, message }), text: "Close" }),
    );
  }

  function errorScreen(code, message, retry) {
    emit("ERROR", { error_code: code, error_message: message });
    const titles = {
      ACCOUNT_LOCKED: "Your account is locked",
      BILLER_UNAVAILABLE: "The biller is unavailable",
      MFA_ATTEMPTS_EXCEEDED: "Too many wrong codes",
      ACCOUNT_MISMATCH: "A different account",
    };
    show(
      heading(titles[code] || "We could not connect"),
      h("p", { class: "error", role: "alert", text: message }),
      h("p", { class: "code", text: `Error code: ${code}` }),
      retry && h("button", { type: "button", class: "primary", "data-autofocus": true, onclick: retry, text: "Try again" }),
      h("button", {
        type: "button",
        class: retry ? "secondary" : "primary",
        "data-autofocus": !retry,
        onclick: () => exit({ code, message }),
        text: "Exit",
      }),
    );
  }

  async function billerStep() {
    const search = h("input", { id: "biller-search", type: "search", autocomplete: "off", "data-autofocus": true, "aria-controls": "biller-list" });
    const list = h("ul", { id: "biller-list", class: "list", "aria-label": "Billers" });
    const render = async () => {
      const q = search.value.trim();
      const res = await api("GET", `/link/billers${q ? `?search=${encodeURIComponent(q)}` : ""}`);
      if (!res.ok) return fatal(res.data.error_code || "API_ERROR", res.data.message || "Billers could not be loaded.");
      list.replaceChildren(
        ...res.data.billers.map((b) =>
          h("li", {}, h("button", { type: "button", onclick: () => chooseBiller(b) }, b.name, h("span", { class: "sub", text: b.category }))),
        ),
      );
      if (res.data.billers.length === 0) list.append(h("li", { class: "muted", text: "No biller matches." }));
    };
    let timer;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(render, 150);
    });
    show(heading("Select your biller"), h("label", { for: "biller-search", text: "Search billers" }), search, list, cancelLink());
    await render();
  }

  function chooseBiller(biller) {
    state.biller = biller;
    emit("SELECT_BILLER", { biller_id: biller.id, institution_name: biller.name, institutionName: biller.name });
    credentialsStep();
  }

  function credentialsStep(previousError) {
    const user = h("input", { id: "username", type: "text", name: "username", autocomplete: "username", required: true, "data-autofocus": true });
    const pass = h("input", { id: "password", type: "password", name: "password", autocomplete: "current-password", required: true });
    const number = h("input", { id: "account-number", type: "text", name: "account_number", inputmode: "numeric", autocomplete: "off", required: true, pattern: "[0-9]{4,20}" });
    const submit = h("button", { type: "submit", class: "primary", text: "Continue" });
    const error = h("p", { class: "error", role: "alert", id: "credentials-error" });
    if (previousError) error.textContent = previousError;
    const form = h(
      "form",
      { novalidate: true, "aria-describedby": "credentials-error" },
      h("label", { for: "username", text: "Username" }),
      user,
      h("label", { for: "password", text: "Password" }),
      pass,
      h("label", { for: "account-number", text: "Account number" }),
      number,
      error,
      submit,
    );
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!user.value || !pass.value || !/^[0-9]{4,20}$/.test(number.value.trim())) {
        error.textContent = "Enter your username, password and a 4 to 20 digit account number.";
        return;
      }
      busy(submit, true);
      emit("SUBMIT_CREDENTIALS", { biller_id: state.biller.id });
      const res = await step("submit-credentials", {
        username: user.value,
        password: pass.value,
        account_number: number.value.trim(),
        biller_id: state.biller.id,
      });
      busy(submit, false);
      const data = res.data;
      if (!res.ok) return fatal(data.error_code || "API_ERROR", data.message || "The credentials could not be checked.");
      if (!data.success) {
        if (data.error_code === "INVALID_CREDENTIALS") {
          emit("ERROR", { error_code: data.error_code, error_message: data.message });
          return credentialsStep(data.message);
        }
        return errorScreen(data.error_code, data.message, () => credentialsStep());
      }
      if (data.status === "mfa_required") {
        emit("MFA_REQUIRED", { biller_id: state.biller.id });
        return mfaStep(data.message);
      }
      return discoverStep();
    });
    const hint = h(
      "details",
      { class: "hint" },
      h("summary", { text: "Sandbox test accounts" }),
      h("p", { text: "Any username and password work. The account number picks what happens:" }),
      h("table", {}, h("tbody", {}, ...TEST_VALUES.map(([n, what]) => h("tr", {}, h("td", { class: "code", text: n }), h("td", { text: what }))))),
    );
    show(
      heading(`Sign in to ${state.biller.name}`),
      h("p", { class: "muted", text: "Your credentials go to the biller, never to the app you are linking." }),
      form,
      hint,
      cancelLink(),
    );
  }

  function mfaStep(message, previousError) {
    const code = h("input", { id: "mfa-code", type: "text", inputmode: "numeric", autocomplete: "one-time-code", required: true, "data-autofocus": true });
    const error = h("p", { class: "error", role: "alert" });
    if (previousError) error.textContent = previousError;
    const submit = h("button", { type: "submit", class: "primary", text: "Verify" });
    const form = h("form", { novalidate: true }, h("label", { for: "mfa-code", text: "Verification code" }), code, error, submit);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      busy(submit, true);
      emit("SUBMIT_MFA", { biller_id: state.biller.id });
      const res = await step("submit-mfa", { mfa_code: code.value.trim() });
      busy(submit, false);
      const data = res.data;
      if (!res.ok) return fatal(data.error_code || "API_ERROR", data.message || "The code could not be checked.");
      if (!data.success) {
        if (data.error_code === "INVALID_MFA_CODE") {
          emit("ERROR", { error_code: data.error_code, error_message: data.message });
          return mfaStep(message, data.message);
        }
        return errorScreen(data.error_code, data.message, () => credentialsStep());
      }
      return discoverStep();
    });
    show(heading("Enter your code"), h("p", { class: "muted", text: message || "Enter the code the biller sent you." }), form, cancelLink());
  }

  async function discoverStep() {
    show(heading("Finding your accounts…"), h("p", { class: "muted", role: "status", text: "This takes a moment." }));
    const res = await step("discover-accounts");
    if (!res.ok || !res.data.success) {
      return fatal(res.data.error_code || "API_ERROR", res.data.message || "Accounts could not be found.");
    }
    state.accounts = res.data.accounts;
    emit("ACCOUNT_DISCOVERED", { biller_id: state.biller.id, accounts: state.accounts.length });
    const choices = state.accounts.map((a, i) =>
      h(
        "label",
        { class: "choice" },
        h("input", { type: "radio", name: "account", value: a.account_id, checked: i === 0, "data-autofocus": i === 0 }),
        h("span", {}, a.name, h("span", { class: "sub muted", text: ` ${a.account_number} · ${a.account_type}` })),
      ),
    );
    const submit = h("button", { type: "submit", class: "primary", text: "Continue" });
    const form = h("form", {}, h("fieldset", { class: "plain" }, h("legend", { text: "Choose the account to link" }), ...choices), submit);
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      const chosen = form.querySelector("input[name=account]:checked");
      busy(submit, true);
      const picked = await step("select-account", { account_id: chosen.value });
      busy(submit, false);
      if (!picked.ok || !picked.data.success) return fatal(picked.data.error_code || "API_ERROR", picked.data.message || "The account could not be chosen.");
      consentStep(state.accounts.find((a) => a.account_id === chosen.value));
    });
    show(heading(state.accounts.length > 1 ? "Choose an account" : "Your account"), form, cancelLink());
  }

  function consentStep(account) {
    const consents = state.session.consents;
    const allow = h("button", { type: "button", class: "primary", "data-autofocus": true, text: "Allow" });
    allow.addEventListener("click", async () => {
      busy(allow, true);
      const res = await step("consent", { consents });
      if (!res.ok || !res.data.success) {
        busy(allow, false);
        return fatal(res.data.error_code || "API_ERROR", res.data.message || "Consent could not be recorded.");
      }
      const m = res.data.metadata;
      const metadata = {
        biller_id: m.biller_id,
        biller_name: m.biller_name,
        institutionName: m.biller_name,
        institution_name: m.biller_name,
        accountId: m.account_id,
        account_id: m.account_id,
        account_name: m.account_name,
        account_mask: m.account_mask,
        link_session_id: state.session.link_token_id,
      };
      state.done = true;
      emit("SUCCESS", metadata);
      show(
        heading("Account linked"),
        h("p", { role: "status", text: `${m.biller_name} · ${m.account_name} ${m.account_mask}` }),
        state.standalone ? h("p", { text: "You can close this page: the app that asked for it now has the account." }) : null,
      );
      post("success", { publicToken: res.data.public_token, metadata });
    });
    show(
      heading("Allow access"),
      h("p", {}, `The app you are linking asks to access ${state.biller.name} ${account.name} (${account.account_number}):`),
      h("ul", { class: "scopes" }, ...consents.map((c) => h("li", { text: SCOPES[c] || c }))),
      allow,
      h("button", { type: "button", class: "secondary", onclick: () => exit(null), text: "Deny" }),
    );
  }

  // ---------- start ----------
  async function start() {
    const res = await api("GET", "/link/session");
    if (!res.ok) {
      const code = res.data.error_code || (res.status === 401 ? "INVALID_LINK_TOKEN" : "API_ERROR");
      const message = res.data.message || "This link session cannot start.";
      state.done = true;
      emit("ERROR", { error_code: code, error_message: message });
      post("exit", { error: { code, message }, metadata: { status: "error" } });
      show(heading("This link has expired"), h("p", { class: "error", role: "alert", text: message }));
      return;
    }
    state.session = res.data;
    if (state.session.biller_id) {
      const billers = await api("GET", `/link/billers?search=${encodeURIComponent(state.session.biller_id)}`);
      const match = billers.ok && billers.data.billers.find((b) => b.id === state.session.biller_id);
      state.biller = match || { id: state.session.biller_id, name: state.session.biller_id };
      emit("OPEN", { biller_id: state.biller.id });
      emit("SELECT_BILLER", { biller_id: state.biller.id, institution_name: state.biller.name, institutionName: state.biller.name, preselected: true });
      credentialsStep();
    } else {
      await billerStep();
      emit("OPEN", {});
    }
  }

  document.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && state.started && !state.done) exit(null);
  });

  window.addEventListener("message", (e) => {
    const data = e.data;
    if (state.started || e.source !== window.parent || e.origin !== parentOrigin) return;
    if (!data || data.protocol !== PROTOCOL || data.version !== VERSION || data.type !== "init") return;
    if (typeof data.linkToken !== "string" || typeof data.sessionId !== "string") return;
    state.started = true;
    state.linkToken = data.linkToken;
    state.sessionId = data.sessionId;
    start();
  });

  // A request-to-link page: the user opened the shared link in their own browser, no app hosts
  // it. The link token comes in the URL, which is then cleared from the address bar.
  const pageToken = params.get("link_token");
  if (window.parent === window && pageToken) {
    history.replaceState(null, "", location.pathname);
    state.started = true;
    state.standalone = true;
    state.linkToken = pageToken;
    start();
    return;
  }

  const validOrigin = /^[a-z][a-z0-9+.-]*:\/\/[^/\s?#]+$/i.test(parentOrigin);
  if (window.parent === window || !validOrigin) {
    show(heading("Open Connect from the app"), h("p", { text: "This page runs inside an app through the BillerAPI Connect SDK." }));
    return;
  }
  post("ready", {});
})();
