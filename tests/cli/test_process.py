"""The command as a process: signals, pipes and --output, whatever the environment (test_bad_input's helpers)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import tempfile
import threading

import pytest
from click.testing import CliRunner

from ragcalc import app
from ragcalc.cli import main
from ragcalc.inputs import columnar
from ragcalc.output import outfile
from tests.cli.test_bad_input import OK, _write


def test_unreadable_file_says_permission_denied(tmp_path, monkeypatch):
    # chmod cannot stop root (CI runs as root), so the refusal comes from the operating system's open()
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    real_open = open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("q.yaml"):
            raise PermissionError(13, "Permission denied", path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", refuse)
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml"], catch_exceptions=False)
    assert (result.exit_code, result.stderr) == (2, "error: q.yaml: cannot read the file: permission denied\n")


def test_unwritable_output_is_a_clear_error_and_leaves_no_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})

    def full_disk(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(outfile.os, "replace", full_disk)
    result = CliRunner().invoke(
        main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "--output", "out.json"], catch_exceptions=False
    )
    assert (result.exit_code, result.stderr) == (2, "error: out.json: cannot write: No space left on device\n")
    assert sorted(os.listdir(tmp_path)) == ["q.yaml", "rules.yaml"]  # neither out.json nor a temporary


def test_unwritable_folder_is_a_clear_error(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    result = CliRunner().invoke(
        main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "--output", "out.json"], catch_exceptions=False
    )
    assert result.exit_code == 2
    assert result.stderr == f"error: out.json: cannot write into {tmp_path}: Permission denied\n"


def test_ctrl_c_exits_130_without_a_traceback_or_a_partial_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    monkeypatch.setattr(app, "evaluate", lambda options: (_ for _ in ()).throw(KeyboardInterrupt()))
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml"], catch_exceptions=False)
    assert (result.exit_code, result.stderr, result.stdout) == (130, "ragcalc: interrupted\n", "")


def test_ctrl_c_while_writing_output_leaves_no_temporary(tmp_path, monkeypatch):
    real_fdopen = os.fdopen

    class Interrupting:
        def __init__(self, *args, **kwargs):
            self.inner = real_fdopen(*args, **kwargs)

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.inner.close()

        def write(self, text):
            self.inner.write(text[:10])
            raise KeyboardInterrupt

    monkeypatch.setattr(outfile.os, "fdopen", Interrupting)
    with pytest.raises(KeyboardInterrupt):
        outfile.write_output(str(tmp_path / "out.json"), "{}" * 100, [])
    assert os.listdir(tmp_path) == []


def _big_history(folder: str) -> tuple[str, str]:
    rules, history = os.path.join(folder, "rules.yaml"), os.path.join(folder, "history.csv")
    with open(rules, "w", encoding="utf-8") as out:
        out.write("defaults: {polarity: higher, unit: percent, target: 50}\nmeasures:\n")
        out.writelines(f"  - {{id: M{i}}}\n" for i in range(300))
    with open(history, "w", encoding="utf-8") as out:
        out.write("id,period,value\n")
        out.writelines(f"M{i},Q{q} 2022/23,{40 + q}%\n" for i in range(300) for q in range(1, 5))
    return rules, history


@pytest.mark.slow
@pytest.mark.parametrize("unbuffered", ["", "1"], ids=["buffered", "PYTHONUNBUFFERED=1"])
def test_a_pipe_closed_early_ends_quietly_with_141(tmp_path, unbuffered):
    rules, history = _big_history(str(tmp_path))
    command = [sys.executable, "-m", "ragcalc", "trend", history, "--rules", rules, "--format", "json"]
    environ = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=environ) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline() == b"{\n"
        process.stdout.close()  # what `| head -1` does once it has its line: the next write finds no reader
        stderr = process.stderr.read().decode()
        code = process.wait(timeout=60)
    assert (code, stderr) == (141, "")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
def test_a_real_sigint_exits_130_without_a_traceback(tmp_path):
    rules, history = _big_history(str(tmp_path))
    slow = (
        # Ctrl-C's default action first, as Python sets it up when a shell starts a command: a child inherits an
        # ignored SIGINT from a pytest run as a background job, which would then never be interrupted
        "import signal; signal.signal(signal.SIGINT, signal.default_int_handler)\n"
        "import time, ragcalc.app as a; real = a.trend\n"
        "def wait(*x, **k):\n    print('ready', flush=True); time.sleep(30)\n"
        "a.trend = wait\n"
        "from ragcalc.cli import main; main()"
    )
    command = [sys.executable, "-c", slow, "trend", history, "--rules", rules]
    with subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as process:
        assert process.stdout is not None
        assert process.stderr is not None
        assert process.stdout.readline() == b"ready\n"
        process.send_signal(signal.SIGINT)
        code = process.wait(timeout=30)
        stderr = process.stderr.read().decode()
    assert (code, stderr) == (130, "ragcalc: interrupted\n")


def test_output_replacing_a_file_keeps_its_mode(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    (tmp_path / "out.json").write_text("old")
    os.chmod(tmp_path / "out.json", 0o644)
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "-o", "out.json"])
    assert result.exit_code == 0
    assert stat.S_IMODE(os.stat(tmp_path / "out.json").st_mode) == 0o644
    assert (tmp_path / "out.json").read_text().startswith('{\n  "period": "Q4"')  # JSON, as its name says


def test_a_new_output_file_gets_the_umasks_mode(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    previous = os.umask(0o022)
    try:
        result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "-o", "new.json"])
    finally:
        os.umask(previous)
    assert result.exit_code == 0
    assert stat.S_IMODE(os.stat(tmp_path / "new.json").st_mode) == 0o644


def test_a_write_protected_output_file_is_refused_not_replaced(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    (tmp_path / "out.json").write_text("keep me")
    os.chmod(tmp_path / "out.json", 0o444)
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "-o", "out.json"])
    assert (result.exit_code, result.stderr) == (
        2,
        "error: out.json: cannot write: the file is write-protected; make it writable or choose another name\n",
    )
    assert (tmp_path / "out.json").read_text() == "keep me"


def test_output_onto_a_named_pipe_writes_into_it_and_leaves_it_a_pipe(tmp_path, monkeypatch):
    """Not a regular file (as /dev/null is not): written to, never renamed over."""
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    os.mkfifo(tmp_path / "pipe")
    received: list[str] = []
    reader = threading.Thread(target=lambda: received.append((tmp_path / "pipe").read_text()))
    reader.start()
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "-o", "pipe", "--format", "csv"])
    reader.join(timeout=30)
    assert result.exit_code == 0
    assert stat.S_ISFIFO(os.stat(tmp_path / "pipe").st_mode)
    assert received[0].startswith("id,name,group")


@pytest.mark.slow
def test_a_50_megabyte_yaml_value_is_refused_in_one_short_line(tmp_path, monkeypatch):
    """Every pattern on user text is bounded: the value is refused, not matched, and not echoed whole."""
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": "period: Q4\nmeasures:\n  VS101: {value: " + "9" * 50_000_000 + "}\n"})
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml"])
    assert result.exit_code == 2
    assert result.stderr == (
        "error: q.yaml:3: measure VS101: value: '999999999999999999999999999999...' (50,000,000 characters) is too "
        "long to be a number; write a number such as 69.8, 69.8%, 28,553 or £2,000,000\n"
    )


@pytest.mark.slow
def test_ctrl_c_while_the_command_is_still_loading_exits_130_quietly(tmp_path):
    """The interruption is handled before click and the rest load (as if Ctrl-C came in the first 30 ms)."""
    interrupt_while_loading = (
        "import builtins, sys\n"
        "real = builtins.__import__\n"
        "def importing(name, *args, **kwargs):\n"
        "    if name == 'click':\n"
        "        raise KeyboardInterrupt\n"
        "    return real(name, *args, **kwargs)\n"
        "builtins.__import__ = importing\n"
        "from ragcalc.__main__ import run\n"
        "run()\n"
    )
    command = [sys.executable, "-c", interrupt_while_loading, "--version"]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    assert (result.returncode, result.stderr, result.stdout) == (130, "ragcalc: interrupted\n", "")


def test_output_onto_a_symlink_writes_through_to_its_target_and_keeps_the_link(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    (tmp_path / "reports").mkdir()
    (tmp_path / "reports" / "latest.txt").write_text("old")
    os.symlink("reports/latest.txt", tmp_path / "latest.txt")
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "-o", "latest.txt"])
    assert result.exit_code == 0
    assert os.path.islink(tmp_path / "latest.txt")
    assert (tmp_path / "reports" / "latest.txt").read_text().startswith("Scorecard: Q4")
    assert sorted(os.listdir(tmp_path / "reports")) == ["latest.txt"]  # no temporary left beside the target


def test_output_through_a_symlink_onto_the_input_is_refused(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(str(tmp_path), {"q.yaml": OK})
    os.symlink("q.yaml", tmp_path / "out.txt")
    result = CliRunner().invoke(main, ["evaluate", "q.yaml", "--rules", "rules.yaml", "-o", "out.txt"])
    assert result.exit_code == 2
    assert result.stderr == "error: out.txt: --output would overwrite the input file q.yaml; choose another name\n"


@pytest.mark.slow
@pytest.mark.skipif(not columnar.available(), reason="the fast extra (pyarrow, numpy) is not installed")
@pytest.mark.parametrize("rows", ["", "Z,Apr-22,5\n"], ids=["no rows", "an unknown id"])
def test_bad_input_read_by_columns_exits_2_every_time(tmp_path, rows):
    """pyarrow's reading threads, still winding down as the process exits at once after the error, made it abort
    (exit 134) as often as not; a read on the calling thread leaves none."""
    (tmp_path / "rules.yaml").write_text("measures:\n  - {id: A, polarity: higher, target: 5}\n", encoding="utf-8")
    (tmp_path / "h.csv").write_text(f"id,period,value\n{rows}", encoding="utf-8")
    command = [sys.executable, "-m", "ragcalc", "trend", "h.csv", "--rules", "rules.yaml", "--engine", "fast"]
    codes = [subprocess.run(command, cwd=tmp_path, capture_output=True, check=False).returncode for _ in range(6)]
    assert codes == [2] * 6
