"""Make a synthetic tree N times the size of the real one (for the scale benchmark; never committed).

Every instrument is copied N-1 more times under new file names in its own jurisdiction (the jurisdictions stay
the real ones: there are not enough ISO codes for 100 copies of each). References inside a copy point to the
copy, so the tree validates exactly as the real one does.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path


def make_tree(laws: Path, out: Path, factor: int) -> Path:
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(laws, out)
    for folder in sorted(p for p in laws.iterdir() if p.is_dir()):
        for record in sorted(folder.glob("*.yml")):
            if record.name == "jurisdiction.yml":
                continue
            text = record.read_text(encoding="utf-8")
            own = f"{folder.name}/{record.stem}"
            for copy in range(2, factor + 1):
                stem = f"{record.stem}-copy-{copy}"
                # Point the copy's references to itself (replaced_by inside the same instrument, amendments).
                body = text.replace(f"{own}/", f"{folder.name}/{stem}/").replace(f"{own}\n", f"{folder.name}/{stem}\n")
                (out / folder.name / f"{stem}.yml").write_text(body, encoding="utf-8")
    return out


if __name__ == "__main__":
    factor = int(sys.argv[1])
    target = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(f"build/scale-{factor}x/laws")
    print(make_tree(Path("laws"), target, factor))
