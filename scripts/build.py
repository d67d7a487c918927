"""Build the Windows program: one folder with two programs, zipped with the version in its name.

    uv run --group build python scripts/build.py            # build and zip
    uv run --group build python scripts/build.py --check    # also run the built programs

Reads the version from pyproject.toml, writes PyInstaller's Windows version information to
build/version_info.txt, runs PyInstaller on build.spec and zips dist/老干部工作台/ into
dist/老干部工作台-<version>.zip. ``--check`` (what .ci/run does) runs the built command-line
program with ``--version`` and a few commands on a demo data folder, and the built window with
``--demo --smoke``, so that a broken spec or a file missing from the bundle fails the build.
PyInstaller builds for the system it runs on: run this on Windows for the Windows zip.
"""

from __future__ import annotations

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NAME = "老干部工作台"
CLI_NAME = "lao-gan-bu"
DIST = ROOT / "dist"
WORK = ROOT / "build" / "pyinstaller"
VERSION_FILE = ROOT / "build" / "version_info.txt"


def project_version() -> str:
    """The version in pyproject.toml, e.g. "0.2.0"."""
    with open(ROOT / "pyproject.toml", "rb") as file:
        return str(tomllib.load(file)["project"]["version"])


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """Four numbers for Windows (1.2 → 1, 2, 0, 0); a suffix such as "rc1" is dropped."""
    numbers: list[int] = []
    for part in version.split(".")[:4]:
        digits = ""
        for char in part:
            if not char.isdigit():
                break
            digits += char
        numbers.append(int(digits or 0))
    while len(numbers) < 4:
        numbers.append(0)
    return (numbers[0], numbers[1], numbers[2], numbers[3])


def version_info_text(version: str) -> str:
    """PyInstaller's version file (a VSVersionInfo expression): what Windows shows under the
    program's 属性 → 详细信息."""
    numbers = version_numbers(version)
    strings = {
        "CompanyName": "老干部工作台",
        "FileDescription": "老干部工作台：离退休干部花名册、走访慰问、帮扶与报表",
        "FileVersion": version,
        "InternalName": NAME,
        "LegalCopyright": "",
        "OriginalFilename": f"{NAME}.exe",
        "ProductName": NAME,
        "ProductVersion": version,
    }
    entries = ",\n".join(f"          StringStruct({k!r}, {v!r})" for k, v in strings.items())
    # 0x0804 = Simplified Chinese (PRC), 1200 = Unicode
    return f"""# UTF-8
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080404B0',
        [
{entries}
        ])
    ]),
    VarFileInfo([VarStruct('Translation', [2052, 1200])])
  ]
)
"""


def zip_name(version: str) -> str:
    return f"{NAME}-{version}.zip"


def run_pyinstaller() -> Path:
    """Build dist/老干部工作台/; returns that folder."""
    folder = DIST / NAME
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(ROOT / "build.spec"),
            "--noconfirm",
            "--log-level",
            "WARN",
            "--distpath",
            str(DIST),
            "--workpath",
            str(WORK),
        ],
        cwd=ROOT,
        check=True,
    )
    return folder


def make_zip(folder: Path, target: Path) -> Path:
    """Zip ``folder`` with the folder itself at the top (unzipping gives 老干部工作台/…)."""
    target.unlink(missing_ok=True)
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
        for path in sorted(folder.rglob("*")):
            name = str(Path(folder.name) / path.relative_to(folder))
            if path.is_symlink():  # a Linux build's library aliases (Windows has none)
                link = zipfile.ZipInfo(name)
                link.external_attr = (stat.S_IFLNK | 0o777) << 16
                archive.writestr(link, os.readlink(path))
            else:
                archive.write(path, name)
    return target


def folder_size(folder: Path) -> int:
    """Bytes on disk (a Linux build's library symlinks counted once)."""
    return sum(p.lstat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())


def program(folder: Path, name: str) -> Path:
    return folder / (name + ".exe" if sys.platform == "win32" else name)


def check(folder: Path, version: str) -> None:
    """Run the built programs; raises SystemExit with what failed."""
    # LAO_GAN_BU_IMPORT_STREAM=1: the import below reads in a second process even though its
    # file is small, so that the frozen program's multiprocessing (freeze_support) is run.
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        PYTHONIOENCODING="utf-8",
        LAO_GAN_BU_IMPORT_STREAM="1",
    )
    env.pop("PYTHONPATH", None)
    cli = program(folder, CLI_NAME)
    window = program(folder, NAME)
    with tempfile.TemporaryDirectory(prefix="lao_gan_bu_check_") as tmp:
        data = Path(tmp) / "data"
        roster = Path(tmp) / "名单.csv"
        roster.write_text("姓名,公民身份号码\n张三,410105195503121135\n", encoding="utf-8")
        commands: list[tuple[list[str], str]] = [
            ([str(cli), "--version"], version),
            ([str(cli), "--data-dir", str(data), "demo"], ""),
            ([str(cli), "--data-dir", str(data), "stats"], "离退休"),
            ([str(cli), "--data-dir", str(data), "export", "report", tmp], ""),
            ([str(cli), "--data-dir", str(data), "export", "directory", f"{tmp}/d.pdf"], ""),
            ([str(cli), "--data-dir", str(data), "labels", f"{tmp}/l.pdf"], ""),
            (
                [str(cli), "--data-dir", str(data), "import", str(roster), "--unit", "某局"],
                "新增 1 人",
            ),
            ([str(window), "--data-dir", str(Path(tmp) / "demo"), "--demo", "--smoke"], ""),
        ]
        for command, expected in commands:
            shown = " ".join(Path(command[0]).name if i == 0 else c for i, c in enumerate(command))
            started = time.perf_counter()
            done = subprocess.run(
                command,
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=300,
            )
            took = time.perf_counter() - started
            if done.returncode != 0 or expected not in done.stdout:
                raise SystemExit(
                    f"构建出的程序检查失败：{shown}（退出状态 {done.returncode}）\n"
                    f"{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
                )
            print(f"  通过 {shown}（{took:.1f} 秒）")
        for pdf in ("d.pdf", "l.pdf"):
            if not (Path(tmp) / pdf).read_bytes().startswith(b"%PDF"):
                raise SystemExit(f"构建出的程序写出的 {pdf} 不是 PDF")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="构建老干部工作台的单文件夹程序和 zip")
    parser.add_argument("--check", action="store_true", help="构建后运行构建出的程序检查")
    args = parser.parse_args(argv)
    version = project_version()
    VERSION_FILE.parent.mkdir(parents=True, exist_ok=True)
    VERSION_FILE.write_text(version_info_text(version), encoding="utf-8")
    started = time.perf_counter()
    folder = run_pyinstaller()
    built = time.perf_counter() - started
    archive = make_zip(folder, DIST / zip_name(version))
    size = folder_size(folder)
    print(
        f"已构建 {folder}（{size / 1e6:.0f} MB，{built:.0f} 秒）\n"
        f"已打包 {archive}（{archive.stat().st_size / 1e6:.0f} MB）"
    )
    if args.check:
        check(folder, version)
        print("构建出的程序检查通过")
    return 0


if __name__ == "__main__":
    sys.exit(main())
