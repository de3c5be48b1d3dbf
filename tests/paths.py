"""Where the tests find the repository's files (test modules sit at different depths)."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "cascade" / "devtools" / "demo" / "seeds"
ARTIFACTS = ROOT / "test-artifacts"
