"""Audit the pinned dependencies for known vulnerabilities (pip-audit against requirements.lock).

Fails on any known vulnerability. A package the vulnerability service could not be asked about (this machine
reaches only the package registries, not the advisory databases) is reported as not audited, never as safe.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parent.parent / "requirements.lock"


def main() -> int:
    result = subprocess.run(
        [sys.executable, "-m", "pip_audit", "-r", str(LOCK), "--no-deps", "--disable-pip",
         "--progress-spinner", "off", "--format", "json"],
        capture_output=True, text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(f"pip-audit gave no report (exit {result.returncode}): {result.stderr.strip()[:500]}")
        return 1
    dependencies = report.get("dependencies", [])
    vulnerable = [d for d in dependencies if d.get("vulns")]
    skipped = [d for d in dependencies if d.get("skip_reason")]
    audited = len(dependencies) - len(skipped)
    for d in vulnerable:
        ids = ", ".join(v["id"] for v in d["vulns"])
        print(f"VULNERABLE {d['name']} {d.get('version')}: {ids}")
    print(f"{len(dependencies)} pinned packages: {audited} audited, {len(vulnerable)} with known vulnerabilities, "
          f"{len(skipped)} not audited (the vulnerability service was not reachable for them).")
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())
