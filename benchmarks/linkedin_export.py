"""Write a synthetic LinkedIn export in LinkedIn's real layout (see
rapport/imports/synthetic.py for what it contains).

    .venv/bin/python benchmarks/linkedin_export.py out.zip --connections 30000 --messages 200000
    .venv/bin/python benchmarks/linkedin_export.py out_folder/ --connections 300 --messages 900
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rapport.imports.synthetic import linkedin_export, write_export


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="A .zip file, or a folder.")
    parser.add_argument("--connections", type=int, default=30_000)
    parser.add_argument("--messages", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    files = linkedin_export(connections=args.connections, messages=args.messages, seed=args.seed)
    write_export(files, args.out)
    size = sum(len(data) for data in files.values()) / 1e6
    print(f"wrote {args.out}: {len(files)} files, {size:.1f} MB")


if __name__ == "__main__":
    main()
