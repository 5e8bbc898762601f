import { createRoot } from "react-dom/client";
import LinkButton from "./LinkButton.jsx";

window.__log = [];
const config = await (await fetch("/config.json")).json();
window.__BILLERAPI_BASE_URL__ = config.baseUrl;

createRoot(document.getElementById("root")).render(
  <LinkButton userId="user_123" onSuccess={(metadata) => window.__log.push({ kind: "linked", metadata })} />,
);
