//! The hosted Connect page. A placeholder until the Connect issue delivers the real flow.

use axum::response::Html;

/// `GET /connect`: says plainly that the hosted flow is not here yet.
pub async fn page() -> Html<&'static str> {
    Html(concat!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>BillerAPI Connect (sandbox)</title></head>",
        "<body><main><h1>BillerAPI Connect — sandbox</h1>",
        "<p>The hosted Connect pages are not part of this build yet. Use ",
        "<code>POST /sandbox/public_token/create</code> to link without the UI.</p></main></body></html>"
    ))
}
