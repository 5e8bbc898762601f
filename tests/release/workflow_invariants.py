"""The release workflow's invariants that actionlint and zizmor do not check.

  python tests/release/workflow_invariants.py [WORKFLOW]   exit 1 and list what is broken
  python tests/release/workflow_invariants.py --self-test  today's workflow passes, and the
                                                          workflow before #19 fails as it should

Each check returns the problems it found (empty: holds).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]
WORKFLOW = ROOT / ".github/workflows/release.yml"
BEFORE = Path(__file__).resolve().parent / "fixtures/release-before.yml"
DESKTOP_LEGS = ("linux", "windows", "macos")


def load(path: Path) -> tuple[dict, str]:
    text = path.read_text()
    doc = yaml.safe_load(text)
    # YAML reads a bare `on:` key as True.
    if True in doc:
        doc["on"] = doc.pop(True)
    return doc, text


def steps(job: dict) -> list[dict]:
    return job.get("steps") or []


def writes(permissions) -> bool:
    if permissions in ("write-all",):
        return True
    if isinstance(permissions, dict):
        # id-token only lets a job ask for its own OIDC token (signing, provenance).
        return any(v == "write" for k, v in permissions.items() if k != "id-token")
    return False


def tag_is_checked(doc: dict, text: str) -> list[str]:
    prepare = doc["jobs"].get("prepare")
    if not prepare:
        return ["no `prepare` job checks the tag against the workspace version"]
    if not any("check-tag" in str(s.get("run", "")) for s in steps(prepare)):
        return ["`prepare` does not run `release_tools.py check-tag`"]
    return []


def manual_runs_take_a_tag(doc: dict, text: str) -> list[str]:
    dispatch = (doc.get("on") or {}).get("workflow_dispatch") or {}
    if "tag" not in (dispatch.get("inputs") or {}):
        return ["a manual run does not take an existing tag as input"]
    return []


def tools_do_not_wait_for_installers(doc: dict, text: str) -> list[str]:
    tools = doc["jobs"].get("tools", {})
    needs = tools.get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    waiting = [n for n in needs if n in DESKTOP_LEGS or n == "desktop"]
    return [f"`tools` waits for the desktop legs ({', '.join(waiting)})"] if waiting else []


def one_release_is_created_once(doc: dict, text: str) -> list[str]:
    problems = []
    creators = [name for name, job in doc["jobs"].items() if any("gh release create" in str(s.get("run", "")) for s in steps(job))]
    if creators != ["prepare"]:
        problems.append(f"the draft release is created by {creators or 'no job'}, not once by `prepare`")
    if "tauri-apps/tauri-action" in text:
        problems.append("tauri-action creates releases from each leg (duplicate drafts, tauri-action#914)")
    return problems


def least_privilege(doc: dict, text: str) -> list[str]:
    problems = []
    if writes(doc.get("permissions")) or "permissions" not in doc:
        problems.append("workflow-level permissions are not empty/read-only")
    for name, job in doc["jobs"].items():
        if "permissions" not in job:
            problems.append(f"job `{name}` does not state its permissions")
        elif writes(job["permissions"]) and name not in ("prepare", "assemble", "npm"):
            problems.append(f"job `{name}` can write ({job['permissions']})")
    return problems


def checkouts_keep_no_token(doc: dict, text: str) -> list[str]:
    problems = []
    for name, job in doc["jobs"].items():
        for s in steps(job):
            if str(s.get("uses", "")).startswith("actions/checkout"):
                if (s.get("with") or {}).get("persist-credentials") is not False:
                    problems.append(f"a checkout in `{name}` persists its token")
    return problems


def actions_pinned_by_sha(doc: dict, text: str) -> list[str]:
    problems = []
    for line in text.splitlines():
        m = re.search(r"uses:\s*([^\s#]+)(.*)", line)
        if not m or m.group(1).startswith("./"):
            continue
        ref = m.group(1).split("@")[-1]
        if not re.fullmatch(r"[0-9a-f]{40}", ref):
            problems.append(f"{m.group(1)} is not pinned to a commit")
        elif not re.search(r"#\s*v\d", m.group(2)):
            problems.append(f"{m.group(1)} has no tag comment")
    return problems


def no_expressions_in_run(doc: dict, text: str) -> list[str]:
    problems = []
    for name, job in doc["jobs"].items():
        for s in steps(job):
            if "${{" in str(s.get("run", "")):
                problems.append(f"a `run:` of `{name}` pastes a ${{{{ }}}} value (pass it through env:)")
    return problems


def secrets_only_where_gated(doc: dict, text: str) -> list[str]:
    problems = []
    for name, job in doc["jobs"].items():
        job_text = yaml.safe_dump(job)
        if "secrets." in job_text and job.get("environment") != "release":
            problems.append(f"job `{name}` reads secrets outside the protected `release` environment")
        if "secrets." in yaml.safe_dump(job.get("env") or {}):
            problems.append(f"job `{name}` gives secrets to every step (job-level env)")
        for s in steps(job):
            env_text = yaml.safe_dump(s.get("env") or {})
            if "secrets.APPLE_" in env_text and "!= ''" not in env_text:
                if name != "macos" or "if" not in s:
                    problems.append(f"`APPLE_*` secrets reach an ungated step of `{name}`")
    return problems


def no_caches(doc: dict, text: str) -> list[str]:
    problems = []
    for name, job in doc["jobs"].items():
        for s in steps(job):
            uses = str(s.get("uses", ""))
            if "rust-cache" in uses or uses.startswith("actions/cache"):
                problems.append(f"`{name}` restores a cache into a release build")
            if uses.startswith("actions/setup-node") and (s.get("with") or {}).get("package-manager-cache") is not False:
                problems.append(f"`{name}`'s setup-node may cache (package-manager-cache)")
    return problems


def every_leg_uses_the_one_build_path(doc: dict, text: str) -> list[str]:
    problems = []
    for leg in DESKTOP_LEGS:
        job = doc["jobs"].get(leg)
        if not job or not any("scripts/package" in str(s.get("run", "")) for s in steps(job)):
            problems.append(f"the {leg} installers are not built by scripts/package")
    return problems


def checksums_manifest_provenance(doc: dict, text: str) -> list[str]:
    problems = []
    for needle, what in (("release_tools.py sums", "SHA256SUMS"), ("release_tools.py manifest", "the update manifest"), ("attest-build-provenance", "provenance")):
        if needle not in text:
            problems.append(f"no {what}")
    return problems


CHECKS = [
    tag_is_checked,
    manual_runs_take_a_tag,
    tools_do_not_wait_for_installers,
    one_release_is_created_once,
    least_privilege,
    checkouts_keep_no_token,
    actions_pinned_by_sha,
    no_expressions_in_run,
    secrets_only_where_gated,
    no_caches,
    every_leg_uses_the_one_build_path,
    checksums_manifest_provenance,
]


def check(path: Path) -> dict[str, list[str]]:
    doc, text = load(path)
    return {c.__name__: c(doc, text) for c in CHECKS}


def main(argv: list[str]) -> int:
    if argv == ["--self-test"]:
        now = {k: v for k, v in check(WORKFLOW).items() if v}
        if now:
            for name, problems in now.items():
                print(f"FAIL {name}: {'; '.join(problems)}")
            return 1
        before = check(BEFORE)
        # The workflow before #19 broke all of these; a check that passed it would be too weak.
        must_fail = [c.__name__ for c in CHECKS]
        held = [name for name in must_fail if not before[name]]
        if held:
            print(f"FAIL self-test: these checks did not catch the old workflow: {held}")
            return 1
        print(f"release workflow: {len(CHECKS)} invariants hold; all {len(CHECKS)} caught the workflow before #19")
        return 0
    path = Path(argv[0]) if argv else WORKFLOW
    failed = {k: v for k, v in check(path).items() if v}
    for name, problems in failed.items():
        for p in problems:
            print(f"{name}: {p}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
