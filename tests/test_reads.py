"""Tests of reads.py: the files a page opens under the root, and only those."""

from docexec.reads import FileReads


def test_records_files_under_the_root_but_not_the_venv_or_cache(tmp_path):
    root = tmp_path / "project"
    for name in ["imgs/a.png", ".venv/lib.py", ".cache/entry.json"]:
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(b"x")
    outside = tmp_path / "outside.txt"
    outside.write_text("o")
    with FileReads(root) as reads:
        for name in ["imgs/a.png", ".venv/lib.py", ".cache/entry.json"]:
            (root / name).read_bytes()
        outside.read_text()
    (root / "imgs" / "b.png").write_bytes(b"y")  # after the run: not recorded
    assert reads.digests() == {
        "imgs/a.png": "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881"
    }
