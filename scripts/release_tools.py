#!/usr/bin/env python3
"""Release helpers shared by scripts/package, the release workflow and the tests (standard library only).

  release_tools.py version                      the workspace version (Cargo.toml)
  release_tools.py check-tag TAG                exit 1 unless TAG is v<workspace version>
  release_tools.py sums DIR                     write DIR/SHA256SUMS over every other file in DIR
  release_tools.py manifest DIR BASE_URL NOTES  write DIR/latest.json for the updater from the
                                                installers and their .sig files in DIR
  release_tools.py key-id PUBKEY_OR_SIG         the minisign key id of a public key or signature
                                                (base64 text as `tauri signer` writes it)
  release_tools.py check-sigs DIR [PUBKEY]      exit 1 unless every DIR/*.sig was made by the key of
                                                PUBKEY (default: plugins.updater.pubkey of tauri.conf.json)
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import json
import re
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def version() -> str:
    with open(ROOT / "Cargo.toml", "rb") as f:
        return tomllib.load(f)["workspace"]["package"]["version"]


def check_tag(tag: str) -> int:
    want = f"v{version()}"
    if tag != want:
        print(f"the tag {tag!r} is not {want!r}, the workspace version: bump Cargo.toml or fix the tag", file=sys.stderr)
        return 1
    sdk = json.loads((ROOT / "ui/connect-sdk/package.json").read_text())["version"]
    if sdk != version():
        print(f"the Connect SDK's package.json says {sdk}, the workspace {version()}: bump it too", file=sys.stderr)
        return 1
    print(f"tag {tag} matches the workspace and the Connect SDK versions")
    return 0


def sums(directory: Path) -> None:
    lines = []
    for path in sorted(p for p in directory.iterdir() if p.is_file() and p.name != "SHA256SUMS"):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.name}\n")
    (directory / "SHA256SUMS").write_text("".join(lines))


# Which installer serves which updater target ({os}-{arch}[-{installer}], tauri-plugin-updater).
# The bare {os}-{arch} key is the one an installation of unknown kind reads.
KINDS = [
    (re.compile(r"_(amd64|x86_64)\.AppImage$"), "linux-x86_64", ["appimage", None]),
    (re.compile(r"_amd64\.deb$"), "linux-x86_64", ["deb"]),
    (re.compile(r"\.x86_64\.rpm$"), "linux-x86_64", ["rpm"]),
    (re.compile(r"_x64-setup\.exe$"), "windows-x86_64", ["nsis", None]),
    (re.compile(r"_x64_[A-Za-z-]+\.msi$"), "windows-x86_64", ["msi"]),
    # The universal .app serves both Mac architectures.
    (re.compile(r"\.app\.tar\.gz$"), "darwin-aarch64", ["app", None]),
    (re.compile(r"\.app\.tar\.gz$"), "darwin-x86_64", ["app", None]),
]


def manifest(directory: Path, base_url: str, notes: str) -> dict:
    platforms: dict[str, dict[str, str]] = {}
    for path in sorted(directory.iterdir()):
        sig = path.with_name(path.name + ".sig")
        if not sig.exists():
            continue
        for pattern, target, installers in KINDS:
            if pattern.search(path.name):
                for installer in installers:
                    key = f"{target}-{installer}" if installer else target
                    platforms[key] = {
                        "signature": sig.read_text().strip(),
                        "url": f"{base_url.rstrip('/')}/{path.name}",
                    }
    if not platforms:
        raise SystemExit("no signed installer in " + str(directory))
    return {
        "version": version(),
        "notes": notes,
        "pub_date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "platforms": platforms,
    }


def key_id(text: str) -> str:
    """The 8-byte key id of a minisign public key or signature (its second line, after 2 bytes)."""
    decoded = base64.b64decode(text.strip()).decode()
    line = decoded.splitlines()[1]
    raw = base64.b64decode(line)
    return raw[2:10][::-1].hex().upper()


def check_sigs(directory: Path, pubkey: str | None) -> int:
    if pubkey is None:
        pubkey = json.loads((ROOT / "tauri.conf.json").read_text())["plugins"]["updater"]["pubkey"]
    want = key_id(pubkey)
    sigs = sorted(directory.glob("*.sig"))
    wrong = [s.name for s in sigs if key_id(s.read_text()) != want]
    if wrong:
        print(f"signed by another key than the app's updater key {want}: {', '.join(wrong)}", file=sys.stderr)
        print("the TAURI_SIGNING_PRIVATE_KEY secret and plugins.updater.pubkey in tauri.conf.json must be one pair", file=sys.stderr)
        return 1
    print(f"{len(sigs)} signatures by the updater key {want}")
    return 0


def main(argv: list[str]) -> int:
    if not argv:
        print(__doc__, file=sys.stderr)
        return 2
    command, args = argv[0], argv[1:]
    if command == "version":
        print(version())
    elif command == "check-tag" and len(args) == 1:
        return check_tag(args[0])
    elif command == "sums" and len(args) == 1:
        sums(Path(args[0]))
    elif command == "manifest" and len(args) == 3:
        directory = Path(args[0])
        notes = Path(args[2]).read_text() if Path(args[2]).is_file() else args[2]
        (directory / "latest.json").write_text(json.dumps(manifest(directory, args[1], notes), indent=2) + "\n")
    elif command == "check-sigs" and len(args) in (1, 2):
        return check_sigs(Path(args[0]), args[1] if len(args) == 2 else None)
    elif command == "key-id" and len(args) == 1:
        print(key_id(Path(args[0]).read_text() if Path(args[0]).is_file() else args[0]))
    else:
        print(__doc__, file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
