# SPDX-License-Identifier: GPL-2.0-only
"""The three build descriptions (standalone CMake, in-tree build_lib, waf wscript) agree with the
files on disk, so the modes CI does not build still list every source."""
import glob
import os
import re
import subprocess

SOURCE_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def on_disk(folder, ext):
    return {os.path.relpath(p, SOURCE_DIR) for p in glob.glob(os.path.join(SOURCE_DIR, folder, "*" + ext))}


def cmake_list(name):
    text = open(os.path.join(SOURCE_DIR, "CMakeLists.txt")).read()
    body = re.search(r"set\(%s\n(.*?)\)" % name, text, re.S).group(1)
    return set(body.split())


def test_cmake_lists_every_source_and_header():
    sources = on_disk("model", ".cc") | on_disk("helper", ".cc")
    headers = on_disk("model", ".h") | on_disk("helper", ".h")
    assert cmake_list("ipsec_model_sources") | cmake_list("ipsec_helper_sources") == sources
    assert cmake_list("ipsec_headers") == headers
    examples = {os.path.basename(p)[:-3] for p in on_disk("examples", ".cc")}
    assert cmake_list("ipsec_examples") == examples


class FakeTask:
    def __init__(self):
        self.use = []
        self.source = []


class FakeBuild:
    """Records what wscript's build() asks of waf."""

    def __init__(self):
        self.tasks = []
        self.env = type("Env", (), {"ENABLE_EXAMPLES": True})()

    def create_ns3_module(self, name, deps):
        assert name == "ipsec"
        self.module = FakeTask()
        return self.module

    def create_ns3_program(self, name, deps):
        task = FakeTask()
        task.name = name
        self.tasks.append(task)
        return task

    def __call__(self, features):
        self.headers = FakeTask()
        return self.headers


def test_wscript_lists_every_source_header_and_example():
    namespace = {}
    exec(open(os.path.join(SOURCE_DIR, "wscript")).read(), namespace)
    bld = FakeBuild()
    namespace["build"](bld)
    assert set(bld.module.source) == on_disk("model", ".cc") | on_disk("helper", ".cc")
    assert set(bld.headers.source) == on_disk("model", ".h") | on_disk("helper", ".h")
    assert {t.source for t in bld.tasks} == on_disk("examples", ".cc")


def test_in_tree_build_lib_branch():
    result = subprocess.run(
        ["cmake", "-DSRC=" + SOURCE_DIR, "-P", os.path.join(SOURCE_DIR, "test", "check-build-lib.cmake")],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "build_lib ipsec" in result.stdout + result.stderr
